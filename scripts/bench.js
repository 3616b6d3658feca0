#!/usr/bin/env node
// Benchmark (not a test): where the time of transfer learning goes on this machine, measured in
// one run so the figures compare as ratios. Needs ../shared/models (real MobileNet V2 weights) and
// Debian's dataset-fashion-mnist for the end-to-end part; says so and skips what it cannot run.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { fashionMnistAvailable, writeFashionMnist } from './fashionMnist.js';

const { values: flags } = parseArgs({
  options: { train: { type: 'string', default: '100' }, test: { type: 'string', default: '100' } },
});
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const { loadBackend } = await dist('node/adapters/backend/loadBackend.js');
const { loadBasePack } = await dist('node/services/models/loadPack.js');
const { catalogEntry } = await dist('engine/catalog/catalog.js');
const { layersModelToOnnx } = await dist('engine/onnx/layersToOnnx.js');
const { OrtRunner } = await dist('node/adapters/onnx/ortSession.js');
const { createEmbedder } = await dist('node/services/embedding/embedder.js');
const { trainHead } = await dist('engine/training/trainHead.js');
const { fitOnArrays } = await dist('engine/training/fitOnArrays.js');
const { splitAtFreezeLine } = await dist('engine/training/fineTune.js');
const { attachHead } = await dist('engine/training/head.js');
const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const teachable = join(root, '..', 'shared', 'models', 'mobilenet_v2_0.35_224_teachable');
const backend = await loadBackend({});
console.log(
  `tfjs backend: ${backend.label}${backend.wasm ? ` (SIMD ${backend.wasm.simd}, threads ${backend.wasm.threads})` : ''}`,
);
const realWeights = existsSync(teachable);
console.log(
  realWeights
    ? `base: MobileNet V2 0.35 @ 224 with ImageNet weights (${teachable})`
    : `base: MobileNet V2 0.35 @ 224 with RANDOM weights: ${teachable} is absent (throughput only; accuracy parts skipped)`,
);
const base = realWeights
  ? (await loadBasePack(teachable)).model
  : catalogEntry('mobilenet_v2_0.35_224').build();

const seconds = async (fn) => {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
};
const randomBatch = (n) => tf.randomUniform([n, 224, 224, 3], -1, 1, 'float32', 1);

// 1. Embedding throughput per engine, same graph, batch 32.
const batch = randomBatch(32);
const pixels = batch.dataSync();
const runner = await OrtRunner.create(layersModelToOnnx(base), { threads: 2 });
await runner.run(pixels, [32, 224, 224, 3]);
const ortSeconds = await seconds(async () => {
  for (let i = 0; i < 4; i++) await runner.run(pixels, [32, 224, 224, 3]);
});
const ortRate = 128 / ortSeconds;
const { embedder: ortEmbedder } = await createEmbedder(base, 'onnxruntime', 2);
await ortEmbedder.embed(pixels, 32);
const pipelineSeconds = await seconds(async () => {
  for (let i = 0; i < 4; i++) await ortEmbedder.embed(pixels, 32);
});
const { embedder: wasmEmbedder } = await createEmbedder(base, 'tfjs');
await wasmEmbedder.embed(pixels, 32);
const wasmRate = 32 / (await seconds(() => wasmEmbedder.embed(pixels, 32)));
await tf.setBackend('cpu');
const small = randomBatch(4);
const cpuRate =
  4 / (await seconds(() => new Promise((resolve) => resolve(base.predict(small).dataSync()))));
await tf.setBackend(
  backend.backend === 'wasm' ? 'wasm' : backend.backend === 'cpu' ? 'cpu' : 'tensorflow',
);
console.log('\n1. Frozen base, images/s (batch 32 at 224×224):');
console.log(`   onnxruntime-node, raw session (2 threads)   ${ortRate.toFixed(1)}`);
console.log(
  `   onnxruntime-node, through the app's embedder ${(128 / pipelineSeconds).toFixed(1)}  (overhead ${(100 * (1 - ortSeconds / pipelineSeconds)).toFixed(1)}%)`,
);
console.log(
  `   tfjs ${backend.backend}                              ${wasmRate.toFixed(1)}  → onnxruntime is ${(ortRate / wasmRate).toFixed(1)}× faster`,
);
console.log(
  `   tfjs cpu (batch 4)                            ${cpuRate.toFixed(2)}  → onnxruntime is ${(ortRate / cpuRate).toFixed(0)}× faster`,
);

