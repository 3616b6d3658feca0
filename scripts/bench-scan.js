#!/usr/bin/env node
// Benchmark (not a test): scans a generated tree of many small images and reports time and peak
// RSS of the scanning process. Usage: npm run bench:scan -- [--files 100000] [--fast]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '100000' },
    classes: { type: 'string', default: '10' },
    fast: { type: 'boolean', default: false },
    'scan-only': { type: 'string' },
  },
});

if (values['scan-only']) {
  const { scanDataset } = await import('../dist/src/node/services/dataset/scanner.js');
  const started = performance.now();
  const report = await scanDataset(values['scan-only'], {
    verify: values.fast ? 'header' : 'decode',
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      files: report.files,
      classes: report.classes.length,
      warnings: report.warnings.map((w) => w.code),
      seconds: Number(seconds.toFixed(1)),
      filesPerSecond: Math.round(report.files.seen / seconds),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  process.exit(0);
}

const { encodeBmp } = await import('../dist/src/node/testing/images.js');
const fileCount = Number(values.files);
const classCount = Number(values.classes);
const root = join(tmpdir(), `transfer-studio-bench-${fileCount}x${classCount}`);

/** A 16×16 BMP whose pixels encode `index`, so every file is distinct. */
function uniqueBmp(index) {
  const rgb = new Uint8Array(16 * 16 * 3);
  for (let p = 0; p < rgb.length; p++) rgb[p] = (p * 40503) % 256;
  new DataView(rgb.buffer).setUint32(0, index);
  return encodeBmp(16, 16, rgb);
}

if (!existsSync(join(root, '.complete'))) {
  console.error(`Generating ${fileCount} images in ${root} ...`);
  for (let c = 0; c < classCount; c++) await mkdir(join(root, `class-${c}`), { recursive: true });
  for (let i = 0; i < fileCount; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(fileCount, i + 500); j++) {
      batch.push(writeFile(join(root, `class-${j % classCount}`, `img-${j}.bmp`), uniqueBmp(j)));
    }
    await Promise.all(batch);
  }
  await writeFile(join(root, '.complete'), '');
}

const script = new URL(import.meta.url).pathname;
const args = [script, '--scan-only', root, ...(values.fast ? ['--fast'] : [])];
const result = JSON.parse(
  execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 }),
);
console.log(
  `Scanned ${result.files.seen} files in ${result.classes} classes: ${result.seconds} s, ${result.filesPerSecond} files/s, peak RSS ${result.peakRssMB} MB (verify: ${values.fast ? 'header' : 'decode'})`,
);
console.log(JSON.stringify(result));
