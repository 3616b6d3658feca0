#!/usr/bin/env node
// Benchmark (not a test): the feature cache's writes as the embedding pipeline makes them (a
// batch of 5 kB entries, all in flight at once), against the writes before entries carried their
// digest (writeFileAtomically with its two fsyncs an entry), measured in the same run and in
// alternating rounds so that a busy machine slows both alike. Reports CPU (user + system) and
// wall time per entry, and the ratios. Needs a built dist/ (`npx tsc -b`). The folder is on the
// disk the app's cache uses by default (the home folder), not a tmpfs where fsync costs nothing.
//
//   node scripts/bench-feature-cache.js [--entries 1000] [--rounds 3] [--dir DIR] [--json]
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    dir: { type: 'string', default: join(homedir(), '.cache') },
    json: { type: 'boolean', default: false },
  },
});

const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const { FeatureCache } = await dist('node/services/embedding/featureCache.js');
const { writeFileAtomically } = await dist('node/adapters/files/atomicFile.js');
const { mobilenetPreprocessing } = await dist('common/preprocessing.js');

const FLOATS = 1280;
const entryCount = Number(values.entries);
const rounds = Number(values.rounds);

/** The put this change replaced: raw values, written atomically and flushed. */
async function flushedPut(folder, sha256, features) {
  await mkdir(join(folder, sha256.slice(0, 2)), { recursive: true });
  await writeFileAtomically(
    join(folder, sha256.slice(0, 2), `${sha256}.f32`),
    new Uint8Array(features.buffer, features.byteOffset, features.byteLength),
  );
}

function entries(round) {
  return Array.from({ length: entryCount }, (_, i) => {
    const sha256 = createHash('sha256').update(`${round}/${i}`).digest('hex');
    const features = new Float32Array(FLOATS).map((_, j) => ((i * 31 + j) % 97) / 16);
    return { sha256, features };
  });
}

async function measure(put, round) {
  const items = entries(round);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(items.map(({ sha256, features }) => put(sha256, features)));
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return {
    cpuMsPerEntry: (user + system) / 1000 / entryCount,
    wallMsPerEntry: wallMs / entryCount,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await mkdir(values.dir, { recursive: true });
const root = await mkdtemp(join(values.dir, 'ts-bench-feature-cache-'));
try {
  const key = {
    weights: 'b'.repeat(64),
    preprocessing: mobilenetPreprocessing(224),
    featureShape: [FLOATS],
    view: 'original',
    version: 1,
  };
  const cache = await FeatureCache.open(root, key, FLOATS);
  const before = [];
  const after = [];
  for (let round = 0; round < rounds; round++) {
    before.push(await measure((sha, f) => flushedPut(join(root, 'flushed'), sha, f), `b${round}`));
    after.push(await measure((sha, f) => cache.put(sha, f), `a${round}`));
  }
  const summary = (runs) => ({
    cpuMsPerEntry: Number(median(runs.map((r) => r.cpuMsPerEntry)).toFixed(3)),
    wallMsPerEntry: Number(median(runs.map((r) => r.wallMsPerEntry)).toFixed(3)),
  });
  const result = {
    entries: entryCount,
    rounds,
    before: summary(before),
    after: summary(after),
  };
  result.cpuRatio = Number((result.before.cpuMsPerEntry / result.after.cpuMsPerEntry).toFixed(2));
  result.wallRatio = Number(
    (result.before.wallMsPerEntry / result.after.wallMsPerEntry).toFixed(2),
  );
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(
      `${entryCount} entries of ${FLOATS} floats, median of ${rounds} rounds, in ${values.dir}`,
    );
    console.log(
      `before (2 fsyncs an entry): ${result.before.cpuMsPerEntry} ms CPU, ${result.before.wallMsPerEntry} ms wall an entry`,
    );
    console.log(
      `after (digest, no fsync):   ${result.after.cpuMsPerEntry} ms CPU, ${result.after.wallMsPerEntry} ms wall an entry`,
    );
    console.log(`CPU ${result.cpuRatio}× less, wall ${result.wallRatio}× faster`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