// 2. Phase 1: an epoch on cached features vs an epoch that re-runs the base.
const n = 1000;
const features = new Float32Array(n * 1280).map(() => Math.random());
const labels = Array.from({ length: n }, (_, i) => i % 10);
const settings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 3 },
  earlyStoppingPatience: 0,
};
const phase1 = await trainHead({
  featureShape: [1280],
  classCount: 10,
  train: { features, labels },
  validation: undefined,
  settings,
});
const cachedEpoch = phase1.history.reduce((sum, m) => sum + m.seconds, 0) / phase1.history.length;
phase1.head.dispose();
const rerunEpoch = cachedEpoch + n / ortRate;
console.log(
  `\n2. Phase 1 epoch over ${n} images: ${(cachedEpoch * 1000).toFixed(0)} ms on cached features vs ${rerunEpoch.toFixed(1)} s re-running the base in onnxruntime (${(rerunEpoch / cachedEpoch).toFixed(0)}×)`,
);

// 3. Phase 2 epoch (blocks 14–16 unfrozen) with and without the freeze-line cache, 64 images.
const m = 64;
const images = randomBatch(m);
const imageData = images.dataSync();
const labels2 = Array.from({ length: m }, (_, i) => i % 10);
const tuneSettings = { ...settings, unfreezeFrom: 14, phase2: { ...settings.phase2, epochs: 1 } };
const headModel = (
  await trainHead({
    featureShape: [1280],
    classCount: 10,
    train: { features: features.subarray(0, m * 1280), labels: labels2 },
    validation: undefined,
    settings: { ...settings, phase1: { ...settings.phase1, epochs: 1 } },
  })
).head;
const split = splitAtFreezeLine(base, 'mobilenet_v2', tuneSettings);
const lower = tf.model({ inputs: base.inputs, outputs: base.getLayer(split.cutLayer).output });
const cutRunner = await OrtRunner.create(layersModelToOnnx(lower), { threads: 2 });
const activations = (await cutRunner.run(imageData, [m, 224, 224, 3])).data;
const upperModel = attachHead(split.upper, headModel, settings.head, 10);
const withCache = await fitOnArrays(upperModel, 2, tuneSettings.phase2, {
  featureShape: split.cutShape,
  classCount: 10,
  train: { features: activations, labels: labels2 },
  validation: undefined,
  settings: tuneSettings,
});
const fullModel = attachHead(base, headModel, settings.head, 10);
const withoutCache = await fitOnArrays(fullModel, 2, tuneSettings.phase2, {
  featureShape: [224, 224, 3],
  classCount: 10,
  train: { features: imageData, labels: labels2 },
  validation: undefined,
  settings: tuneSettings,
});
const [a, b] = [withCache.history[0].seconds, withoutCache.history[0].seconds];
console.log(
  `\n3. Phase 2 epoch over ${m} images, blocks 14–16 unfrozen (tfjs ${backend.backend}): ${a.toFixed(2)} s on activations cached at ${split.cutLayer} vs ${b.toFixed(2)} s through the whole network (${(b / a).toFixed(1)}×)`,
);

