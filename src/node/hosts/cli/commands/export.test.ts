import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../../common/training.js';
import { TextSession } from '../../../services/text/textSession.js';
import { writeTestTextModel } from '../../../testing/textModels.js';
import { makeCliTestFolder, type CliTestFolder } from '../cliTestFolder.js';

describe('transfer-studio export of a text model', () => {
  let cli: CliTestFolder;
  let model: string;

  beforeAll(async () => {
    cli = await makeCliTestFolder('ts-cli-text-export-');
    const session = new TextSession(cli.env);
    const { encoder } = await session.encoder();
    model = await writeTestTextModel(cli.dir, 'model', encoder, {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 5 },
      validationSplit: 0.25,
    });
    encoder.encoder.dispose();
  }, 120_000);
  afterAll(() => cli.remove());

  it(
    '--format all writes the web folder and the ONNX head, each checked',
    {
      timeout: 120_000,
    },
    async () => {
      const out = join(cli.dir, 'all');
      const exported = await cli.run('export', model, '--format', 'all', '--out', out);
      expect(exported.err).toBe('');
      expect(exported.code).toBe(0);
      expect((await readdir(out)).sort()).toEqual(['onnx', 'tfjs']);
      expect(exported.out).toMatch(
        /^tfjs: .*\n {2}parity on \d+ validation texts: 100\.00% top-1/m,
      );
      expect(exported.out).toMatch(
        /^onnx: .*\n {2}parity on \d+ validation texts: 100\.00% top-1/m,
      );
    },
  );

  it('refuses Keras, naming the formats a text model has', async () => {
    const out = join(cli.dir, 'keras');
    const refused = await cli.run('export', model, '--format', 'keras', '--out', out);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/tfjs .*onnx/);
    expect(await readdir(cli.dir)).not.toContain('keras');
  });

  it('refuses a folder already there', async () => {
    const out = join(cli.dir, 'taken');
    await mkdir(join(out, 'onnx'), { recursive: true });
    const refused = await cli.run('export', model, '--format', 'all', '--out', out);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/already exists/);
    expect(await readdir(out)).toEqual(['onnx']);
  });
});
