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
  options: {
    train: { type: 'string', default: '100' },
    test: { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
    'phase2-images': { type: 'string', default: '64' },
    'pipeline-images': { type: 'string', default: '300' },
    'no-end-to-end': { type: 'boolean', default: false },
  },
});
/** What `--json` prints as the last line. */
const summary = {};
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const { loadBackend } = await dist('node/adapters/backend/loadBackend.js');
const { loadBasePack } = await dist('node/services/models/loadPack.js');
const { catalogEntry } = await dist('engine/catalog/catalog.js');
const { layersModelToOnnx } = await dist('engine/onnx/layersToOnnx.js');
const { OrtRunner } = await dist('node/adapters/onnx/ortSession.js');
const { createEmbedder } = await dist('node/services/embedding/embedder.js');
const { trainHead } = await dist('engine/training/trainHead.js');
const { fitOnArrays } = await dist('engine/training/fitOnArrays.js');
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

summary.frozenBaseImagesPerSecond = {
  onnxruntime2Threads: Number(ortRate.toFixed(1)),
  embedder: Number((128 / pipelineSeconds).toFixed(1)),
  [`tfjs-${backend.backend}`]: Number(wasmRate.toFixed(1)),
  'tfjs-cpu': Number(cpuRate.toFixed(2)),
};

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
summary.phase1EpochSecondsPer1000Images = Number(cachedEpoch.toFixed(3));
console.log(
  `\n2. Phase 1 epoch over ${n} images: ${(cachedEpoch * 1000).toFixed(0)} ms on cached features vs ${rerunEpoch.toFixed(1)} s re-running the base in onnxruntime (${(rerunEpoch / cachedEpoch).toFixed(0)}×)`,
);

// 3. Phase 2 on activations cached at the freeze line: the app's kernels vs the first ones, a
// per-kernel profile, and the fraction of the machine's matrix-product peak reached.
const { measurePhase2, measureMatMulPeak } = await import('./bench-phase2.js');
const phase2Images = Number(flags['phase2-images']);
console.log(
  `\n3. Phase 2 epoch over ${phase2Images} images (tfjs ${backend.backend}, batch 32), seconds per 1,000 images:`,
);
const peak = await measureMatMulPeak();
const topTwo = await measurePhase2({ base, unfreezeFrom: 15, images: phase2Images });
const fromBlock14 = await measurePhase2({ base, unfreezeFrom: 14, images: phase2Images });
const wide = catalogEntry('mobilenet_v2_1_224');
console.log('   MobileNet V2 1.0 (no 1.0 pack is bundled: RANDOM weights, speed only):');
const wideBase = wide.build();
const wideTopTwo = await measurePhase2({
  base: wideBase,
  unfreezeFrom: 15,
  images: phase2Images,
  baseline: false,
});
wideBase.dispose();
const achieved = (r) => r.trainingGflopPer1000Images / r.secondsPer1000Images;
const fraction = (r, of) => (of ? Number((achieved(r) / of).toFixed(4)) : null);
console.log(
  `   peak (${peak.n}³ matrix product): onnxruntime 2 threads ${peak.onnxruntime2ThreadsGflops} GFLOP/s, tfjs ${backend.backend} ${peak.tfjsGflops} GFLOP/s; phase 2 (0.35, top two blocks) reaches ${achieved(topTwo).toFixed(2)} GFLOP/s = ${(100 * fraction(topTwo, peak.onnxruntime2ThreadsGflops)).toFixed(1)}% of the 2-core peak`,
);
Object.assign(summary, {
  phase2SecondsPer1000Images: topTwo.secondsPer1000Images,
  phase2BaselineSecondsPer1000Images: topTwo.baselineSecondsPer1000Images,
  phase2Speedup: topTwo.speedup,
  phase2Blocks: topTwo.blocks,
  phase2Base: `MobileNet V2 0.35 @ 224 (${realWeights ? 'ImageNet' : 'random'} weights)`,
  phase2Backend: backend.backend,
  phase2KernelProfile: topTwo.kernelProfile,
  phase2BaselineKernelProfile: topTwo.baselineKernelProfile,
  phase2GflopsAchieved: Number(achieved(topTwo).toFixed(2)),
  phase2FractionOf2CorePeak: fraction(topTwo, peak.onnxruntime2ThreadsGflops),
  phase2FractionOfTfjsPeak: fraction(topTwo, peak.tfjsGflops),
  matMulPeak: peak,
  phase2Runs: {
    topTwoBlocks: omitProfiles(topTwo),
    fromBlock14: omitProfiles(fromBlock14),
    width1TopTwoBlocksRandomWeights: omitProfiles(wideTopTwo),
  },
  phase2Width1SecondsPer1000Images: wideTopTwo.secondsPer1000Images,
});

function omitProfiles(run) {
  const rest = { ...run };
  delete rest.kernelProfile;
  delete rest.baselineKernelProfile;
  return rest;
}

// 3b. Files → features on real-size JPEGs (scripts/bench-pipeline.js, engineer-owned elsewhere).
try {
  const { measurePipeline } = await import('./bench-pipeline.js');
  console.log('\n3b. Files → cached features, real-size JPEGs:');
  const pipeline = await measurePipeline({
    images: Number(flags['pipeline-images']),
    before: false,
    log: (line) => console.log(`   ${line}`),
  });
  Object.assign(summary, {
    ortRawImagesPerSecond: pipeline.ortRawImagesPerSecond,
    pipelineImagesPerSecond: pipeline.pipelineImagesPerSecond,
    pipeline,
  });
  console.log(
    `   onnxruntime raw ${pipeline.ortRawImagesPerSecond} images/s, pipeline ${pipeline.pipelineImagesPerSecond} images/s (${(100 * pipeline.ratio).toFixed(0)}%)`,
  );
} catch (error) {
  const reason = `scripts/bench-pipeline.js could not run: ${error?.message ?? error}`;
  console.log(`\n3b. skipped: ${reason}`);
  Object.assign(summary, {
    ortRawImagesPerSecond: null,
    pipelineImagesPerSecond: null,
    pipelineSkipped: reason,
  });
}

// 4. End to end on 1,000 real Fashion-MNIST images, transfer vs from scratch.
if (flags['no-end-to-end']) {
  console.log('\n4. skipped (--no-end-to-end)');
} else if (!fashionMnistAvailable() || !realWeights) {
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

if (flags.json) console.log(JSON.stringify(summary));
