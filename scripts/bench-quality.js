#!/usr/bin/env node
// Benchmark (not a test): does the default recipe learn well? Three tasks — the emoji domain shift
// in both directions (train on one artist's emoji, test on another's, 6 Unicode categories) and
// Fashion-MNIST — each trained with the default recipe (through `train`'s own path), the
// hand-written reference of issue #15, the default before #15 ("previous", through the same path;
// `--no-previous` leaves it out) and, when the app has it, from scratch; accuracy, wall time
// and the spread over seeds. `--recipes default,refit,…` picks the app recipes to compare (see
// quality/recipes.js; default: default,previous), `--tasks emoji,fashion` the tasks (substrings),
// `--no-reference` leaves the reference out. `--heads a,b,…` also measures head variants on the
// cached features alone, through the engine's phase 1 and refit (quality/headVariants.js: mixup,
// ensembles, L2-normalised features, a width chosen by validation); `--recipes none` skips `train`.
// QUALITY_ENGINE=<folder URL> loads the engine from another build than dist/. Timings share the CPU with whatever else runs: compare them as ratios
// within one run. `--quick`: one seed and fewer images. `--json`: one JSON object as the last line.
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fashionMnistAvailable, writeFashionMnist } from './fashionMnist.js';
import { writeEmojiSets } from './quality/emojiSets.js';
import {
  accuracyOfModel,
  classesOf,
  DEFAULT_TRAIN_SETTINGS,
  embedFolder,
  startBackend,
  trainThroughProduct,
} from './quality/pipeline.js';
import { headVariantsNamed, headVariantAccuracy } from './quality/headVariants.js';
import { recipesNamed } from './quality/recipes.js';
import { referenceRecipe } from './quality/reference.js';
import { scratchAvailable, scratchRecipe } from './quality/scratch.js';
import { printTable, summarize } from './quality/report.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    cache: { type: 'string' },
    'no-previous': { type: 'boolean', default: false },
    'no-scratch': { type: 'boolean', default: false },
    'no-reference': { type: 'boolean', default: false },
    recipes: { type: 'string' },
    heads: { type: 'string' },
    tasks: { type: 'string' },
  },
});
const recipes = recipesNamed(
  (flags.recipes ?? (flags['no-previous'] ? 'default' : 'default,previous'))
    .split(',')
    .filter((name) => name && name !== 'none'),
);
const heads = headVariantsNamed(flags.heads ? flags.heads.split(',') : []);
const wantedTask = (name) =>
  !flags.tasks || flags.tasks.split(',').some((part) => name.includes(part));
const seeds = Array.from(
  { length: Number(flags.seeds ?? (flags.quick ? 1 : 3)) },
  (_, i) => DEFAULT_TRAIN_SETTINGS.seed + i,
);
const cache = flags.cache ?? join(homedir(), '.cache', 'transfer-studio-bench-quality');
const say = (line) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);

const backend = await startBackend();
say(`tfjs backend: ${backend.label}; seeds ${seeds.join(', ')}; cache ${cache}`);
if (!scratchAvailable) say('from scratch: skipped (this build has no scratch recipe)');
const tasks = await prepareTasks();
const work = await mkdtemp(join(tmpdir(), 'ts-bench-quality-'));
const rows = [];
try {
  for (const task of tasks.filter((t) => wantedTask(t.name))) rows.push(...(await runTask(task)));
} finally {
  await rm(work, { recursive: true, force: true });
}
const summary = summarize(rows);
printTable(summary, say);
if (flags.json)
  console.log(
    JSON.stringify({ quick: flags.quick, seeds, backend: backend.label, results: summary }),
  );

async function prepareTasks() {
  const emoji = await writeEmojiSets(join(cache, 'data'), flags.quick ? { perClass: 40 } : {});
  const list = [
    { name: 'emoji apple→facebook', train: emoji.sets.apple, test: emoji.sets.facebook },
    { name: 'emoji facebook→apple', train: emoji.sets.facebook, test: emoji.sets.apple },
  ];
  if (!wantedTask('fashion-mnist')) return list;
  if (!fashionMnistAvailable()) {
    say(
      "Fashion-MNIST skipped: install Debian's dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist)",
    );
    return list;
  }
  const perClass = flags.quick ? 30 : 100;
  const fashion = join(cache, 'data', `fashion-${perClass}`);
  list.push({
    name: 'fashion-mnist',
    train: await writeFashionMnist(join(fashion, 'train'), 'train', perClass),
    test: await writeFashionMnist(join(fashion, 'test'), 't10k', perClass),
  });
  return list;
}

/** Every recipe and seed on one task; the images are embedded once, through the feature cache. */
async function runTask(task) {
  const classes = await classesOf(task.train);
  const cacheDir = join(cache, 'features');
  const started = performance.now();
  const train = await embedFolder(task.train, cacheDir, classes);
  const test = await embedFolder(task.test, cacheDir, classes);
  say(
    `${task.name}: ${train.labels.length} train / ${test.labels.length} test images, ${classes.length} classes; embedded in ${seconds(started).toFixed(1)} s`,
  );
  const rows = [];
  const record = async (recipe, seed, fn) => {
    const start = performance.now();
    const accuracy = await fn();
    if (accuracy === undefined) return;
    rows.push({ task: task.name, recipe, seed, accuracy, seconds: seconds(start) });
    say(
      `  ${recipe.padEnd(14)} seed ${seed}: ${(accuracy * 100).toFixed(1)}% in ${seconds(start).toFixed(1)} s`,
    );
  };
  const throughProduct = (recipe, seed, settings) =>
    record(recipe, seed, async () => {
      const out = join(work, `${task.name.replace(/\W+/g, '-')}-${recipe}-${seed}`);
      await trainThroughProduct({
        dataset: task.train,
        out,
        cacheDir,
        settings: { ...settings, seed },
      });
      return accuracyOfModel(out, test);
    });
  for (const seed of seeds) {
    for (const recipe of recipes) await throughProduct(recipe.name, seed, recipe.settings);
    for (const { name, variant } of heads)
      await record(`head:${name}`, seed, () =>
        headVariantAccuracy(variant, train, test, classes.length, seed),
      );
    if (!flags['no-reference'])
      await record('reference', seed, () => referenceRecipe(train, test, classes.length, seed));
    if (!flags['no-scratch'])
      await record('scratch', seed, () =>
        scratchRecipe({ task, settings: DEFAULT_TRAIN_SETTINGS, seed, work }),
      );
  }
  return rows;
}

function seconds(since) {
  return (performance.now() - since) / 1000;
}
