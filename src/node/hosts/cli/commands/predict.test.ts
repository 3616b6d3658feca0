import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../../engine/tf.js';
import { buildMobileNetV2 } from '../../../../engine/catalog/mobilenetV2.js';
import { writeTestTrainedModel } from '../../../testing/trainedModels.js';
import { writePredictTestFiles } from '../../../testing/predictTestFiles.js';
import { makeCliTestFolder, type CliTestFolder } from '../cliTestFolder.js';

const CLASSES = ['cat', 'dog', 'fox'];

describe('predict: a line per file, and an exit code that says whether any failed', () => {
  let cli: CliTestFolder;
  let modelDir: string;
  let files: Awaited<ReturnType<typeof writePredictTestFiles>>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    cli = await makeCliTestFolder('ts-cli-predict-');
    modelDir = await writeTestTrainedModel(cli.dir, 'model', () => buildMobileNetV2(0.35, 32), {
      size: 32,
      classes: CLASSES,
    });
    files = await writePredictTestFiles(join(cli.dir, 'tried'));
  }, 120_000);
  afterAll(() => cli.remove());

  const predict = (...args: string[]) => cli.run('predict', modelDir, ...args, '--backend', 'cpu');

  it('classifies every good file and names each bad one, on stdout and stderr, exit 1', async () => {
    const [good] = files.good as [string];
    const { broken } = files;
    const run = await predict(good, broken['empty.jpg'], broken['half.jpg'], broken['loop.jpg']);
    expect(run.code).toBe(1);
    const lines = run.out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${good}: (cat|dog|fox) \\d+\\.\\d%, `));
    expect(lines[1]).toContain(`${broken['empty.jpg']}: error: `);
    expect(lines[1]).toMatch(/empty/);
    expect(lines[2]).toMatch(/cut short/);
    expect(lines[3]).toContain(`${broken['loop.jpg']}: error: `);
    expect(lines[3]).toMatch(/a link that leads back to itself/);
    for (const path of [broken['empty.jpg'], broken['half.jpg'], broken['loop.jpg']])
      expect(run.err).toContain(path);
    expect(run.err).not.toContain(good);
    expect(run.out + run.err).not.toMatch(/Input Buffer|vips|Unknown error|ELOOP/i);
  });

  it('--json carries each file’s error beside the others’ predictions', async () => {
    const [good] = files.good as [string];
    const run = await predict(files.broken['notes.jpg'], good, '--json');
    expect(run.code).toBe(1);
    const [bad, ok] = JSON.parse(run.out) as [
      { path: string; error: { code: string; message: string } },
      { path: string; prediction: string; top: unknown[] },
    ];
    expect(bad.error.code).toBe('IMAGE_DECODE_FAILED');
    expect(bad.error.message).toContain(files.broken['notes.jpg']);
    expect(bad).not.toHaveProperty('prediction');
    expect(CLASSES).toContain(ok.prediction);
    expect(ok.top).toHaveLength(3);
  });

  it('exits 0 when every file was classified; --top above the class count lists them all', async () => {
    const run = await predict(...files.good, '--top', '50');
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    for (const line of run.out.trim().split('\n')) expect(line.split('%')).toHaveLength(4);
  });

  it.each([['0'], ['-1'], ['abc'], ['2.5'], ['']])(
    '--top %j is a usage error naming the flag',
    async (top) => {
      const run = await predict(...files.good, `--top=${top}`);
      expect(run.code).toBe(2);
      expect(run.err).toContain('--top');
      expect(run.out).toBe('');
    },
  );

  it('--top -1 (the value as its own argument) is a usage error too', async () => {
    const run = await predict(...files.good, '--top', '-1');
    expect(run.code).toBe(2);
    expect(run.err).toContain('--top');
  });

  it('refuses an empty --text the same way with and without --explain', async () => {
    const plain = await cli.run('predict', modelDir, '--text', '', '--backend', 'cpu');
    const explained = await cli.run('predict', modelDir, '--text', ' ', '--explain');
    expect(plain.code).toBe(2);
    expect(explained.code).toBe(2);
    expect(plain.err).toMatch(/--text is empty/);
    expect(explained.err).toBe(plain.err);
  });
});
