import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handle } from '../../../common/contract/rpc.js';
import type { EngineHandlers } from '../../../common/contract/contract.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { writeTestPack } from '../../testing/packs.js';
import { writeShapeSamples } from '../samples/shapes.js';
import { runTraining } from './runTraining.js';

/** Where a test aborts its training: as the head is attached (just before the write) or as the write starts. */
const at = vi.hoisted(() => ({
  attach: undefined as (() => void) | undefined,
  write: undefined as (() => void) | undefined,
}));

vi.mock('../../../engine/training/head.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../engine/training/head.js')>();
  return {
    ...actual,
    attachHead: (...args: Parameters<typeof actual.attachHead>) => {
      at.attach?.();
      return actual.attachHead(...args);
    },
  };
});

vi.mock('../models/writeLayersModel.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../models/writeLayersModel.js')>();
  return {
    ...actual,
    writeLayersModel: (...args: Parameters<typeof actual.writeLayersModel>) => {
      at.write?.();
      return actual.writeLayersModel(...args);
    },
  };
});

const ARCH = 'mobilenet_v2_0.35_96';
const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 1, batchSize: 8 },
  phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, epochs: 0 },
  validationSplit: 0.25,
};

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('a cancel at the end of a transfer training, through the contract', () => {
  let dir: string;
  let dataset: string;
  let handlers: Partial<EngineHandlers>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-train-commit-'));
    const store = join(dir, 'store');
    dataset = join(dir, 'shapes');
    await writeShapeSamples(dataset, { perClass: 4, size: 48, seed: 3 });
    await tf.setBackend('cpu');
    await writeTestPack(store, ARCH);
    handlers = {
      'training.start': (request, call) =>
        runTraining({
          ...request,
          out: request.out ?? join(dir, 'unused'),
          store,
          cacheDir: join(dir, 'cache'),
          env: {},
          signal: call?.signal,
        }),
    };
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const train = (out: string, signal: AbortSignal) =>
    handle(handlers, 'training.start', { dataset, base: ARCH, out, settings }, signal);

  it('lands while the model is written: the answer is the model, and it is there', async () => {
    const out = join(dir, 'during');
    const controller = new AbortController();
    at.write = () => controller.abort();
    try {
      const result = await train(out, controller.signal);
      expect(controller.signal.aborted).toBe(true);
      expect(result).toMatchObject({ modelDir: out });
      expect(await exists(join(out, 'model.json'))).toBe(true);
    } finally {
      at.write = undefined;
    }
  }, 120_000);

  it('lands just before the write: CANCELLED, and no model folder', async () => {
    const out = join(dir, 'before');
    const controller = new AbortController();
    at.attach = () => controller.abort();
    try {
      await expect(train(out, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(await exists(out)).toBe(false);
    } finally {
      at.attach = undefined;
    }
  }, 120_000);
});
