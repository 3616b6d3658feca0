import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeSamples } from '../../../services/samples/shapes.js';
import { writePlainCnnBase } from '../../../testing/packs.js';
import { bareHomeTestEnv } from '../../../testing/testEnv.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

describe('train prints the refit as it runs', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-train-progress-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 32, seed: 7 });
    await writePlainCnnBase(join(dir, 'cnn'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints "refit on all images: epoch k of n" after the validation phase’s epochs', async () => {
    const io = memoryIo({ env: bareHomeTestEnv(dir) });
    const out = join(dir, 'model');
    const args = ['train', join(dir, 'shapes'), '--base', join(dir, 'cnn'), '--out', out];
    const options = ['--feature-layer', 'block2_conv', '--epochs', '3', '--backend', 'cpu'];
    expect(await runCli([...args, ...options], io)).toBe(0);
    const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'));
    const n = metadata.refit.epochs as number;
    expect(n).toBeGreaterThan(0);
    const lines = io.out().split('\n');
    const refits = lines.filter((l) => l.includes('refit on all images'));
    expect(refits.map((l) => /epoch (\d+) of (\d+)/.exec(l)?.slice(1).join(' of '))).toEqual(
      Array.from({ length: n }, (_, i) => `${i + 1} of ${n}`),
    );
    expect(refits.every((l) => /loss \d+\.\d{4}/.test(l))).toBe(true);
    const lastEpoch = lines.findLastIndex((l) => /^\s+epoch\s+\d+/.test(l));
    expect(lines.indexOf(refits[0] ?? '')).toBeGreaterThan(lastEpoch);
  });
});
