import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineHandlers } from '../../../common/contract/contract.js';
import { handle } from '../../../common/contract/rpc.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { runTextTraining } from './textTrainingJob.js';
import { TextSession } from './textSession.js';

/** Where a test aborts its training: after the validation texts were scored, or as the write starts. */
const at = vi.hoisted(() => ({
  evaluated: undefined as (() => void) | undefined,
  write: undefined as (() => void) | undefined,
}));

vi.mock('./textEvaluation.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./textEvaluation.js')>();
  return {
    ...actual,
    evaluateTextExamples: async (...args: Parameters<typeof actual.evaluateTextExamples>) => {
      const evaluation = await actual.evaluateTextExamples(...args);
      at.evaluated?.();
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
const settings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 2 },
  validationSplit: 0.25,
};

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('a cancel at the end of a text training, through the contract', () => {
  let dir: string;
  let dataset: string;
  let handlers: Partial<EngineHandlers>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-commit-'));
    dataset = join(dir, 'news');
    for (const [label, texts] of Object.entries(TEXTS)) {
      await mkdir(join(dataset, label), { recursive: true });
      for (const [i, text] of texts.entries())
        await writeFile(join(dataset, label, `${i}.txt`), text);
    }
    const session = new TextSession({
      TRANSFER_STUDIO_HOME: join(dir, 'home'),
      TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
      TRANSFER_STUDIO_BACKEND: 'wasm',
    });
    handlers = {
      'training.start': (request, call) =>
        runTextTraining(
          { ...request, out: request.out ?? join(dir, 'unused'), signal: call?.signal },
          session,
        ),
    };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const train = (out: string, signal: AbortSignal) =>
    handle(handlers, 'training.start', { dataset, base: USE_LITE_ID, out, settings }, signal);

  it('lands while the model is written: the answer is the model, and it is there', async () => {
    const out = join(dir, 'during');
    const controller = new AbortController();
    at.write = () => controller.abort();
    try {
      const result = await train(out, controller.signal);
      expect(controller.signal.aborted).toBe(true);
      expect(result).toMatchObject({ modelDir: out });
      expect(await exists(out)).toBe(true);
    } finally {
      at.write = undefined;
    }
  }, 120_000);

  it('lands just before the write: CANCELLED, and no model folder', async () => {
    const out = join(dir, 'before');
    const controller = new AbortController();
    at.evaluated = () => controller.abort();
    try {
      await expect(train(out, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(await exists(out)).toBe(false);
    } finally {
      at.evaluated = undefined;
    }
  }, 120_000);
});
