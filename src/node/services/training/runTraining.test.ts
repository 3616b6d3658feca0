import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainedModelMetadataSchema } from '../../../common/trainedModel.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { runCli } from '../../hosts/cli/main.js';
import { memoryIo } from '../../hosts/cli/testIo.js';
import { makeTrainingTestFolder, trainingJobIn } from '../../testing/trainingFolders.js';
import { splitDataset } from '../../../common/split.js';
import { packTestEnv } from '../../testing/testEnv.js';
import { writeShapeSamples } from '../samples/shapes.js';
import { runTraining, type JobEvent } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';
const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 4, batchSize: 8 },
  validationSplit: 0.25,
};

describe('runTraining (phase 1 end to end) and the train / evaluate / predict commands', () => {
  let dir: string;
  let store: string;
  let dataset: string;

  beforeAll(async () => {
    ({ dir, store, dataset } = await makeTrainingTestFolder('ts-train-', ARCH, 'shapes', (folder) =>
      writeShapeSamples(folder, { perClass: 8, size: 48, seed: 3 }),
    ));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('embeds, trains, evaluates and writes a model folder; a second run reads the feature cache', async () => {
    const events: JobEvent[] = [];
    const job = {
      dataset,
      base: ARCH,
      settings,
      store,
      cacheDir: join(dir, 'cache'),
      env: {},
      onEvent: (e: JobEvent) => events.push(e),
    };
    const result = await runTraining({ ...job, out: join(dir, 'model-a') });
    expect(result.classes).toEqual(['circle', 'square', 'triangle']);
    expect(result.counts).toEqual({ train: 18, validation: 6 });
    expect(result.embedding).toMatchObject({ engine: 'onnxruntime', cached: 0 });
    expect(result.history).toHaveLength(4);
    expect(result.validation?.count).toBe(6);
    const metadata = trainedModelMetadataSchema.parse(
      JSON.parse(await readFile(join(dir, 'model-a', 'metadata.json'), 'utf8')),
    );
    expect(metadata).toMatchObject({
      classes: ['circle', 'square', 'triangle'],
      base: { architecture: ARCH, kind: 'pack' },
      embeddingEngine: 'onnxruntime',
    });
    expect(await readFile(join(dir, 'model-a', 'labels.txt'), 'utf8')).toBe(
      'circle\nsquare\ntriangle\n',
    );
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['backend', 'scanned', 'base', 'embedding', 'epoch']),
    );

    // A whole run leaves no tensor behind (an app trains many times in one process).
    const tensorsBefore = tf.memory().numTensors;
    const again = await runTraining({ ...job, out: join(dir, 'model-b') });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(again.embedding.cached).toBe(24);
    expect(again.history.map((m) => m.loss)).toEqual(result.history.map((m) => m.loss));
  });

  it('adds augmented views of the training images, each embedded once and cached', async () => {
    const events: JobEvent[] = [];
    const augmented = { ...settings, augmentation: { ...settings.augmentation, views: 2 } };
    const job = {
      dataset,
      base: ARCH,
      settings: augmented,
      store,
      cacheDir: join(dir, 'cache'),
      env: {},
      onEvent: (e: JobEvent) => events.push(e),
    };
    await runTraining({ ...job, out: join(dir, 'model-aug') });
    const views = new Set(events.flatMap((e) => (e.type === 'embedding' ? [e.view] : [])));
    expect([...views].filter((v) => v.startsWith('aug:'))).toHaveLength(2);
    events.length = 0;
    await runTraining({ ...job, out: join(dir, 'model-aug-2') });
    const last = events.filter((e) => e.type === 'embedding' && e.view.startsWith('aug:')).at(-1);
    // The default refit trains on the validation images too, so all 24 images get their views.
    expect(settings.refit).toBe(true);
    expect(last).toMatchObject({ cached: 24, done: 24 });
  });

  it('says how to get weights when a catalog id has no pack installed', async () => {
    await expect(
      runTraining({ dataset, base: 'vgg16_224', out: join(dir, 'none'), settings, store, env: {} }),
    ).rejects.toThrow(/models fetch vgg16_224/);
  });

  it('predicts what the trained head predicted, through the exported classifier', async () => {
    const modelDir = join(dir, 'model-cli');
    const train = memoryIo({ env: packTestEnv(dir) });
    expect(
      await runCli(
        [
          'train',
          dataset,
          '--base',
          ARCH,
          '--out',
          modelDir,
          '--epochs',
          '3',
          '--fine-tune-epochs',
          '2',
          '--unfreeze-from',
          '16',
          '--json',
        ],
        train,
      ),
    ).toBe(0);
    const lines = train
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const result = lines.at(-1);
    expect(result.type).toBe('result');
    expect(result.history.map((m: { phase: number; epoch: number }) => [m.phase, m.epoch])).toEqual(
      [
        [1, 1],
        [1, 2],
        [1, 3],
        [2, 4],
        [2, 5],
      ],
    );
    expect(lines.some((l) => l.type === 'embedding' && l.view === 'cut:block_15_add')).toBe(true);
    // Whether fine-tuning was kept is said in the result and recorded with the model.
    expect(result.fineTuning).toMatchObject({ epochsAsked: 2, epochsRun: 2, stoppedEarly: false });
    expect(result.fineTuning.improved).toBe(result.bestEpoch >= 4);
    expect(result.fineTuning.message).toMatch(
      result.fineTuning.improved
        ? /improved the validation loss/
        : /the model from before fine-tuning is kept/,
    );
    const metadata = trainedModelMetadataSchema.parse(
      JSON.parse(await readFile(join(modelDir, 'metadata.json'), 'utf8')),
    );
    expect(metadata.fineTuning).toEqual(result.fineTuning);

    const evaluate = memoryIo();
    expect(await runCli(['evaluate', modelDir, dataset, '--json'], evaluate)).toBe(0);
    const evaluation = JSON.parse(evaluate.out());
    expect(evaluation.count).toBe(24);
    expect(evaluation.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(24);

    // The exported classifier (base + head as one graph, fine-tuned weights copied back) must say
    // what the model said on the validation images at the end of training.
    const verdicts: { index: number; probabilities: number[] }[] = result.validation.highestLoss;
    const images = verdicts.map((v) => join(dataset, result.validationPaths[v.index]));
    const predict = memoryIo();
    expect(await runCli(['predict', modelDir, ...images, '--json', '--top', '3'], predict)).toBe(0);
    const predictions: { top: { class: string; probability: number }[] }[] = JSON.parse(
      predict.out(),
    );
    predictions.forEach((prediction, i) => {
      const byClass = Object.fromEntries(prediction.top.map((t) => [t.class, t.probability]));
      result.classes.forEach((name: string, c: number) =>
        expect(byClass[name]).toBeCloseTo(verdicts[i]?.probabilities[c] ?? NaN, 4),
      );
    });
  });

  it('lists validation images of equal loss by path, not in the order the split drew them', async () => {
    // Two copies of one circle (equal features, so equal loss) beside the usual shapes.
    const copies = join(dir, 'copies');
    await cp(dataset, copies, { recursive: true });
    const circle = await readFile(join(copies, 'circle', 'circle-000.png'));
    const twins = ['circle/twin-a.png', 'circle/twin-b.png'];
    for (const twin of twins) await writeFile(join(copies, twin), circle);
    // A seed whose shuffle holds out both copies, the later path first.
    const items: { path: string; className: string }[] = [];
    for (const shape of ['circle', 'square', 'triangle'])
      for (const file of await readdir(join(copies, shape)))
        items.push({ path: `${shape}/${file}`, className: shape });
    const drawnAgainstPathOrder = (seed: number) => {
      const held = splitDataset(items, { validation: 0.5, seed }).validation.map((i) => i.path);
      return (
        held.indexOf('circle/twin-b.png') >= 0 &&
        held.indexOf('circle/twin-b.png') < held.indexOf('circle/twin-a.png')
      );
    };
    const seed = Array.from({ length: 100 }, (_, i) => i + 1).find(drawnAgainstPathOrder);
    const result = await runTraining({
      ...trainingJobIn({ dir, store, dataset: copies, written: undefined }, ARCH),
      settings: { ...settings, validationSplit: 0.5, seed: seed ?? 0 },
      out: join(dir, 'model-twins'),
    });
    expect(result.validationPaths.indexOf('circle/twin-b.png')).toBeLessThan(
      result.validationPaths.indexOf('circle/twin-a.png'),
    );
    const listed = result.validation?.highestLoss
      .map((v) => result.validationPaths[v.index])
      .filter((path) => twins.includes(path ?? ''));
    expect(listed).toEqual(twins);
  });

  it('rejects settings out of range with a usage error', async () => {
    const io = memoryIo();
    expect(
      await runCli(
        [
          'train',
          dataset,
          '--base',
          ARCH,
          '--out',
          join(dir, 'x'),
          '--learning-rate',
          '0',
          '--epochs',
          '3',
        ],
        io,
      ),
    ).toBe(2);
    expect(io.err()).toMatch(/Invalid setting phase1.learningRate/);
  });
});
