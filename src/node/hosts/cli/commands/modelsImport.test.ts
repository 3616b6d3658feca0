import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlainCnnBase } from '../../../testing/packs.js';
import { bareHomeTestEnv } from '../../../testing/testEnv.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

describe('models import: a plain TF.js model with --feature-layer', () => {
  let dir: string;
  let plain: string;
  const env = () => bareHomeTestEnv(dir);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-models-import-'));
    plain = await writePlainCnnBase(join(dir, 'small-cnn'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('without --feature-layer, lists the layers and the suggested one, and adds nothing', async () => {
    const io = memoryIo({ env: env() });
    expect(await runCli(['models', 'import', plain], io)).toBe(1);
    expect(io.err()).toMatch(/Layers to take features from/);
    expect(io.err()).toMatch(/block2_conv\s+Conv2D\s+\[/);
    expect(io.err()).toMatch(/choose the layer whose output becomes the features \(suggested: "/);
    const listed = memoryIo({ env: env() });
    expect(await runCli(['models', '--json'], listed)).toBe(0);
    expect((JSON.parse(listed.out()) as { packs: unknown[] }).packs).toEqual([]);
  });

  it('with --feature-layer, adds a base the Model screen and train can use', async () => {
    const io = memoryIo({ env: env() });
    const args = ['models', 'import', plain, '--feature-layer', 'block2_conv', '--json'];
    expect(await runCli(args, io)).toBe(0);
    const pack = JSON.parse(io.out()) as { path: string; featureLayer: string; kind: string };
    expect(pack).toMatchObject({ featureLayer: 'block2_conv', kind: 'tfjs-layers' });
    expect(pack.path.startsWith(join(dir, 'home'))).toBe(true);
  });

  it('names a wrong layer in its error', async () => {
    const io = memoryIo({ env: env() });
    const args = ['models', 'import', plain, '--feature-layer', 'block9_conv'];
    expect(await runCli(args, io)).toBe(1);
    expect(io.err()).toMatch(/has no layer "block9_conv"/);
  });
});
