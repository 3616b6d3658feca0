#!/usr/bin/env node
// Benchmark (not a test): imports, embeds and trains on a 20,000-image dataset in a child process
// and reports that process's peak RSS, plus tf.memory() after a first and a second run (the
// second reuses the feature cache) so a tensor leak shows as growth. Needs Debian's
// dataset-fashion-mnist and ../shared/models (real MobileNet V2 0.35 weights); says so when absent.
// Usage: npm run bench:memory -- [--per-class 2000]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fashionMnistAvailable, writeFashionMnist } from './fashionMnist.js';

const { values } = parseArgs({
  options: {
    'per-class': { type: 'string', default: '2000' },
    child: { type: 'string' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const teachable = join(root, '..', 'shared', 'models', 'mobilenet_v2_0.35_224_teachable');
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);

if (values.child) {
  await measureInThisProcess(values.child);
  process.exit(0);
}

if (!fashionMnistAvailable() || !existsSync(teachable)) {
  console.log(
    `skipped: needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) and ${teachable}`,
  );
  process.exit(0);
}
const perClass = Number(values['per-class']);
console.error(`Writing ${perClass * 10} Fashion-MNIST images (first run only) ...`);
const dataset = await writeFashionMnist(
  join(tmpdir(), `fashion-mnist-train-${perClass}`),
  'train',
  perClass,
);
const script = fileURLToPath(import.meta.url);
const report = JSON.parse(
  execFileSync(process.execPath, [script, '--child', dataset], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  }),
);
console.log(
  `${report.images} images: import + embed + train ${report.firstRunSeconds} s (${report.backend} backend), ` +
    `peak RSS ${report.peakRssMB} MB; tf.memory() after run 1: ${report.tensorsAfterFirst} tensors / ` +
    `${report.bytesAfterFirstMB} MB, after run 2 (cached features, ${report.secondRunSeconds} s): ` +
    `${report.tensorsAfterSecond} tensors / ${report.bytesAfterSecondMB} MB`,
);
console.log(JSON.stringify(report));

async function measureInThisProcess(dataset) {
  const tf = await import('@tensorflow/tfjs');
  const { runTraining } = await dist('node/services/training/runTraining.js');
  const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');
  const work = await mkdtemp(join(tmpdir(), 'transfer-studio-bench-memory-'));
  try {
    const run = async (name) => {
      const started = performance.now();
      const result = await runTraining({
        dataset,
        base: teachable,
        out: join(work, name),
        settings: DEFAULT_TRAIN_SETTINGS,
        cacheDir: join(work, 'cache'),
        onEvent: (event) => {
          if (event.type === 'embedding' && event.done === event.total) {
            console.error(`  ${name}: embedded ${event.total} (${event.cached} from cache)`);
          }
        },
      });
      return { result, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
    };
    const first = await run('model-1');
    const afterFirst = tf.memory();
    const second = await run('model-2');
    const afterSecond = tf.memory();
    const mb = (bytes) => Math.round(bytes / 2 ** 20);
    console.log(
      JSON.stringify({
        images: first.result.counts.train + first.result.counts.validation,
        backend: first.result.backend,
        firstRunSeconds: first.seconds,
        firstRunTimings: first.result.timings,
        secondRunSeconds: second.seconds,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        tensorsAfterFirst: afterFirst.numTensors,
        bytesAfterFirstMB: mb(afterFirst.numBytes),
        tensorsAfterSecond: afterSecond.numTensors,
        bytesAfterSecondMB: mb(afterSecond.numBytes),
      }),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
