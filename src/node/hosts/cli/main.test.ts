import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendReportSchema } from '../../../common/backend.js';
import { scanReportSchema } from '../../../common/dataset.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { makeJpeg, makePng, truncated } from '../../testing/images.js';
import { runCli } from './main.js';
import { memoryIo } from './testIo.js';

describe('transfer-studio CLI', () => {
  let dir: string;
  let dataset: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-cli-'));
    dataset = join(dir, 'mixed');
    await mkdir(join(dataset, 'apples'), { recursive: true });
    await mkdir(join(dataset, 'pears'), { recursive: true });
    await writeFile(join(dataset, 'apples', 'a.jpg'), await makeJpeg(300, 240));
    await writeFile(join(dataset, 'apples', 'broken.jpg'), truncated(await makeJpeg(300, 240)));
    await writeFile(
      join(dataset, 'pears', 'p.png'),
      await makePng(300, 240, { r: 0, g: 200, b: 0 }),
    );
    await writeFile(join(dataset, 'pears', 'notes.txt'), 'hello');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('scan --json prints the report with every file accounted for', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', dataset, '--json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(scanReportSchema.omit({ images: true }).parse(report)).toBeTruthy();
    expect(report.images).toBeUndefined();
    expect(report.classes).toEqual([
      { name: 'apples', count: 1 },
      { name: 'pears', count: 1 },
    ]);
    expect(report.files).toEqual({ seen: 4, imported: 2, skipped: 2 });
    expect(report.skipped.map((s: { path: string; code: string }) => [s.path, s.code])).toEqual([
      ['apples/broken.jpg', 'corrupt-image'],
      ['pears/notes.txt', 'not-an-image'],
    ]);
  });

  it('scan --json --images includes the imported images', async () => {
    const io = memoryIo();
    await runCli(['scan', dataset, '--json', '--images'], io);
    expect(scanReportSchema.parse(JSON.parse(io.out())).images).toHaveLength(2);
  });

  it('scan prints a readable table with reasons by default', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', dataset], io)).toBe(0);
    expect(io.out()).toMatch(/apples\s+1/);
    expect(io.out()).toContain('Files: 4 seen, 2 imported, 2 skipped');
    expect(io.out()).toMatch(/pears\/notes\.txt\s+not an image/);
  });

  it('draws progress on a terminal only', async () => {
    const tty = memoryIo({ tty: true });
    await runCli(['scan', dataset], tty);
    expect(tty.err()).toContain('Scanning');
    const piped = memoryIo();
    await runCli(['scan', dataset], piped);
    expect(piped.err()).toBe('');
  });

  it('exits non-zero with a clear message for a missing path', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', join(dir, 'nowhere')], io)).toBe(1);
    expect(io.err()).toMatch(/^error: No such folder or file: .*nowhere/);
  });

  it.each([
    [['scan'], 2],
    [['scan', 'a', 'b'], 2],
    [['scan', '.', '--min-side', 'big'], 2],
    [['scan', '.', '--bogus'], 2],
    [['launch'], 2],
    [[], 2],
    [['--help'], 0],
    [['scan', '--help'], 0],
  ])('%j exits %i', async (argv, code) => {
    expect(await runCli(argv, memoryIo())).toBe(code);
  });

  it('samples draws the same images for the same seed', async () => {
    const first = join(dir, 's1');
    const second = join(dir, 's2');
    for (const out of [first, second]) {
      expect(
        await runCli(['samples', '--out', out, '--per-class', '2', '--size', '32'], memoryIo()),
      ).toBe(0);
    }
    const names = await readdir(join(first, 'circle'));
    expect(names).toEqual(['circle-000.png', 'circle-001.png']);
    expect(await readFile(join(first, 'triangle', 'triangle-001.png'))).toEqual(
      await readFile(join(second, 'triangle', 'triangle-001.png')),
    );
  });

  it('demo trains on a dataset and ends with a JSON result line', async () => {
    const samples = join(dir, 'demo-samples');
    await runCli(['samples', '--out', samples, '--per-class', '6', '--size', '32'], memoryIo());
    const io = memoryIo();
    expect(
      await runCli(['demo', '--dataset', samples, '--scratch', '--epochs', '2', '--json'], io),
    ).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.type === 'epoch')).toHaveLength(2);
    const result = lines.at(-1);
    expect(result.type).toBe('result');
    expect(result.classes).toEqual(['circle', 'square', 'triangle']);
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(result.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(
      result.validationCount,
    );
  });

  it('backend --json reports what ran', async () => {
    const io = memoryIo();
    expect(await runCli(['backend', '--json', '--backend', 'cpu'], io)).toBe(0);
    expect(backendReportSchema.parse(JSON.parse(io.out())).backend).toBe('cpu');
  });

  it('runs as the installed bin (built by npm install / npm test)', async () => {
    const bin = join(packageRoot(), 'bin', 'transfer-studio.js');
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'scan',
      dataset,
      '--json',
    ]);
    expect(JSON.parse(stdout).files.seen).toBe(4);
  });
});
