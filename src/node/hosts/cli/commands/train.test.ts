import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeSamples } from '../../../services/samples/shapes.js';
import { writePlainCnnBase } from '../../../testing/packs.js';
import { bareHomeTestEnv } from '../../../testing/testEnv.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

describe('train --feature-layer: a plain TF.js layers model as the base', () => {
  let dir: string;
  let dataset: string;
  let plain: string;
  const env = () => bareHomeTestEnv(dir);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-train-cli-'));
    dataset = join(dir, 'shapes');
    await writeShapeSamples(dataset, { perClass: 6, size: 32, seed: 5 });
    plain = await writePlainCnnBase(join(dir, 'plain-cnn'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const train = (out: string, ...extra: string[]) => {
    const io = memoryIo({ env: env() });
    const args = ['train', dataset, '--base', plain, '--out', join(dir, out), '--epochs', '2'];
    return { io, code: runCli([...args, '--backend', 'cpu', '--json', ...extra], io) };
  };

  it('trains a head on the chosen layer’s pooled output', async () => {
    const { io, code } = train('model', '--feature-layer', 'block2_conv');
    expect(await code).toBe(0);
    const result = JSON.parse(io.out().trim().split('\n').at(-1) ?? '{}');
    expect(result).toMatchObject({ type: 'result', classes: ['circle', 'square', 'triangle'] });
    const modelJson = await readFile(join(dir, 'model', 'model.json'), 'utf8');
    // Cut at block2_conv: nothing of the CNN after it (its pooling, its old head) is kept.
    expect(modelJson).toContain('"block2_conv"');
    expect(modelJson).not.toContain('"block2_pool"');
  });

  it('asks for a feature layer, naming the layers, when none is given', async () => {
    const { io, code } = train('no-layer');
    expect(await code).toBe(1);
    expect(io.err()).toMatch(
      /Choose the feature layer for this TF.js model; layers: .*block2_conv/,
    );
  });

  it('refuses a feature layer for a catalog id, whose feature layer is fixed', async () => {
    const io = memoryIo({ env: env() });
    const args = ['train', dataset, '--base', 'mobilenet_v2_0.35_96', '--out', join(dir, 'x')];
    expect(await runCli([...args, '--feature-layer', 'block_3_add'], io)).toBe(1);
    expect(io.err()).toMatch(/--feature-layer applies to plain TF.js layers models/);
  });
});
