#!/usr/bin/env node
// Converts the ImageNet MobileNets in ../shared/models, once, into the model packs committed under
// models/bundled/ (the bases that work out of the box, offline). Run after `npx tsc -b`:
//
//   node scripts/bundle-base.js [--from ../shared/models] [--out models/bundled]
//
// It reuses the app's own loaders (the ones `npm run check:pretrained` checks): the Teachable
// Machine export's MobileNet V2 0.35 backbone is recognised by its weights and put into the catalog
// architecture (its 3-class head dropped); MobileNet V1 0.75 is kept whole, with its 1000-class
// ImageNet head and labels, so `transfer-studio imagenet` can say what it sees, while training
// takes only its backbone (the manifest names the catalog architecture). The packs are checked by
// loading them back, and models/bundled/SHA256SUMS records every file's hash.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    from: { type: 'string', default: join(root, '..', 'shared', 'models') },
    out: { type: 'string', default: join(root, 'models', 'bundled') },
  },
});
const from = resolve(values.from);
const out = resolve(values.out);
const v2Source = join(from, 'mobilenet_v2_0.35_224_teachable');
const v1Source = join(from, 'mobilenet_v1_0.75_224');
if (!existsSync(v2Source) || !existsSync(v1Source)) {
  console.error(`The source models are not in ${from} (see ../shared/models/README.md).`);
  process.exit(1);
}

const { loadBackend } = await import('../dist/src/node/adapters/backend/loadBackend.js');
const { loadBasePack, loadFullLayersModel } =
  await import('../dist/src/node/services/models/loadPack.js');
const { writeLayersModel } = await import('../dist/src/node/services/models/writeLayersModel.js');
const { BUNDLED_PACKS } = await import('../dist/src/node/services/models/bundledPacks.js');
await loadBackend({ flag: 'cpu' });

const LICENSE = 'Apache-2.0 (MobileNet weights, Copyright Google LLC)';
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of a source model's weight files, in model.json's order (what the pack was made from). */
function sourceWeightsSha256(dir) {
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const hash = createHash('sha256');
  for (const group of modelJson.weightsManifest)
    for (const path of group.paths) hash.update(readFileSync(join(dir, path)));
  return hash.digest('hex');
}

async function bundleV2() {
  const spec = BUNDLED_PACKS.base;
  const base = await loadBasePack(v2Source);
  if (base.architecture !== spec.architecture)
    throw new Error(`expected ${spec.architecture}, found ${base.architecture}`);
  console.log(
    `${spec.folder}: dropped the Teachable Machine head (${base.droppedWeights.length} weights)`,
  );
  const manifest = {
    format: 'transfer-studio-model-pack',
    version: 1,
    architecture: spec.architecture,
    name: spec.name,
    source:
      'Keras Applications ImageNet MobileNetV2 (alpha 0.35, 224) weights, taken from the backbone of a Teachable Machine image-model export (github.com/2poyo/TM1, my_model/)',
    license: LICENSE,
    sourceSha256: sourceWeightsSha256(v2Source),
  };
  await writeLayersModel(base.model, join(out, spec.folder), {
    extraFiles: { 'manifest.json': `${JSON.stringify(manifest, null, 2)}\n` },
    overwrite: true,
  });
  base.model.dispose();
}

async function bundleV1() {
  const spec = BUNDLED_PACKS.classifier;
  const full = await loadFullLayersModel(v1Source);
  const metadata = JSON.parse(readFileSync(join(v1Source, 'metadata.json'), 'utf8'));
  const labels = metadata.labels;
  const classes = full.outputs[0].shape.at(-1);
  if (!Array.isArray(labels) || labels.length !== classes)
    throw new Error(`expected ${classes} labels, found ${labels?.length}`);
  const manifest = {
    format: 'transfer-studio-model-pack',
    version: 1,
    architecture: spec.architecture,
    name: spec.name,
    source:
      'tfjs-models MobileNet v1 (alpha 0.75, 224) with its ImageNet head, as published for ml5 (github.com/tangmingsh/ml5featureExtractormodel, mobilenet_v1_0.75_224/)',
    license: LICENSE,
    sourceSha256: sourceWeightsSha256(v1Source),
  };
  await writeLayersModel(full, join(out, spec.folder), {
    extraFiles: {
      'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
      'labels.txt': `${labels.join('\n')}\n`,
    },
    overwrite: true,
  });
  full.dispose();
}

/** Loads each pack back as the app will, and compares it with its source. */
async function check() {
  const probe = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 7);
  const v2 = await loadBasePack(join(out, BUNDLED_PACKS.base.folder));
  const teachable = await loadFullLayersModel(v2Source);
  const v2Diff = tf.tidy(
    () => v2.model.predict(probe).sub(teachable.layers[0].predict(probe)).abs().max().dataSync()[0],
  );
  const v1 = await loadFullLayersModel(join(out, BUNDLED_PACKS.classifier.folder));
  const original = await loadFullLayersModel(v1Source);
  const v1Diff = tf.tidy(
    () => v1.predict(probe).sub(original.predict(probe)).abs().max().dataSync()[0],
  );
  const v1Base = await loadBasePack(join(out, BUNDLED_PACKS.classifier.folder));
  console.log(
    `check: V2 features vs the export's backbone max |diff| ${v2Diff}; V1 probabilities vs the original ${v1Diff}; V1 as a base: ${v1Base.architecture}, ${v1Base.droppedWeights.length} head weights dropped`,
  );
  if (v2Diff !== 0 || v1Diff !== 0) throw new Error('a bundled pack differs from its source');
}

function writeChecksums() {
  const lines = [];
  for (const spec of Object.values(BUNDLED_PACKS)) {
    const dir = join(out, spec.folder);
    for (const name of readdirSync(dir).sort())
      lines.push(`${sha256(readFileSync(join(dir, name)))}  ${spec.folder}/${name}`);
  }
  writeFileSync(join(out, 'SHA256SUMS'), `${lines.join('\n')}\n`);
  console.log(`${relative(root, join(out, 'SHA256SUMS'))}:\n${lines.join('\n')}`);
}

await bundleV2();
await bundleV1();
await check();
writeChecksums();
