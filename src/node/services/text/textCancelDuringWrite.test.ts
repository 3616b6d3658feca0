import { join } from 'node:path';
import { describe, vi } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import {
  itAnswersCancelsAroundTheWrite,
  type WriteHooks,
} from '../../testing/cancelAroundWrite.js';
import { appFoldersTestEnv } from '../../testing/testEnv.js';
import { writeTextClassFolders } from '../../testing/topicTexts.js';
import { runTextTraining } from './textTrainingJob.js';
import { TextSession } from './textSession.js';

/** Aborts land after the validation texts were scored (just before the write), or as it starts. */
const at: WriteHooks = vi.hoisted(() => ({}));

vi.mock('./textEvaluation.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./textEvaluation.js')>();
  return {
    ...actual,
    evaluateTextExamples: async (...args: Parameters<typeof actual.evaluateTextExamples>) => {
      const evaluation = await actual.evaluateTextExamples(...args);
      at.beforeWrite?.();
      return evaluation;
    },
  };
});

vi.mock('./textModelFolder.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./textModelFolder.js')>();
  return {
    ...actual,
    saveTextModel: (...args: Parameters<typeof actual.saveTextModel>) => {
      at.write?.();
      return actual.saveTextModel(...args);
    },
  };
});

const TEXTS = {
  weather: [
    'Rain and wind tonight.',
    'Sunny and warm today.',
    'Snow on the hills.',
    'Fog then sun.',
  ],
  finance: [
    'Shares fell sharply.',
    'Rates went up again.',
    'Bond yields climbed.',
    'Oil prices slid.',
  ],
};

describe('a cancel at the end of a text training, through the contract', () => {
  let session: TextSession;

  itAnswersCancelsAroundTheWrite({
    prefix: 'ts-text-commit-',
    hooks: at,
    modelFile: 'metadata.json',
    prepare: async (dir) => {
      const dataset = join(dir, 'news');
      await writeTextClassFolders(dataset, TEXTS);
      session = new TextSession({ ...appFoldersTestEnv(dir), TRANSFER_STUDIO_BACKEND: 'wasm' });
      const settings = {
        ...DEFAULT_TRAIN_SETTINGS,
        phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 2 },
        validationSplit: 0.25,
      };
      return { dataset, base: USE_LITE_ID, settings };
    },
    train: (request, _dir, signal) => runTextTraining({ ...request, signal }, session),
  });
});
