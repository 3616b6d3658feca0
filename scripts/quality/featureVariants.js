#!/usr/bin/env node
// Benchmark (not a test) of what the head is fed, issue #15 item 2: the same default recipe (the
// engine's phase 1 with its validation split, then its refit, as `--heads default` does) on
// features that differ. Variants (`--variants a,b,…`):
//   base        the product's features today (transparent pixels flattened onto the default
//               background, mid grey since issue #15);
//   canvas      transparent pixels read as a browser canvas reads them (fully transparent → black),
//               the default before that;
//   mirror      plus the horizontally mirrored image's features as extra training rows (the
//               training images' mirrors in phase 1, every image's mirror in the refit);
//   bg-white, bg-grey   transparent pixels flattened onto that colour, for training and test;
//   blk:<layer> the final pooled features with the global average pool of <layer>'s output
//               appended (features from more than one block);
//   <variant>+m that variant's features with the mirrored training rows, as `mirror` adds them.
// Every trained model is also scored with test-time flip averaging (`+tta`: the mean of the
// probabilities for the image and its mirror). Features are cached in the bench's feature cache,
// one view per variant, so a rerun trains heads only. `--reference` also trains the hand-written
// reference of issue #15 on each variant's features (without mirrored rows). Usage:
//   nice -n 10 node scripts/quality/featureVariants.js --variants base,mirror --seeds 3 [--tasks emoji]
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fashionMnistAvailable, writeFashionMnist } from '../fashionMnist.js';
import { writeEmojiSets } from './emojiSets.js';
import { BUNDLED_BASE, startBackend } from './pipeline.js';
import { referenceRecipe } from './reference.js';
import { printTable, summarize } from './report.js';

const dist = (path) => import(new URL(`../../dist/src/${path}`, import.meta.url).href);
const tf = await dist('engine/tf.js');
const { embedSplit } = await dist('node/services/training/embedSplit.js');
const { resolveTrainingBase } = await dist('node/services/training/resolveTrainingBase.js');
const { openDatasetSource } = await dist('node/services/dataset/openSource.js');
const { scanSource } = await dist('node/services/dataset/scanner.js');
const { augmentImage } = await dist('node/adapters/augment/augmentImage.js');
const { decodeOnBackground } = await dist('node/adapters/augment/backgrounds.js');
const { trainHead } = await dist('engine/training/trainHead.js');
const { refitHead, refitPlan } = await dist('engine/training/refitHead.js');
const { splitDataset } = await dist('common/split.js');
const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');

const { values: flags } = parseArgs({
  options: {
    variants: { type: 'string', default: 'base,mirror' },
    seeds: { type: 'string', default: '3' },
    'first-seed': { type: 'string' },
    tasks: { type: 'string' },
    members: { type: 'string' },
    reference: { type: 'boolean', default: false },
    cache: { type: 'string' },
  },
});
const variants = flags.variants.split(',').filter(Boolean);
const seeds = Array.from(
  { length: Number(flags.seeds) },
  (_, i) => Number(flags['first-seed'] ?? DEFAULT_TRAIN_SETTINGS.seed) + i,
);
const cache = flags.cache ?? join(homedir(), '.cache', 'transfer-studio-bench-quality');
const settings = flags.members
  ? {
      ...DEFAULT_TRAIN_SETTINGS,
      head: { ...DEFAULT_TRAIN_SETTINGS.head, members: Number(flags.members) },
    }
  : DEFAULT_TRAIN_SETTINGS;
const MIRROR = { flip: true, rotation: 0, zoom: 0, brightness: 0, contrast: 0 };
const say = (line) => process.stdout.write(`${line}\n`);

const backend = await startBackend();
say(`tfjs backend: ${backend.label}; seeds ${seeds.join(', ')}; variants ${variants.join(', ')}`);
const rows = [];
for (const task of await prepareTasks()) rows.push(...(await runTask(task)));
printTable(summarize(rows), say);

