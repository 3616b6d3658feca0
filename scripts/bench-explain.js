#!/usr/bin/env node
// Benchmark (not a test): Grad-CAM time per image for a classifier on the bundled MobileNet V2
// 0.35 @ 224 base (ImageNet weights, shipped in models/bundled), against one plain prediction of
// the same image in the same run, so the figures compare as ratios on any machine. The head is
// random: its weights do not change the time. Needs `npm run build` (reads dist/).
// Usage: node scripts/bench-explain.js [--images 8]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

const { values: flags } = parseArgs({ options: { images: { type: 'string', default: '8' } } });
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const { loadBackend } = await dist('node/adapters/backend/loadBackend.js');
const { loadBasePack } = await dist('node/services/models/loadPack.js');
const { writeLayersModel } = await dist('node/services/models/writeLayersModel.js');
const { buildHead, attachHead } = await dist('engine/training/head.js');
const { DEFAULT_TRAIN_SETTINGS, HEAD_PRESETS } = await dist('common/training.js');
const { scalePixels } = await dist('common/preprocessing.js');
const { decodeForModel } = await dist('node/adapters/image/decode.js');
const { createEmbedder } = await dist('node/services/embedding/embedder.js');
const { openExplainer } = await dist('node/services/explain/explainer.js');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pack = join(root, 'models', 'bundled', 'mobilenet_v2_0.35_224-imagenet');
const backend = await loadBackend({});
console.log(`tfjs backend: ${backend.label}`);

const classes = ['cat', 'dog', 'bird'];
const base = await loadBasePack(pack);
const head = buildHead([1280], HEAD_PRESETS.default, classes.length, 1);
const classifier = attachHead(base.model, head, HEAD_PRESETS.default, classes.length);
const dir = await mkdtemp(join(tmpdir(), 'bench-explain-'));
const modelDir = join(dir, 'model');
const metadata = {
  format: 'transfer-studio-model',
  version: 1,
  classes,
  preprocessing: base.preprocessing,
  base: { name: base.name, source: base.source, kind: base.kind },
  settings: DEFAULT_TRAIN_SETTINGS,
  history: [],
  bestEpoch: 0,
  backend: backend.label,
  embeddingEngine: 'onnxruntime',
  timings: {},
  createdAt: new Date().toISOString(),
  appVersion: '0.0.0',
};
await writeLayersModel(classifier, modelDir, {
  extraFiles: { 'metadata.json': JSON.stringify(metadata) },
});

// Camera-sized noisy photos, so decoding and the overlay's size are realistic.
const count = Number(flags.images);
const images = await Promise.all(
  Array.from({ length: count }, (_, i) => {
    const raw = Buffer.alloc(640 * 480 * 3);
    for (let p = 0; p < raw.length; p++) raw[p] = (p * 7 + i * 131 + ((p >> 5) % 97)) & 255;
    return sharp(raw, { raw: { width: 640, height: 480, channels: 3 } })
      .jpeg()
      .toBuffer();
  }),
);

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
