import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSmallCnn } from '../../../../engine/smallCnn.js';
import { writeLayersModel } from '../../../services/models/writeLayersModel.js';
import { writeShapeSamples } from '../../../services/samples/shapes.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

describe('train prints the ensemble’s later heads as they run', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-train-members-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 32, seed: 11 });
    const cnn = buildSmallCnn({ inputSize: 32, classCount: 2 });
    await writeLayersModel(cnn, join(dir, 'cnn'));
    cnn.dispose();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints "head k of n: epoch e of E" after the first head, and again in the refit', async () => {
    const io = memoryIo({
      env: {
        TRANSFER_STUDIO_HOME: join(dir, 'home'),
        TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
      },
    });
    const out = join(dir, 'model');
    const args = ['train', join(dir, 'shapes'), '--base', join(dir, 'cnn'), '--out', out];
    const options = ['--feature-layer', 'block2_conv', '--epochs', '3', '--members', '3'];
    expect(await runCli([...args, ...options, '--backend', 'cpu'], io)).toBe(0);
    const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'));
    const refitEpochs = metadata.refit.epochs as number;
    const lines = io.out().split('\n');
    const heads = lines.filter((l) => /^\s+(refit, )?head \d of 3:/.test(l));
    const starts = heads.filter((l) => l.endsWith('starting')).map((l) => l.trim());
    expect(starts).toEqual([
      'head 2 of 3: starting',
      'head 3 of 3: starting',
      'refit, head 2 of 3: starting',
      'refit, head 3 of 3: starting',
    ]);
    // Every refit epoch of each later head, with its loss.
    const refits = heads.filter((l) => l.includes('refit, head 3 of 3: epoch'));
    expect(refits.map((l) => /epoch (\d+) of (\d+)/.exec(l)?.slice(1).join(' of '))).toEqual(
      Array.from({ length: refitEpochs }, (_, i) => `${i + 1} of ${refitEpochs}`),
    );
    expect(refits.every((l) => /loss \d+\.\d{4}/.test(l))).toBe(true);
    // The later heads follow the first head's epochs, and the refit follows them.
    const lastEpoch = lines.findLastIndex((l) => /^\s+epoch\s+\d+/.test(l));
    const firstRefit = lines.findIndex((l) => l.includes('refit on all images'));
    expect(lines.indexOf(heads[0] ?? '')).toBeGreaterThan(lastEpoch);
    const refitStart = lines.findIndex((l) => l.includes('refit, head 2 of 3: starting'));
    expect(refitStart).toBeGreaterThan(firstRefit);
  });
});