async function prepareTasks() {
  const wanted = (name) => !flags.tasks || flags.tasks.split(',').some((p) => name.includes(p));
  const emoji = await writeEmojiSets(join(cache, 'data'));
  const list = [
    { name: 'emoji apple→facebook', train: emoji.sets.apple, test: emoji.sets.facebook },
    { name: 'emoji facebook→apple', train: emoji.sets.facebook, test: emoji.sets.apple },
  ];
  if (fashionMnistAvailable()) {
    const fashion = join(cache, 'data', 'fashion-100');
    list.push({
      name: 'fashion-mnist',
      train: await writeFashionMnist(join(fashion, 'train'), 'train', 100),
      test: await writeFashionMnist(join(fashion, 'test'), 't10k', 100),
    });
  }
  return list.filter((t) => wanted(t.name));
}

async function runTask(task) {
  const train = await openSet(task.train);
  const test = await openSet(task.test, train.classes);
  const out = [];
  try {
    for (const variant of variants) {
      const started = performance.now();
      // `mirror` is `base` plus mirrored training rows; a `+m` suffix adds them to any variant.
      const withMirror = variant === 'mirror' || variant.endsWith('+m');
      const features = variant === 'mirror' ? 'base' : variant.replace(/\+m$/, '');
      const trainViews = { ...(await featuresOf(features, train)), withMirror };
      const testViews = await featuresOf(features, test);
      say(`${task.name} ${variant}: features in ${secondsSince(started).toFixed(1)} s`);
      for (const seed of seeds) {
        const start = performance.now();
        const model = await trainDefault(trainViews, train, { ...settings, seed });
        const plain = accuracyOf(model, [testViews.original], test.labels);
        const tta = accuracyOf(model, [testViews.original, testViews.mirror], test.labels);
        model.dispose();
        const time = secondsSince(start);
        out.push({ task: task.name, recipe: variant, seed, accuracy: plain, seconds: time });
        out.push({ task: task.name, recipe: `${variant}+tta`, seed, accuracy: tta, seconds: time });
        say(
          `  ${variant.padEnd(22)} seed ${seed}: ${pct(plain)} (tta ${pct(tta)}) in ${time.toFixed(1)} s`,
        );
        if (flags.reference) {
          const asSet = (views, set) => ({
            features: views.original,
            shape: [views.size],
            labels: set.labels,
          });
          const reference = await referenceRecipe(
            asSet(trainViews, train),
            asSet(testViews, test),
            train.classes.length,
            seed,
          );
          out.push({ task: task.name, recipe: `${variant}:reference`, seed, accuracy: reference });
          say(`  ${variant.padEnd(22)} seed ${seed}: reference ${pct(reference)}`);
        }
      }
    }
  } finally {
    await train.source.close();
    await test.source.close();
  }
  return out;
}

async function openSet(folder, knownClasses) {
  const source = await openDatasetSource(folder);
  const report = await scanSource(source, {});
  const classes = knownClasses ?? report.classes.filter((c) => c.count > 0).map((c) => c.name);
  const images = report.images.filter((i) => classes.includes(i.className));
  return { source, classes, images, labels: images.map((i) => classes.indexOf(i.className)) };
}