// 4. End to end on 1,000 real Fashion-MNIST images, transfer vs from scratch.
if (!fashionMnistAvailable() || !realWeights) {
  console.log(
    "\n4. skipped: needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) and ../shared/models",
  );
} else {
  const { runTraining } = await dist('node/services/training/runTraining.js');
  const { predictProbabilities } = await dist('node/services/training/predictImages.js');
  const { loadTrainedModel } = await dist('node/services/training/loadTrainedModel.js');
  const { scanDataset } = await dist('node/services/dataset/scanner.js');
  const { evaluatePredictions } = await dist('common/evaluation.js');
  const { readFile } = await import('node:fs/promises');
  const work = await mkdtemp(join(tmpdir(), 'transfer-studio-bench-'));
  const perClass = Number(flags.train);
  const trainDir = await writeFashionMnist(
    join(tmpdir(), `fashion-mnist-train-${perClass}`),
    'train',
    perClass,
  );
  const testDir = await writeFashionMnist(
    join(tmpdir(), `fashion-mnist-test-${flags.test}`),
    't10k',
    Number(flags.test),
  );
  const testReport = await scanDataset(testDir);
  const testItems = testReport.images.map((i) => ({
    sha256: i.sha256,
    read: () => readFile(join(testDir, i.path)),
  }));
  const testLabels = (classes) => testReport.images.map((i) => classes.indexOf(i.className));
  let result;
  const total = await seconds(async () => {
    result = await runTraining({
      dataset: trainDir,
      base: teachable,
      out: join(work, 'model'),
      settings: DEFAULT_TRAIN_SETTINGS,
      cacheDir: join(work, 'cache'),
    });
  });
  const trained = await loadTrainedModel(join(work, 'model'));
  const { probabilities } = await predictProbabilities(
    trained.model,
    trained.metadata.preprocessing,
    testItems,
  );
  const transfer = evaluatePredictions(probabilities, testLabels(result.classes), result.classes);
  console.log(
    `\n4. Fashion-MNIST, ${perClass * 10} images (80% train / 20% validation, default recipe, phase 1): ${total.toFixed(1)} s end to end (${Object.entries(
      result.timings,
    )
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')})`,
  );
  console.log(
    `   transfer (MobileNet V2 0.35, ImageNet): ${(transfer.accuracy * 100).toFixed(1)}% on ${transfer.count} test images`,
  );
  // From scratch: the small CNN on the very same 80% training split, measured on the same test images.
  const { splitDataset } = await dist('common/split.js');
  const { buildSmallCnn } = await dist('engine/smallCnn.js');
  const { decodeImagesForModel } = await dist('node/adapters/image/decodeBatch.js');
  const { mobilenetPreprocessing } = await dist('common/preprocessing.js');
  const trainReport = await scanDataset(trainDir);
  const split = splitDataset(trainReport.images, {
    validation: DEFAULT_TRAIN_SETTINGS.validationSplit,
    seed: DEFAULT_TRAIN_SETTINGS.seed,
  });
  const size = 32;
  const prep = { ...mobilenetPreprocessing(size), resize: 'stretch' };
  const pixelsOf = (dir, list) =>
    decodeImagesForModel(
      list.map((i) => () => readFile(join(dir, i.path))),
      prep,
    );
  const classes = result.classes;
  const labelsOf = (list) => list.map((i) => classes.indexOf(i.className));
  const cnn = buildSmallCnn({ inputSize: size, classCount: classes.length, seed: 7 });
  const train = { features: await pixelsOf(trainDir, split.train), labels: labelsOf(split.train) };
  const validation = {
    features: await pixelsOf(trainDir, split.validation),
    labels: labelsOf(split.validation),
  };
  const scratchSettings = {
    ...DEFAULT_TRAIN_SETTINGS,
    classWeights: 'none',
    earlyStoppingPatience: 0,
    reduceLearningRatePatience: 0,
  };
  const scratchPhase = { epochs: 30, learningRate: 0.003, optimizer: 'adam', batchSize: 16 };
  const scratchSeconds = await seconds(() =>
    fitOnArrays(cnn, 1, scratchPhase, {
      featureShape: [size, size, 3],
      classCount: classes.length,
      train,
      validation,
      settings: scratchSettings,
    }),
  );
  const testPixels = await pixelsOf(testDir, testReport.images);
  const predicted = Array.from(
    cnn
      .predict(tf.tensor4d(testPixels, [testReport.images.length, size, size, 3]))
      .argMax(-1)
      .dataSync(),
  );
  const truth = testLabels(classes);
  const scratchAccuracy = predicted.filter((p, i) => p === truth[i]).length / truth.length;
  console.log(
    `   from scratch (small CNN, 32×32, 30 epochs, same ${split.train.length} training images): ${(scratchAccuracy * 100).toFixed(1)}% on the same test images, ${scratchSeconds.toFixed(1)} s of training`,
  );
  console.log(
    `   transfer − scratch: ${((transfer.accuracy - scratchAccuracy) * 100).toFixed(1)} points`,
  );
  await rm(work, { recursive: true, force: true });
}
