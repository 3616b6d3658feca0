// Benchmark part (not a test), used by scripts/bench.js: a phase-2 (fine-tuning) epoch on
// activations cached at the freeze line, the app's kernels against the first ones (the baseline,
// `useBaselineTrainingKernels`) in the same run, a per-kernel profile of one training step, the
// FLOPs of the unfrozen part and the fraction of the machine's matrix-product peak they reach.
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);

const tf = await dist('engine/tf.js');
const { splitAtFreezeLine } = await dist('engine/training/fineTune.js');
const { buildHead, attachHead } = await dist('engine/training/head.js');
const { fitOnArrays } = await dist('engine/training/fitOnArrays.js');
const { createOptimizer, crossEntropy } = await dist('engine/training/trainingArrays.js');
const { useBaselineTrainingKernels } = await dist('engine/kernels/registerTrainingKernels.js');
const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');
const { layersModelToOnnx } = await dist('engine/onnx/layersToOnnx.js');
const { OrtRunner } = await dist('node/adapters/onnx/ortSession.js');

const CLASSES = 10;

/** Forward multiply-adds ×2 of the convolutions and dense layers of `model`, per example. */
export function forwardFlops(model) {
  let flops = 0;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const out = layer.outputShape;
    const input = layer.inputSpec?.[0]?.shape ?? layer.input?.shape;
    const cin = Array.isArray(input) ? input.at(-1) : undefined;
    if (kind === 'Conv2D') {
      const [kh, kw] = layer.kernelSize;
      flops += 2 * out[1] * out[2] * kh * kw * cin * out[3];
    } else if (kind === 'DepthwiseConv2D') {
      const [kh, kw] = layer.kernelSize;
      flops += 2 * out[1] * out[2] * kh * kw * out[3];
    } else if (kind === 'Dense') {
      flops += 2 * cin * out.at(-1);
    }
  }
  return flops;
}

/**
 * Kernel time per kernel name for one training step, the mean of `steps` steps (a busy machine
 * preempts single kernels); scopes (customGrad, ops) are left out, their kernels are counted.
 */
async function profileStep(model, x, y, steps = 3) {
  const backend = tf.getBackend();
  const byKernel = new Map();
  for (let step = 0; step < steps; step++) {
    const info = await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    });
    for (const k of info.kernels) {
      if (tf.getKernel(k.name, backend) === undefined) continue;
      const ms = await k.kernelTimeMs;
      const mean = (typeof ms === 'number' ? ms : 0) / steps;
      byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + mean);
    }
  }
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  return [...byKernel]
    .sort((a, b) => b[1] - a[1])
    .map(([kernel, ms]) => ({
      kernel,
      ms: Number(ms.toFixed(2)),
      share: Number((ms / total).toFixed(3)),
    }));
}

/**
 * One phase-2 configuration: `base` cut at `unfreezeFrom`, `images` random images run through the
 * frozen part by onnxruntime, then a profiled step and `repeats` epochs on each kernel set.
 */