/** The variant's features of every image of a set, and of its mirror (rows in image order). */
async function featuresOf(variant, set) {
  const base = await resolveTrainingBase(BUNDLED_BASE, []);
  const preprocessing =
    variant === 'canvas' ? { ...base.preprocessing, transparency: 'canvas' } : base.preprocessing;
  const embed = (model, view, transform) =>
    embedSplit({
      model,
      images: set.images,
      source: set.source,
      preprocessing,
      cacheDir: join(cache, 'features'),
      view,
      transform,
    });
  const mirror = (image) => augmentImage(image, MIRROR);
  try {
    if (variant.startsWith('bg-')) {
      const colour = { white: [255, 255, 255], grey: [128, 128, 128] }[variant.slice(3)];
      const onBackground = (_, index) =>
        set.source
          .read(set.images[index].path)
          .then((bytes) => decodeOnBackground(bytes, base.preprocessing, colour));
      const original = await embed(base.model, variant, onBackground);
      const mirrored = await embed(base.model, `${variant}:mirror`, async (image, index) =>
        mirror(await onBackground(image, index)),
      );
      return { original: original.values, mirror: mirrored.values, size: original.shape[0] };
    }
    const original = await embed(base.model, 'original');
    const mirrored = await embed(base.model, 'mirror', mirror);
    if (!variant.startsWith('blk:'))
      return { original: original.values, mirror: mirrored.values, size: original.shape[0] };
    const layer = variant.slice(4);
    const pooled = tf.layers.globalAveragePooling2d({}).apply(base.model.getLayer(layer).output);
    const tap = tf.model({ inputs: base.model.inputs, outputs: pooled });
    const extra = await embed(tap, `pool:${layer}`);
    const extraMirror = await embed(tap, `pool:${layer}:mirror`, mirror);
    const width = original.shape[0] + extra.shape[0];
    return {
      original: sideBySide(original.values, original.shape[0], extra.values, extra.shape[0]),
      mirror: sideBySide(mirrored.values, original.shape[0], extraMirror.values, extra.shape[0]),
      size: width,
    };
  } finally {
    base.model.dispose();
  }
}

function sideBySide(a, aSize, b, bSize) {
  const count = a.length / aSize;
  const out = new Float32Array(count * (aSize + bSize));
  for (let row = 0; row < count; row++) {
    out.set(a.subarray(row * aSize, (row + 1) * aSize), row * (aSize + bSize));
    out.set(b.subarray(row * bSize, (row + 1) * bSize), row * (aSize + bSize) + aSize);
  }
  return out;
}

/**
 * The product's default: phase 1 on the training images with 20% held out (the product's split
 * rule), then the refit on every image. With `mirror` rows, the training images' mirrors join
 * phase 1 and every image's mirror joins the refit; validation stays the held-out originals.
 */
async function trainDefault(views, set, runSettings) {
  const { withMirror } = views;
  const items = set.labels.map((label, i) => ({ path: String(i), className: String(label), i }));
  const split = splitDataset(items, {
    validation: runSettings.validationSplit,
    seed: runSettings.seed,
  });
  const trainIdx = split.train.map((item) => item.i);
  const all = set.labels.map((_, i) => i);
  const rowsOf = (indices, mirrored) => {
    const parts = [{ values: views.original, indices }];
    if (mirrored) parts.push({ values: views.mirror, indices });
    return gather(parts, views.size, set.labels);
  };
  const input = { featureShape: [views.size], classCount: set.classes.length };
  const first = await trainHead({
    ...input,
    train: rowsOf(trainIdx, withMirror),
    validation: rowsOf(
      split.validation.map((item) => item.i),
      false,
    ),
    settings: runSettings,
  });
  first.head.dispose();
  const plan = refitPlan(first.history, first.bestEpoch);
  if (!plan) throw new Error('validation kept no epoch');
  const refit = await refitHead(
    { ...input, train: rowsOf(all, withMirror), settings: runSettings },
    plan,
  );
  return refit.head;
}

function gather(parts, size, labels) {
  const count = parts.reduce((sum, p) => sum + p.indices.length, 0);
  const features = new Float32Array(count * size);
  const out = [];
  let row = 0;
  for (const { values, indices } of parts)
    for (const i of indices) {
      features.set(values.subarray(i * size, (i + 1) * size), row++ * size);
      out.push(labels[i]);
    }
  return { features, labels: out };
}

/** Accuracy of the mean of the model's probabilities over the given views of the test images. */
function accuracyOf(model, views, labels) {
  const predicted = tf.tidy(() => {
    const probabilities = views.map((values) =>
      model.predict(tf.tensor2d(values, [labels.length, values.length / labels.length])),
    );
    return tf.addN(probabilities).argMax(-1).dataSync();
  });
  let right = 0;
  labels.forEach((label, i) => (right += predicted[i] === label ? 1 : 0));
  return right / labels.length;
}

function pct(value) {
  return `${(value * 100).toFixed(1)}%`;
}

function secondsSince(start) {
  return (performance.now() - start) / 1000;
}
