import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../hosts/cli/main.js';
import { memoryIo } from '../../hosts/cli/testIo.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { resolveTrainingBase } from '../training/resolveTrainingBase.js';
import { BUNDLED_PACKS, repoBundledPacksDir } from './bundledPacks.js';
import { findDefaultPack, isBundled, listPacksIn, packStoreDirs } from './packStore.js';

// The real ImageNet packs committed in models/bundled: what a fresh clone trains with, offline.
describe('the bundled base models', () => {
  let dir: string;
  /** Nothing installed: the app's home is an empty folder, no other variable is set. */
  const emptyEnv = () => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-bundled-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('are the files SHA256SUMS records', async () => {
    const sums = await readFile(join(repoBundledPacksDir(), 'SHA256SUMS'), 'utf8');
    const lines = sums.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) {
      const [hash, name] = line.split(/ {2}/);
      const bytes = await readFile(join(repoBundledPacksDir(), name ?? ''));
      expect(createHash('sha256').update(bytes).digest('hex'), name).toBe(hash);
    }
  });

  it('are found after the user’s empty store, the default base first', async () => {
    const dirs = packStoreDirs(emptyEnv());
    expect(dirs).toEqual([join(dir, 'home', 'models'), join(packageRoot(), 'models', 'bundled')]);
    const packs = await listPacksIn(dirs);
    expect(packs.map((p) => [p.architecture, p.problem, isBundled(p, emptyEnv())])).toEqual([
      [BUNDLED_PACKS.base.architecture, undefined, true],
      [BUNDLED_PACKS.classifier.architecture, undefined, true],
    ]);
    expect((await findDefaultPack(dirs))?.name).toBe(BUNDLED_PACKS.base.name);
  });

  it('resolve a bare catalog id for training, unless hidden', async () => {
    const v1 = await resolveTrainingBase('mobilenet_v1_0.75_224', packStoreDirs(emptyEnv()));
    // As a base, V1 keeps its backbone; its ImageNet classifier's weights are left out.
    expect(v1.architecture).toBe('mobilenet_v1_0.75_224');
    expect(v1.droppedWeights).toEqual(['conv_preds/kernel', 'conv_preds/bias']);
    expect(v1.model.outputs[0]?.shape).toEqual([null, 768]);
    v1.model.dispose();
    const hidden = { ...emptyEnv(), TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'none') };
    await expect(
      resolveTrainingBase('mobilenet_v2_0.35_224', packStoreDirs(hidden)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('train a real transfer model on the sample shapes with nothing installed', async () => {
    const io = memoryIo({ env: emptyEnv() });
    const samples = join(packageRoot(), 'assets', 'samples', 'shapes');
    const out = join(dir, 'shapes-model');
    const args = ['train', samples, '--base', 'mobilenet_v2_0.35_224', '--out', out, '--json'];
    expect(await runCli([...args, '--backend', 'wasm'], io)).toBe(0);
    const events = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events.find((e) => e.type === 'base')).toMatchObject({ name: BUNDLED_PACKS.base.name });
    const result = events.at(-1) as {
      type: string;
      validation: { accuracy: number; count: number };
    };
    expect(result.type).toBe('result');
    // 36 held-out shapes; random ImageNet-free features reach about a third of that.
    expect(result.validation.count).toBe(36);
    expect(result.validation.accuracy).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
