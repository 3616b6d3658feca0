import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../../common/training.js';
import { TextSession } from '../../../services/text/textSession.js';
import { writeTestTextModel } from '../../../testing/textModels.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

describe('transfer-studio export of a text model', () => {
  let dir: string;
  let model: string;
  const env = () => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
  const run = async (...args: string[]) => {
    const io = memoryIo({ env: env() });
    const code = await runCli(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-cli-text-export-'));
    const session = new TextSession(env());
    const { encoder } = await session.encoder();
    model = await writeTestTextModel(dir, 'model', encoder, {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 5 },
      validationSplit: 0.25,
    });
    encoder.encoder.dispose();
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    '--format all writes the web folder and the ONNX head, each checked',
    {
      timeout: 120_000,
    },
    async () => {
      const exported = await run('export', model, '--format', 'all', '--out', join(dir, 'all'));
      expect(exported.err).toBe('');
      expect(exported.code).toBe(0);
      expect((await readdir(join(dir, 'all'))).sort()).toEqual(['onnx', 'tfjs']);
      expect(exported.out).toMatch(
        /^tfjs: .*\n {2}parity on \d+ validation texts: 100\.00% top-1/m,
      );
      expect(exported.out).toMatch(
        /^onnx: .*\n {2}parity on \d+ validation texts: 100\.00% top-1/m,
      );
    },
  );

  it('refuses Keras, naming the formats a text model has', async () => {
    const refused = await run('export', model, '--format', 'keras', '--out', join(dir, 'keras'));
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/tfjs .*onnx/);
    expect(await readdir(dir)).not.toContain('keras');
  });

  it('refuses a folder already there', async () => {
    await mkdir(join(dir, 'taken', 'onnx'), { recursive: true });
    const refused = await run('export', model, '--format', 'all', '--out', join(dir, 'taken'));
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/already exists/);
    expect(await readdir(join(dir, 'taken'))).toEqual(['onnx']);
  });
});
