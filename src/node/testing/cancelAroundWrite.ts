import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  ContractHandlers,
  ParsedRequestOf,
  RequestOf,
  ResponseOf,
} from '../../common/contract/contract.js';
import { handle } from '../../common/contract/rpc.js';

/**
 * Where a test aborts its training. A test file's vi.mock wrappers call these: `beforeWrite` at
 * the training's last step before the model is written, `write` as the write starts.
 */
export interface WriteHooks {
  beforeWrite?: (() => void) | undefined;
  write?: (() => void) | undefined;
}

export const pathExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

type StartRequest = ParsedRequestOf<'training.start'> & { out: string };

export interface CancelAroundWriteSetup {
  /** mkdtemp prefix of the test's folder. */
  prefix: string;
  /** The hoisted object the file's mocks call. */
  hooks: WriteHooks;
  /** Makes the dataset (and whatever else the training needs) in `dir`. */
  prepare(dir: string): Promise<Omit<RequestOf<'training.start'>, 'out'>>;
  /** The service that trains, handed the validated request and the call's signal. */
  train(
    request: StartRequest,
    dir: string,
    signal?: AbortSignal,
  ): Promise<ResponseOf<'training.start'>>;
  /** The file (relative to the model folder) whose presence says the model was written. */
  modelFile: string;
}

/**
 * The two cancels at the end of a training, through the contract (`handle`, as the trainer runs
 * it): one that lands once the write has begun must be answered with the model, which is then
 * there; one that lands just before must be answered CANCELLED, with no model folder.
 */
export function itAnswersCancelsAroundTheWrite(setup: CancelAroundWriteSetup): void {
  let dir: string;
  let request: Omit<RequestOf<'training.start'>, 'out'>;
  let handlers: Partial<ContractHandlers>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), setup.prefix));
    request = await setup.prepare(dir);
    handlers = {
      'training.start': (parsed, call) =>
        setup.train({ ...parsed, out: parsed.out ?? join(dir, 'unused') }, dir, call?.signal),
    };
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const train = (out: string, signal: AbortSignal) =>
    handle(handlers, 'training.start', { ...request, out }, signal);

  it('lands while the model is written: the answer is the model, and it is there', async () => {
    const out = join(dir, 'during');
    const controller = new AbortController();
    setup.hooks.write = () => controller.abort();
    try {
      const result = await train(out, controller.signal);
      expect(controller.signal.aborted).toBe(true);
      expect(result).toMatchObject({ modelDir: out });
      expect(await pathExists(join(out, setup.modelFile))).toBe(true);
    } finally {
      setup.hooks.write = undefined;
    }
  }, 120_000);

  it('lands just before the write: CANCELLED, and no model folder', async () => {
    const out = join(dir, 'before');
    const controller = new AbortController();
    setup.hooks.beforeWrite = () => controller.abort();
    try {
      await expect(train(out, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(await pathExists(out)).toBe(false);
    } finally {
      setup.hooks.beforeWrite = undefined;
    }
  }, 120_000);
}
