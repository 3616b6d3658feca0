import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNewsFolders } from '../../../testing/textModels.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

describe('transfer-studio train / predict / evaluate on a text dataset', () => {
  let dir: string;
  const env = () => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-cli-'));
    await writeNewsFolders(join(dir, 'news'), 8);
    const rows = ['text,label', '"Storm warnings for the weekend, stay indoors",weather'];
    rows.push('"Stocks rallied as the bank held rates, said analysts",finance');
    await writeFile(join(dir, 'held-out.csv'), `${rows.join('\r\n')}\r\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('trains without --base, predicts --text, and evaluates a CSV with the image --json shape', async () => {
    const model = join(dir, 'model');
    const trainIo = memoryIo({ env: env() });
    const args = ['train', join(dir, 'news'), '--out', model, '--epochs', '25', '--json'];
    expect(await runCli([...args, '--backend', 'wasm'], trainIo), trainIo.err()).toBe(0);
    const lines = trainIo
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type?: string });
    expect(lines[0]).toMatchObject({ type: 'scanned', modality: 'text' });
    expect(lines.some((l) => l.type === 'embedding')).toBe(true);
    expect(lines.at(-1)).toMatchObject({
      type: 'result',
      modality: 'text',
      classes: ['finance', 'weather'],
    });
    const metadata = JSON.parse(await readFile(join(model, 'metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({
      modality: 'text',
      encoder: { id: 'universal_sentence_encoder_lite' },
    });

    const predictIo = memoryIo({ env: env() });
    const predictArgs = [
      'predict',
      model,
      '--text',
      'Rain all day tomorrow',
      '--text',
      'Profits doubled',
      join(dir, 'news', 'weather', '0.txt'),
    ];
    expect(
      await runCli([...predictArgs, '--json', '--backend', 'wasm'], predictIo),
      predictIo.err(),
    ).toBe(0);
    const predictions = JSON.parse(predictIo.out()) as Array<{ prediction: string; text: string }>;
    expect(predictions.map((p) => p.prediction)).toEqual(['weather', 'finance', 'weather']);

    // A file that cannot be read is answered on its own; the others are still classified.
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');
    const missing = join(dir, 'missing.txt');
    const good = join(dir, 'news', 'finance', '0.txt');
    const partIo = memoryIo({ env: env() });
    const partArgs = ['predict', model, empty, good, missing, '--backend', 'wasm'];
    expect(await runCli(partArgs, partIo)).toBe(1);
    const answered = partIo.out().trim().split('\n');
    expect(answered).toHaveLength(3);
    expect(answered[0]).toMatch(new RegExp(`^${empty}: error: .*empty`));
    expect(answered[1]).toMatch(new RegExp(`^${good}: finance \\d+\\.\\d%`));
    expect(answered[2]).toMatch(new RegExp(`^${missing}: error: `));
    expect(partIo.err()).toContain(empty);
    expect(partIo.err()).toContain(missing);

    const evaluateIo = memoryIo({ env: env() });
    const evalArgs = ['evaluate', model, join(dir, 'held-out.csv'), '--json', '--backend', 'wasm'];
    expect(await runCli(evalArgs, evaluateIo), evaluateIo.err()).toBe(0);
    const evaluation = JSON.parse(evaluateIo.out().trim().split('\n').at(-1) as string);
    expect(Object.keys(evaluation).sort()).toEqual([
      'accuracy',
      'classes',
      'confusion',
      'perClass',
    ]);
    expect(evaluation.classes).toEqual(['finance', 'weather']);
    expect(evaluation.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(2);
  });
});
