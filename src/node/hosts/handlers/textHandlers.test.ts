import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../common/contract/contract.js';
import type { ContractClient } from '../../../common/contract/rpc.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { TEXT_ENCODERS, USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { appFoldersTestEnv } from '../../testing/testEnv.js';
import { NEWS_SENTENCES, writeNewsFolders } from '../../testing/textModels.js';

const { weather: WEATHER, finance: FINANCE } = NEWS_SENTENCES;

/**
 * Text through the app's own channels, as the renderer calls them: a folder of .txt classes is
 * scanned (skips and snippets), a table with unclear columns asks for them, the text base is
 * listed, a training job reports its steps, and the model answers texts, evaluates, and refuses
 * to run on an encoder other than the one it was trained on.
 */
describe('text datasets and models on the contract channels', () => {
  let dir: string;
  let rpc: ContractClient;
  let pair: HandlerPair;
  let modelDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-handlers-'));
    await writeNewsFolders(join(dir, 'news'), 10);
    await writeFile(join(dir, 'news', 'weather', 'blank.txt'), '  \n\t\n');
    await writeFile(join(dir, 'news', 'finance', 'chart.txt'), Buffer.from([0, 1, 2, 255, 0, 7]));
    // Two columns of sentences and two short ones: which is the text and which the label is unclear.
    const rows = ['headline,summary,desk,region'];
    for (const [i, text] of [...WEATHER, ...FINANCE].entries()) {
      rows.push(
        `"${text}","${text.split(' ').reverse().join(' ')}",${i < 10 ? 'weather' : 'finance'},${i % 2 ? 'north' : 'south'}`,
      );
    }
    await writeFile(join(dir, 'news.csv'), `${rows.join('\n')}\n`);
    pair = handlerPair({ ...appFoldersTestEnv(dir), TRANSFER_STUDIO_BACKEND: 'wasm' });
    rpc = pair.rpc;
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('scans a folder of .txt classes: modality, counts, snippets, skipped files with reasons', async () => {
    const report = await rpc.call('dataset.scan', { path: join(dir, 'news') });
    expect(report.modality).toBe('text');
    expect(report.images).toEqual([]);
    expect(report.text).toMatchObject({ layout: 'class-folders', examples: 20, tables: [] });
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['finance', 10],
      ['weather', 10],
    ]);
    const weather = report.classes.find((c) => c.name === 'weather');
    expect(weather?.snippets).toHaveLength(3);
    expect(WEATHER.some((t) => weather?.snippets?.includes(t))).toBe(true);
    expect(report.skipped.map((s) => [s.path, s.code])).toEqual(
      expect.arrayContaining([
        ['weather/blank.txt', 'empty-text'],
        ['finance/chart.txt', 'binary-file'],
      ]),
    );
    expect(report.warnings.map((w) => w.code)).toContain('empty-texts');
  });

  it('asks for the columns of a table it cannot read alone, then reads it with them', async () => {
    const path = join(dir, 'news.csv');
    const asking = await rpc.call('dataset.scan', { path });
    expect(asking.text).toMatchObject({
      columnsNeeded: true,
      examples: 0,
      tables: [
        { path: 'news.csv', format: 'csv', columns: ['headline', 'summary', 'desk', 'region'] },
      ],
    });
    expect(asking.classes).toEqual([]);
    const report = await rpc.call('dataset.scan', {
      path,
      textColumn: 'headline',
      labelColumn: 'desk',
    });
    expect(report.text?.layout).toBe('table');
    expect(report.text?.tables[0]).toMatchObject({ textColumn: 'headline', labelColumn: 'desk' });
    expect(report.classes.map((c) => c.count)).toEqual([10, 10]);
  });

  it('lists the frozen text base with its size', async () => {
    const { textBases } = await rpc.call('bases.list', {});
    const base = textBases?.find((b) => b.id === USE_LITE_ID);
    expect(base?.totalParams).toBeGreaterThan(1_000_000);
    expect(base?.vocabularySize).toBeGreaterThan(1000);
    expect(base?.frozenReason).toMatch(/cannot be fine-tuned/);
  });

  it('refuses an image base for a text dataset in plain words', async () => {
    await expect(
      rpc.call('training.start', {
        dataset: join(dir, 'news'),
        base: 'mobilenet_v2_0.35_96',
        settings: DEFAULT_TRAIN_SETTINGS,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /text base/ });
  });

  it('trains with job events, answers texts, and evaluates again later', async () => {
    const events: EventOf<'job.event'>['event'][] = [];
    const stop = rpc.on('job.event', ({ jobId, event }) => {
      if (jobId === 'text-job') events.push(event);
    });
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 25 },
      validationSplit: 0.3,
    };
    const result = await rpc.call('training.start', {
      jobId: 'text-job',
      dataset: join(dir, 'news'),
      base: USE_LITE_ID,
      out: join(dir, 'model'),
      settings,
    });
    stop();
    modelDir = result.modelDir;
    const types = new Set(events.map((e) => e.type));
    for (const type of ['backend', 'base', 'scanned', 'embedding', 'epoch']) {
      expect(types.has(type as never), type).toBe(true);
    }
    expect(result.classes).toEqual(['finance', 'weather']);
    expect(result.counts).toEqual({ train: 14, validation: 6 });
    expect(result.history.every((m) => m.phase === 1)).toBe(true);
    const validation = result.validation;
    expect(validation?.count).toBe(6);
    const verdicts = [...(validation?.correct ?? []), ...(validation?.misclassified ?? [])];
    expect(verdicts).toHaveLength(6);
    for (const verdict of verdicts) {
      expect(verdict.path).toMatch(/^(weather|finance)\/\d+\.txt$/);
      expect([...WEATHER, ...FINANCE]).toContain(verdict.text);
    }

    const [rainy, stocks] = await rpc.call('model.predictText', {
      modelDir,
      texts: [
        'Expect showers and a chilly wind tomorrow morning.',
        'Stocks rallied after the bank held rates.',
      ],
    });
    expect(rainy?.prediction).toBe('weather');
    expect(stocks?.prediction).toBe('finance');
    const total = rainy?.probabilities.reduce((sum, p) => sum + p.probability, 0);
    expect(total).toBeCloseTo(1, 5);

    const info = await rpc.call('model.info', { modelDir });
    expect(info).toMatchObject({
      modality: 'text',
      base: USE_LITE_ID,
      classes: ['finance', 'weather'],
    });
    const again = await rpc.call('model.evaluateValidation', { modelDir });
    expect(again.confusion).toEqual(validation?.confusion);
    const onTable = await rpc.call('model.evaluate', { modelDir, dataset: join(dir, 'news') });
    expect(onTable.count).toBe(20);
    await expect(rpc.call('model.predict', { modelDir, images: ['x.png'] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /text model/,
    });
  });

  it('records how long texts were read, and refuses a model trained on another reading', async () => {
    const metadataPath = join(modelDir, 'metadata.json');
    const original = await readFile(metadataPath, 'utf8');
    const metadata = JSON.parse(original) as { encoder: { reading?: { windowPieces: number } } };
    expect(metadata.encoder.reading).toEqual(TEXT_ENCODERS[USE_LITE_ID]?.reading);
    metadata.encoder.reading = { ...metadata.encoder.reading, windowPieces: 128 };
    await writeFile(metadataPath, JSON.stringify(metadata));
    await expect(
      rpc.call('model.predictText', { modelDir, texts: ['Rain later.'] }),
    ).rejects.toMatchObject({ code: 'ENCODER_MISMATCH', message: /windows of 128 pieces/ });
    // A folder from before readings were recorded still predicts (README: Known limits).
    delete metadata.encoder.reading;
    await writeFile(metadataPath, JSON.stringify(metadata));
    expect(await rpc.call('model.predictText', { modelDir, texts: ['Rain later.'] })).toHaveLength(
      1,
    );
    await writeFile(metadataPath, original);
  });

  it('refuses a model whose recorded encoder fingerprint differs from the installed encoder', async () => {
    const metadataPath = join(modelDir, 'metadata.json');
    const metadata = JSON.parse(await readFile(metadataPath, 'utf8')) as {
      encoder: { fingerprint: string };
    };
    metadata.encoder.fingerprint = metadata.encoder.fingerprint.replace(/^./, (c) =>
      c === '0' ? '1' : '0',
    );
    await writeFile(metadataPath, JSON.stringify(metadata));
    await expect(
      rpc.call('model.predictText', { modelDir, texts: ['Rain later.'] }),
    ).rejects.toMatchObject({ code: 'ENCODER_MISMATCH', message: /other .* weights/ });
    await expect(
      rpc.call('model.evaluate', { modelDir, dataset: join(dir, 'news') }),
    ).rejects.toMatchObject({ code: 'ENCODER_MISMATCH' });
  });
});
