import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

const WEATHER = [
  'Heavy rain and strong winds are expected across the north tonight.',
  'Sunny spells this afternoon with highs of twenty-four degrees.',
  'Snow will settle on high ground by the morning.',
  'A cold front brings thunderstorms and hail later today.',
  'Fog patches clearing slowly, then a dry and mild day.',
  'Frost overnight, so expect icy roads at dawn.',
  'Gusts of up to seventy miles an hour along the coast.',
  'Humid and warm, with the chance of a shower in the evening.',
];
const FINANCE = [
  'Shares fell three percent after the quarterly earnings missed forecasts.',
  'The central bank raised interest rates by a quarter point.',
  'Bond yields climbed as investors priced in more inflation.',
  'The company announced a buyback and a higher dividend.',
  'Oil prices slid on signs of weaker demand.',
  'The currency weakened against the dollar for a third day.',
  'Analysts cut their profit outlook for the retailer.',
  'The index closed at a record high on strong tech stocks.',
];

describe('transfer-studio train / predict / evaluate on a text dataset', () => {
  let dir: string;
  const env = () => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-cli-'));
    for (const [label, texts] of [
      ['weather', WEATHER],
      ['finance', FINANCE],
    ] as const) {
      await mkdir(join(dir, 'news', label), { recursive: true });
      for (const [i, text] of texts.entries()) {
        await writeFile(join(dir, 'news', label, `${i}.txt`), text);
      }
    }
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
