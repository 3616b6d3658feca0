import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeSamples } from '../../../services/samples/shapes.js';
import { writeTopicDataset } from '../../../testing/topicTexts.js';
import { makeCliTestFolder, type CliTestFolder } from '../cliTestFolder.js';

const EARLIER = '{"earlier": true}';

/** A model folder an earlier run left at --out (its two files stand for the whole model). */
async function earlierFolder(cli: CliTestFolder, name: string): Promise<string> {
  const folder = join(cli.dir, name);
  await mkdir(folder);
  await writeFile(join(folder, 'metadata.json'), EARLIER);
  await writeFile(join(folder, 'model.json'), EARLIER);
  return folder;
}

/** Whether the folder still holds the earlier run's model, untouched. */
async function isEarlier(folder: string): Promise<boolean> {
  return (await readFile(join(folder, 'metadata.json'), 'utf8')) === EARLIER;
}

/** Entries of the test folder that only a half-done write would leave (".name.partial-…"). */
async function leftovers(cli: CliTestFolder): Promise<string[]> {
  return (await readdir(cli.dir)).filter((name) => name.startsWith('.'));
}

describe('train --out: an existing folder is refused before training, or replaced whole', () => {
  let cli: CliTestFolder;
  let images: string;
  let texts: string;

  beforeAll(async () => {
    cli = await makeCliTestFolder('ts-train-out-');
    images = join(cli.dir, 'shapes');
    await writeShapeSamples(images, { perClass: 8, size: 48, seed: 5 });
    texts = join(cli.dir, 'notes');
    await writeTopicDataset(texts, 20, 23);
  });
  afterAll(() => cli.remove());

  it.each([
    ['an image dataset with a base', () => [images, '--base', 'mobilenet_v2_0.35_96']],
    ['an image dataset from scratch', () => [images, '--scratch']],
    ['a text dataset from scratch', () => [texts, '--scratch']],
    ['a text dataset', () => [texts]],
  ])('refuses an existing --out for %s, before reading anything', async (_name, args) => {
    const out = await earlierFolder(cli, `kept-${_name.replace(/\W+/g, '-')}`);
    const run = await cli.run('train', ...args(), '--out', out, '--epochs', '2');
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${out} already exists`);
    expect(run.err).toContain('--overwrite');
    expect(run.out).toBe('');
    expect(await isEarlier(out)).toBe(true);
  });

  it('--overwrite never replaces the dataset, a folder holding it, or a folder of other files', async () => {
    const notes = join(cli.dir, 'thesis');
    await mkdir(notes);
    await writeFile(join(notes, 'thesis.txt'), 'not a model');
    for (const [out, said] of [
      [images, 'is the dataset or holds it'],
      [cli.dir, 'is the dataset or holds it'],
      [notes, 'holds other files'],
    ] as const) {
      const run = await cli.run('train', images, '--scratch', '--out', out, '--overwrite');
      expect(run.code).toBe(2);
      expect(run.err).toContain(said);
      expect(run.out).toBe('');
    }
    expect(await readdir(notes)).toEqual(['thesis.txt']);
    expect((await readdir(join(images, 'circle'))).length).toBe(8);
  });

  it('a link at --out that leads nowhere is refused before training, as anything there is', async () => {
    const out = join(cli.dir, 'dangling');
    await symlink(join(cli.dir, 'nowhere'), out);
    const run = await cli.run('train', images, '--scratch', '--out', out, '--epochs', '2');
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${out} already exists`);
    expect(run.out).toBe('');
  });

  it('--overwrite replaces the folder with the new image model once it is complete', async () => {
    const out = await earlierFolder(cli, 'replaced');
    const args = ['train', images, '--scratch', '--out', out, '--epochs', '2', '--overwrite'];
    const run = await cli.run(...args);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Model written to ${out} `);
    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['model.json', 'metadata.json']));
    expect(await isEarlier(out)).toBe(false);
    expect(await leftovers(cli)).toEqual([]);
    const predicted = await cli.run('predict', out, join(images, 'circle', 'circle-000.png'));
    expect(predicted.code).toBe(0);
  });

  it('--overwrite with a training that fails leaves the earlier folder as it was', async () => {
    const out = await earlierFolder(cli, 'untouched');
    const missing = join(cli.dir, 'no-such-dataset');
    const run = await cli.run('train', missing, '--scratch', '--out', out, '--overwrite');
    expect(run.code).toBe(1);
    expect(await isEarlier(out)).toBe(true);
    expect(await leftovers(cli)).toEqual([]);
  });

  it('--overwrite replaces the folder with a text model trained on the sentence encoder', async () => {
    const out = await earlierFolder(cli, 'encoder-replaced');
    const run = await cli.run('train', texts, '--out', out, '--epochs', '3', '--overwrite');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['model.json', 'metadata.json']));
    expect(await isEarlier(out)).toBe(false);
    expect(await leftovers(cli)).toEqual([]);
  }, 120_000);

  it('--overwrite replaces a text model too; its lines count texts, not images', async () => {
    const out = await earlierFolder(cli, 'text-replaced');
    const args = ['train', texts, '--scratch', '--out', out, '--epochs', '3', '--overwrite'];
    const run = await cli.run(...args);
    expect(run.code).toBe(0);
    expect(await readdir(out)).toEqual(expect.arrayContaining(['model.json', 'vocabulary.json']));
    expect(run.out).toMatch(/^Dataset: 40 texts in 2 classes/m);
    expect(run.out).toMatch(/Validation accuracy: \d+\.\d% on 8 texts/);
    expect(run.out).not.toMatch(/images/);
    expect(await leftovers(cli)).toEqual([]);
  });
});
