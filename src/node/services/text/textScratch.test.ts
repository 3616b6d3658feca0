import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededRandom, shuffled } from '../../../common/random.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { topicExamples, writeTopicDataset } from '../../testing/topicTexts.js';
import { scanTextDataset } from '../dataset/textDataset.js';
import type { TextExample } from '../dataset/textHealth.js';
import type { JobEvent } from '../training/runTraining.js';
import { evaluateTextProbabilities } from './textEvaluation.js';
import {
  runTextScratchTraining,
  TEXT_SCRATCH_REGULARISATION,
  textScratchSettings,
  trainTextScratch,
} from './textScratch.js';
import { FEATURE_CHUNK } from './bagOfWords.js';
import {
  evaluateTextScratch,
  predictTextScratch,
  readTextScratchModel,
  releaseTextScratchModel,
  textScratchProbabilities,
  withTextScratchModel,
  writeTextScratchModel,
  type TextScratchMetadata,
} from './textScratchModel.js';
import { splitTextExamples } from './textSplit.js';

const settings: TrainSettings = textScratchSettings(DEFAULT_TRAIN_SETTINGS);

/** A small two-topic model from scratch written to `out`, as a run would write it. */
async function writeSmallModel(out: string): Promise<void> {
  const trained = await trainTextScratch({ examples: topicExamples(25, 5), settings });
  try {
    await writeTextScratchModel(out, trained.network, {
      bag: trained.bag,
      metadata: {
        format: 'transfer-studio-model',
        version: 1,
        modality: 'text',
        recipe: 'scratch',
        classes: trained.classes,
        model: { kind: 'bag-of-words', description: 'test', terms: trained.bag.terms.length },
        settings,
        history: trained.fit.history,
        bestEpoch: trained.fit.bestEpoch,
        dataset: 'memory',
        createdAt: new Date().toISOString(),
      },
      validation: [],
    });
  } finally {
    trained.network.dispose();
  }
}

function validationAccuracy(examples: readonly TextExample[], labels: readonly string[]) {
  const relabelled = examples.map((e, i) => ({ ...e, label: labels[i] ?? e.label }));
  return trainTextScratch({ examples: relabelled, settings }).then(async (trained) => {
    try {
      const held = trained.split.validation.map((i) => examples[i] as TextExample);
      const probabilities = await textScratchProbabilities(
        trained,
        held.map((e) => e.text),
      );
      return evaluateTextProbabilities(probabilities, held, trained.classes).accuracy;
    } finally {
      trained.network.dispose();
    }
  });
}

