#!/usr/bin/env node
// Benchmark (not a test): Grad-CAM time per image for a classifier on the bundled MobileNet V2
// 0.35 @ 224 base (ImageNet weights, shipped in models/bundled), against one plain prediction of
// the same image in the same run, so the figures compare as ratios on any machine. The head is
// random: its weights do not change the time. Needs `npm run build` (reads dist/).
// Usage: node scripts/bench-explain.js [--images 8]
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { noisyJpegs, writeRandomHeadModel } from './shared/randomHeadModel.js';

const { values: flags } = parseArgs({ options: { images: { type: 'string', default: '8' } } });
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const { scalePixels } = await dist('common/preprocessing.js');
const { decodeForModel } = await dist('node/adapters/image/decode.js');
const { createEmbedder } = await dist('node/services/embedding/embedder.js');
const { openExplainer } = await dist('node/services/explain/explainer.js');

const classes = ['cat', 'dog', 'bird'];
const { dir, modelDir, base, classifier } = await writeRandomHeadModel({
  classes,
  prefix: 'bench-explain-',
});
// Camera-sized noisy photos, so decoding and the overlay's size are realistic.
const count = Number(flags.images);
const images = await noisyJpegs(640, 480, count);

const perImage = async (fn) => {
  await fn(images[0]); // warm-up: sessions, kernels
  const start = performance.now();
  for (const image of images) await fn(image);
  return (performance.now() - start) / images.length;
};

// Baseline: one plain prediction as predict and Evaluate run it (the whole classifier in onnxruntime).
const { embedder } = await createEmbedder(classifier);
const predictMs = await perImage(async (image) => {
  const decoded = await decodeForModel(image, base.preprocessing);
  await embedder.embed(scalePixels(decoded.data, base.preprocessing), 1);
});
await embedder.dispose();

const rows = [['plain prediction (onnxruntime, whole classifier)', predictMs]];
for (const engine of ['auto', 'tfjs']) {
  const explainer = await openExplainer(modelDir, { engine });
  const label = `Grad-CAM, base in ${explainer.engine}`;
  rows.push([`${label}: map + heatmap`, await perImage((image) => explainer.explain(image))]);
  rows.push([
    `${label}: map + heatmap + 640×480 overlay PNG`,
    await perImage(async (image) => explainer.overlay(image, await explainer.explain(image))),
  ]);
  await explainer.dispose();
}
console.log(`${count} images, 640×480 JPEG, MobileNet V2 0.35 @ 224 (bundled weights)`);
for (const [name, ms] of rows)
  console.log(
    `${name.padEnd(64)} ${ms.toFixed(1).padStart(7)} ms/image  ×${(ms / predictMs).toFixed(1)}`,
  );
console.log(`tf.memory().numTensors at the end: ${tf.memory().numTensors}`);
await rm(dir, { recursive: true, force: true });
