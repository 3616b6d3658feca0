import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeSamples } from '../../../services/samples/shapes.js';
import { writeTopicDataset } from '../../../testing/topicTexts.js';
import { makeCliTestFolder, type CliTestFolder } from '../cliTestFolder.js';

/** A folder someone made earlier at --out, with a file of their own in it. */
async function earlierFolder(cli: CliTestFolder, name: string): Promise<string> {
  const folder = join(cli.dir, name);
  await mkdir(folder);
  await writeFile(join(folder, 'notes.txt'), 'my earlier model');
  return folder;
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
    expect(await readdir(out)).toEqual(['notes.txt']);
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
    expect(files).not.toContain('notes.txt');
    expect(await leftovers(cli)).toEqual([]);
    const predicted = await cli.run('predict', out, join(images, 'circle', 'circle-000.png'));
    expect(predicted.code).toBe(0);
  });

  it('--overwrite with a training that fails leaves the earlier folder as it was', async () => {
    const out = await earlierFolder(cli, 'untouched');
    const missing = join(cli.dir, 'no-such-dataset');
    const run = await cli.run('train', missing, '--scratch', '--out', out, '--overwrite');
    expect(run.code).toBe(1);
    expect(await readdir(out)).toEqual(['notes.txt']);
    expect(await leftovers(cli)).toEqual([]);
  });

  it('--overwrite replaces the folder with a text model trained on the sentence encoder', async () => {
    const out = await earlierFolder(cli, 'encoder-replaced');
    const run = await cli.run('train', texts, '--out', out, '--epochs', '3', '--overwrite');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['model.json', 'metadata.json']));
    expect(files).not.toContain('notes.txt');
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
