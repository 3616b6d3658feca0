import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { describe, vi } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import {
  itAnswersCancelsAroundTheWrite,
  type WriteHooks,
} from '../../testing/cancelAroundWrite.js';
import { writeTestPack } from '../../testing/packs.js';
import { writeShapeSamples } from '../samples/shapes.js';
import { runTraining } from './runTraining.js';

/** Aborts land as the head is attached (just before the write), or as the write starts. */
const at: WriteHooks = vi.hoisted(() => ({}));

vi.mock('../../../engine/training/head.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../engine/training/head.js')>();
  return {
    ...actual,
    attachHead: (...args: Parameters<typeof actual.attachHead>) => {
      at.beforeWrite?.();
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

describe('a cancel at the end of a transfer training, through the contract', () => {
  itAnswersCancelsAroundTheWrite({
    prefix: 'ts-train-commit-',
    hooks: at,
    modelFile: 'model.json',
    prepare: async (dir) => {
      const dataset = join(dir, 'shapes');
      await writeShapeSamples(dataset, { perClass: 4, size: 48, seed: 3 });
      await tf.setBackend('cpu');
      await writeTestPack(join(dir, 'store'), ARCH);
      return { dataset, base: ARCH, settings };
    },
    train: (request, dir, signal) =>
      runTraining({
        ...request,
        store: join(dir, 'store'),
        cacheDir: join(dir, 'cache'),
        env: {},
        signal,
      }),
  });
});