export async function measurePhase2({
  base,
  unfreezeFrom,
  images = 64,
  batchSize = 32,
  baseline = true,
  repeats = 2,
  log = console.log,
}) {
  const backend = tf.getBackend();
  const settings = {
    ...DEFAULT_TRAIN_SETTINGS,
    unfreezeFrom,
    earlyStoppingPatience: 0,
    reduceLearningRatePatience: 0,
    phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: 1, batchSize },
  };
  const split = splitAtFreezeLine(base, 'mobilenet_v2', settings);
  const lower = tf.model({ inputs: base.inputs, outputs: base.getLayer(split.cutLayer).output });
  const pixels = tf.tidy(() =>
    tf.randomUniform([images, 224, 224, 3], -1, 1, 'float32', 1).dataSync(),
  );
  const runner = await OrtRunner.create(layersModelToOnnx(lower), { threads: 2 });
  const activations = (await runner.run(pixels, [images, 224, 224, 3])).data;
  await runner.release();
  const labels = Array.from({ length: images }, (_, i) => i % CLASSES);
  const head = buildHead([base.outputs[0].shape.at(-1)], settings.head, CLASSES, 1);
  const model = attachHead(split.upper, head, settings.head, CLASSES);
  head.dispose();
  const flops = forwardFlops(model);
  const unfrozen = split.upper.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const numbered = unfrozen.map((l) => /^block_(\d+)_/.exec(l.name)?.[1]).filter(Boolean);
  const blocks = [...new Set(numbered)].map((n) => `block_${n}`).concat('top');
  const [x, y] = tf.tidy(() => [
    tf.tensor(activations.subarray(0, batchSize * split.cutShape.reduce((a, b) => a * b, 1)), [
      batchSize,
      ...split.cutShape,
    ]),
    tf.oneHot(tf.tensor1d(labels.slice(0, batchSize), 'int32'), CLASSES).toFloat(),
  ]);
  const profile = async (useBaseline) => {
    useBaselineTrainingKernels(backend, useBaseline);
    model.compile({ optimizer: createOptimizer(settings.phase2), loss: crossEntropy });
    await model.trainOnBatch(x, y);
    const kernels = await profileStep(model, x, y);
    model.optimizer.dispose();
    return kernels;
  };
  const epoch = async (useBaseline) => {
    useBaselineTrainingKernels(backend, useBaseline);
    const fitted = await fitOnArrays(model, 2, settings.phase2, {
      featureShape: split.cutShape,
      classCount: CLASSES,
      train: { features: activations, labels },
      validation: undefined,
      settings,
    });
    return (fitted.history[0].seconds / images) * 1000;
  };
  try {
    const after = { profile: await profile(false), runs: [] };
    const before = baseline ? { profile: await profile(true), runs: [] } : undefined;
    // Interleaved and repeated, the fastest of each kept: the load of a shared machine changes.
    for (let i = 0; i < repeats; i++) {
      after.runs.push(await epoch(false));
      if (before) before.runs.push(await epoch(true));
    }
    after.secondsPer1000Images = Math.min(...after.runs);
    if (before) before.secondsPer1000Images = Math.min(...before.runs);
    useBaselineTrainingKernels(backend, false);
    const result = {
      cutLayer: split.cutLayer,
      blocks,
      images,
      batchSize,
      forwardMflopsPerImage: Number((flops / 1e6).toFixed(1)),
      // Forward, input gradient and weight gradient: about three forward passes.
      trainingGflopPer1000Images: Number(((3 * flops * 1000) / 1e9).toFixed(1)),
      secondsPer1000Images: Number(after.secondsPer1000Images.toFixed(2)),
      runs: after.runs.map((r) => Number(r.toFixed(2))),
      kernelProfile: after.profile,
      ...(before
        ? {
            baselineSecondsPer1000Images: Number(before.secondsPer1000Images.toFixed(2)),
            baselineRuns: before.runs.map((r) => Number(r.toFixed(2))),
            speedup: Number((before.secondsPer1000Images / after.secondsPer1000Images).toFixed(2)),
            baselineKernelProfile: before.profile,
          }
        : {}),
    };
    log(
      `   ${blocks.join(', ')} unfrozen (cut at ${split.cutLayer}, ${result.forwardMflopsPerImage} MFLOP forward per image): ${result.secondsPer1000Images} s per 1,000 images${before ? ` vs ${result.baselineSecondsPer1000Images} s with the first kernels (${result.speedup}×)` : ''}`,
    );
    log(
      `     top kernels: ${after.profile
        .slice(0, 6)
        .map((k) => `${k.kernel} ${(k.share * 100).toFixed(0)}%`)
        .join(', ')}`,
    );
    return result;
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/**
 * The machine's matrix-product peak, measured now: onnxruntime on two threads (what the two cores
 * can do) and tfjs-wasm (one thread, 128-bit SIMD: what phase 2 can use), n×n×n products.
 */
export async function measureMatMulPeak({ n = 1024, repeats = 4 } = {}) {
  const flops = 2 * n ** 3;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 3);
  const wasmMs = [];
  tf.matMul(a, a).dispose();
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const product = tf.matMul(a, a);
    product.dataSync();
    product.dispose();
    wasmMs.push(performance.now() - start);
  }
  const dense = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [n], units: n, useBias: false })],
  });
  let ortGflops;
  try {
    const runner = await OrtRunner.create(layersModelToOnnx(dense), { threads: 2 });
    const input = a.dataSync();
    await runner.run(input, [n, n]);
    let best = Infinity;
    for (let i = 0; i < repeats * 2; i++) {
      const start = performance.now();
      await runner.run(input, [n, n]);
      best = Math.min(best, performance.now() - start);
    }
    await runner.release();
    ortGflops = flops / best / 1e6;
  } finally {
    dense.dispose();
    a.dispose();
  }
  return {
    n,
    onnxruntime2ThreadsGflops: Number(ortGflops.toFixed(1)),
    tfjsGflops: Number((flops / Math.min(...wasmMs) / 1e6).toFixed(1)),
  };
}
