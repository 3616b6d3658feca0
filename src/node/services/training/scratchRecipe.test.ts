import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../../common/project.js';
import { trainedModelMetadataSchema } from '../../../common/trainedModel.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { writeTestPack } from '../../testing/packs.js';
import { openProject, saveProject } from '../projects/projectStore.js';
import { readTrainedModelMetadata } from './loadTrainedModel.js';
import { evaluateValidationImages } from './modelServices.js';
import { runTraining, type JobEvent, type TrainResult } from './runTraining.js';
import { runScratchTraining, scratchSettings } from './scratchRecipe.js';

// The Fashion-MNIST sample the app ships: 4 classes × 60 real 28×28 photos of clothing.
const FASHION = join(packageRoot(), 'assets', 'samples', 'fashion');
const ARCH = 'mobilenet_v2_0.35_96';
const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 1, batchSize: 16 },
  validationSplit: 0.25,
  seed: 11,
};

describe('the from-scratch recipe beside the transfer run', () => {
  let dir: string;
  let scratch: TrainResult;
  const events: JobEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-scratch-'));
    scratch = await runScratchTraining({
      dataset: FASHION,
      out: join(dir, 'scratch'),
      settings,
      phase: { epochs: 3 },
      env: {},
      onEvent: (event) => events.push(event),
    });
  }, 600_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('trains on the very images the transfer run trains on, for the same seed', async () => {
    const store = join(dir, 'store');
    await writeTestPack(store, ARCH);
    const transfer = await runTraining({
      dataset: FASHION,
      base: ARCH,
      out: join(dir, 'transfer'),
      settings,
      store,
      cacheDir: join(dir, 'cache'),
      env: {},
    });
    expect(scratch.validationPaths).toHaveLength(60);
    expect(scratch.validationPaths).toEqual(transfer.validationPaths);
    expect(scratch.counts).toEqual(transfer.counts);
    const recorded = async (model: string) =>
      trainedModelMetadataSchema.parse(
        JSON.parse(await readFile(join(dir, model, 'metadata.json'), 'utf8')),
      );
    const [transferMetadata, scratchMetadata] = await Promise.all([
      recorded('transfer'),
      recorded('scratch'),
    ]);
    expect(scratchMetadata.counts).toEqual(transferMetadata.counts);
    expect(scratchMetadata.validationImages).toEqual(transferMetadata.validationImages);
    expect(scratchMetadata).toMatchObject({ recipe: 'scratch', base: { kind: 'scratch' } });
    expect(scratchMetadata.settings.seed).toBe(transferMetadata.settings.seed);
  }, 600_000);

  it('reports the accuracy its saved model gives, which is the kept epoch’s point on its curve', async () => {
    const again = await evaluateValidationImages(scratch.modelDir);
    expect(again.count).toBe(60);
    expect(scratch.validation?.accuracy).toBe(again.accuracy);
    expect(scratch.validation?.confusion).toEqual(again.confusion);
    // The curve and the table agree: the kept epoch's validation accuracy is the reported one.
    const kept = scratch.history.find((e) => e.epoch === scratch.bestEpoch);
    expect(kept?.valAccuracy).toBeCloseTo(again.accuracy, 6);
    const metadata = await readTrainedModelMetadata(scratch.modelDir);
    expect(metadata.validation?.accuracy).toBe(again.accuracy);
    expect(metadata.bestEpoch).toBe(scratch.bestEpoch);
  });

  it('never mixes up the CNN’s raw pixels, whatever the transfer settings ask', () => {
    const asked = { ...settings, mixup: 0.4 };
    expect(scratchSettings(asked, { ...settings.phase1, epochs: 3 }).mixup).toBe(0);
  });

  it('reports progress with a time left after every epoch', () => {
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.metrics.epoch)).toEqual(scratch.history.map((e) => e.epoch));
    const last = epochs.at(-1);
    expect(last?.etaSeconds).toBe(0);
    expect(epochs[0]?.etaSeconds).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'batch')).toBe(true);
    expect(events.find((e) => e.type === 'base')).toMatchObject({
      name: expect.stringMatching(/^small CNN from scratch \(\d[\d,]* parameters\)$/),
      engine: 'tfjs',
    });
  });

  it('survives a project reopen as a run marked "scratch"', async () => {
    const folder = join(dir, 'project');
    const run = {
      id: 'scratch-1',
      startedAt: '2026-11-30T10:00:00.000Z',
      modelDir: scratch.modelDir,
      settings: (await readTrainedModelMetadata(scratch.modelDir)).settings,
      validationAccuracy: scratch.validation?.accuracy ?? 0,
      recipe: 'scratch' as const,
    };
    await saveProject(folder, {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: 'fashion',
      datasets: [{ path: FASHION, images: {} }],
      classes: scratch.classes,
      settings,
      runs: [run],
      createdAt: run.startedAt,
      updatedAt: run.startedAt,
    });
    const reopened = await openProject(folder);
    expect(reopened.project.runs).toEqual([run]);
    const metadata = await readTrainedModelMetadata(reopened.project.runs[0]?.modelDir ?? '');
    expect(metadata.history).toEqual(scratch.history);
  });

  it('ends CANCELLED when cancelled mid-epoch and leaves no model folder', async () => {
    const parent = join(dir, 'cancelled');
    await mkdir(parent);
    const controller = new AbortController();
    const cancelled = runScratchTraining({
      dataset: FASHION,
      out: join(parent, 'model'),
      settings,
      env: {},
      signal: controller.signal,
      onEvent: (event) => {
        // The first batch of the first epoch: the next batch sees the signal, mid-epoch.
        if (event.type === 'batch') controller.abort();
      },
    });
    const error = await cancelled.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
    expect(await readdir(parent)).toEqual([]);
  }, 600_000);
});