describe('trainTextScratch', () => {
  const examples = topicExamples(40);

  it('learns two topics from nothing: held-out notes are classified well above chance', async () => {
    const accuracy = await validationAccuracy(
      examples,
      examples.map((e) => e.label),
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('learns nothing useful when the labels are shuffled (so the accuracy above comes from them)', async () => {
    const labels = shuffled(
      examples.map((e) => e.label),
      seededRandom(3),
    );
    expect(await validationAccuracy(examples, labels)).toBeLessThanOrEqual(0.75);
  });

  it('uses the split a transfer run uses, and a vocabulary of training texts only', async () => {
    // The split depends on labels and order, not on the words: mark each part with its own word.
    const { classes, ...split } = splitTextExamples(examples, settings);
    const heldOut = new Set(split.validation);
    const marked = examples.map((e, i) => ({
      ...e,
      text: `${e.text} ${heldOut.has(i) ? 'quokka' : 'wombat'}`,
    }));
    const trained = await trainTextScratch({ examples: marked, settings });
    try {
      expect(trained.split).toEqual({ classes, ...split });
      expect(trained.bag.terms).toContain('wombat');
      expect(trained.bag.terms.filter((t) => t.includes('quokka'))).toEqual([]);
    } finally {
      trained.network.dispose();
    }
  });
});

describe('trainTextScratch on more texts than its feature budget', () => {
  it('shrinks the vocabulary so texts × terms stays within the budget, and says so', async () => {
    const examples = topicExamples(40);
    const featureBudget = examples.length * 25;
    let prepared: number | undefined;
    const trained = await trainTextScratch({
      examples,
      settings: { ...settings, phase1: { ...settings.phase1, epochs: 1 } },
      featureBudget,
      onPrepared: ({ cappedFrom }) => (prepared = cappedFrom),
    });
    try {
      expect(trained.bag.terms).toHaveLength(25);
      expect(trained.cappedFrom).toBe(10_000);
      expect(prepared).toBe(10_000);
      expect(trained.network.inputs[0]?.shape).toEqual([null, 25]);
    } finally {
      trained.network.dispose();
    }
  });

  it('leaves a vocabulary within the budget as it is', async () => {
    const trained = await trainTextScratch({
      examples: topicExamples(20),
      settings: { ...settings, phase1: { ...settings.phase1, epochs: 1 } },
    });
    try {
      expect(trained.cappedFrom).toBeUndefined();
    } finally {
      trained.network.dispose();
    }
  });
});

describe('cancelling text featurisation between chunks', () => {
  it('stops training before the features of every training text are made', async () => {
    const examples = topicExamples(2 * FEATURE_CHUNK);
    const controller = new AbortController();
    const chunksDone: number[] = [];
    const run = trainTextScratch({
      examples,
      settings,
      signal: controller.signal,
      onFeatureChunk: (done) => {
        chunksDone.push(done);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(chunksDone).toEqual([FEATURE_CHUNK]);
  });
});

describe('runTextScratchTraining', () => {
  let dir: string;
  let dataset: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'text-scratch-'));
    dataset = join(dir, 'notes');
    await writeTopicDataset(dataset, 30);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports like the image scratch run and writes a model folder with its vocabulary', async () => {
    const events: JobEvent[] = [];
    const out = join(dir, 'model');
    const result = await runTextScratchTraining({
      dataset,
      out,
      settings: DEFAULT_TRAIN_SETTINGS,
      phase: { epochs: 12 },
      onEvent: (event) => events.push(event),
    });
    const types = new Set(events.map((e) => e.type));
    for (const type of ['backend', 'scanned', 'base', 'epoch']) expect(types).toContain(type);
    expect(events.find((e) => e.type === 'base')).toMatchObject({
      name: expect.stringMatching(
        /^bag of words from scratch, [\d,]+ terms \([\d,]+ parameters\)$/,
      ),
      engine: 'tfjs',
    });
    expect(result).toMatchObject({
      recipe: 'scratch',
      classes: ['cooking', 'football'],
      counts: { train: 48, validation: 12 },
      modelDir: out,
    });
    expect(result.validation?.accuracy).toBeGreaterThanOrEqual(0.9);
    // The texts a transfer run with these settings would hold out.
    const report = await scanTextDataset(dataset);
    const split = splitTextExamples(report.examples, DEFAULT_TRAIN_SETTINGS);
    expect(result.validationPaths).toEqual(split.validation.map((i) => report.examples[i]?.origin));
    expect((await readdir(out)).sort()).toEqual(
      expect.arrayContaining(['metadata.json', 'model.json', 'validation.json', 'vocabulary.json']),
    );
    const metadata = JSON.parse(
      await readFile(join(out, 'metadata.json'), 'utf8'),
    ) as TextScratchMetadata;
    expect(metadata).toMatchObject({
      modality: 'text',
      recipe: 'scratch',
      bestEpoch: result.bestEpoch,
    });
    expect(metadata.settings.phase1.epochs).toBe(12);
  });

  it("keeps its own regularisation whatever the transfer run's settings say", async () => {
    const out = join(dir, 'own-settings');
    const transfer: TrainSettings = {
      ...DEFAULT_TRAIN_SETTINGS,
      labelSmoothing: 0.3,
      mixup: 0.4,
      earlyStoppingPatience: 1,
      reduceLearningRatePatience: 1,
      classWeights: 'none',
      validationSplit: 0.25,
      seed: 7,
    };
    const result = await runTextScratchTraining({
      dataset,
      out,
      settings: transfer,
      phase: { epochs: 8 },
    });
    const { settings: recorded } = JSON.parse(
      await readFile(join(out, 'metadata.json'), 'utf8'),
    ) as TextScratchMetadata;
    expect(recorded).toMatchObject({ ...TEXT_SCRATCH_REGULARISATION, phase1: { epochs: 8 } });
    // What keeps it comparable with the transfer run comes from the request.
    expect(recorded).toMatchObject({ classWeights: 'none', validationSplit: 0.25, seed: 7 });
    const split = splitTextExamples((await scanTextDataset(dataset)).examples, transfer);
    expect(result.counts).toEqual({
      train: split.train.length,
      validation: split.validation.length,
    });
  });

  it('saves a model that reloads and gives the same probabilities', async () => {
    const examples = topicExamples(25, 5);
    const trained = await trainTextScratch({ examples, settings });
    const texts = [
      'The coach booked a penalty on Saturday.',
      'Whisk the eggs and bake the cake.',
      '',
      'Völlig unbekannte Wörter 🙂',
    ];
    try {
      const before = await textScratchProbabilities(trained, texts);
      const out = join(dir, 'reloaded');
      const metadata: TextScratchMetadata = {
        format: 'transfer-studio-model',
        version: 1,
        modality: 'text',
        recipe: 'scratch',
        classes: trained.classes,
        model: { kind: 'bag-of-words', description: 'test', terms: trained.bag.terms.length },
        settings,
        history: trained.fit.history,
        bestEpoch: trained.fit.bestEpoch,
        dataset: 'memory',
        createdAt: new Date().toISOString(),
      };
      await writeTextScratchModel(out, trained.network, {
        bag: trained.bag,
        metadata,
        validation: [],
      });
      const loaded = await readTextScratchModel(out);
      const after = await textScratchProbabilities(loaded, texts);
      loaded.network.dispose();
      // And through the cached model `model.predictText` uses.
      const predicted = await predictTextScratch(out, texts);
      predicted.forEach((p, row) =>
        p.probabilities.forEach(({ class: name, probability }) =>
          expect(probability).toBeCloseTo(
            before[row * 2 + trained.classes.indexOf(name)] ?? NaN,
            6,
          ),
        ),
      );
      expect(after).toHaveLength(texts.length * 2);
      after.forEach((p, i) => expect(p).toBeCloseTo(before[i] ?? NaN, 6));
      // The football note and the cooking note land in their classes.
      expect(after[0 * 2 + trained.classes.indexOf('football')]).toBeGreaterThan(0.5);
      expect(after[1 * 2 + trained.classes.indexOf('cooking')]).toBeGreaterThan(0.5);
    } finally {
      trained.network.dispose();
    }
  });

  it('stops evaluating at a cancel after the first chunk of texts', async () => {
    const out = join(dir, 'evaluated');
    await writeSmallModel(out);
    const examples = topicExamples(2 * FEATURE_CHUNK, 8);
    const chunks = Math.ceil(examples.length / FEATURE_CHUNK);
    const controller = new AbortController();
    const chunksDone: number[] = [];
    const run = evaluateTextScratch(out, examples, controller.signal, (done) => {
      chunksDone.push(done);
      controller.abort();
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(chunksDone).toEqual([FEATURE_CHUNK]);
    expect(chunksDone.length).toBeLessThan(chunks);
    // Uncancelled, the same model scores every text.
    const evaluation = await evaluateTextScratch(out, examples);
    expect(evaluation.count).toBe(examples.length);
  });

  it('releases the loaded model a minute after its last request, and reloads it when asked', async () => {
    const out = join(dir, 'idle');
    await writeSmallModel(out);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const first = await withTextScratchModel(out, (model) => model.network);
      expect(await withTextScratchModel(out, (model) => model.network)).toBe(first);
      vi.advanceTimersByTime(59_000);
      expect(() => first.getWeights()).not.toThrow();
      vi.advanceTimersByTime(1_000);
      // Disposal waits on the (already settled) load; let that callback run.
      await Promise.resolve();
      await Promise.resolve();
      expect(() => first.getWeights()).toThrow();
      const second = await withTextScratchModel(out, (model) => model.network);
      expect(second).not.toBe(first);
      expect(() => second.getWeights()).not.toThrow();
    } finally {
      vi.useRealTimers();
      releaseTextScratchModel();
    }
  });

  it('stops at a cancel mid-run and leaves no folder, whole or half-written', async () => {
    const controller = new AbortController();
    const out = join(dir, 'cancelled');
    const before = await readdir(dir);
    const run = runTextScratchTraining({
      dataset,
      out,
      settings: DEFAULT_TRAIN_SETTINGS,
      phase: { epochs: 30 },
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'epoch' && event.metrics.epoch === 1) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await readdir(dir)).sort()).toEqual(before.sort());
  });
});
