import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { EXPORT_MARKER, exportModel } from './exportModel.js';

const SIZE = 32;

describe('overwriting an export', () => {
  let dir: string;
  let model: string;
  let trash: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-export-overwrite-'));
    trash = join(dir, 'trash');
    model = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV1(0.25, SIZE), {
      size: SIZE,
      classes: ['a', 'b'],
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const exportTo = (out: string) =>
    exportModel(model, { formats: ['tfjs'], out, overwrite: true, trash });

  it('never replaces a folder of the user’s own files, even when asked to', async () => {
    const documents = join(dir, 'Documents');
    await mkdir(documents);
    await writeFile(join(documents, 'essay.docx'), 'my essay');
    await expect(exportTo(documents)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/did not write, so it was not replaced/),
    });
    expect(await readdir(documents)).toEqual(['essay.docx']);
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(exportTo(join(dir, 'a-file'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('replaces its own export (marked, or from before the marker, or an empty folder) and keeps the old one in the trash', async () => {
    const out = join(dir, 'export');
    await exportTo(out);
    expect(await readdir(out)).toContain(EXPORT_MARKER);
    await writeFile(join(out, 'labels.txt'), 'the old labels');
    await exportTo(out);
    expect(await readFile(join(out, 'labels.txt'), 'utf8')).toBe('a\nb\n');
    const [kept] = await readdir(trash);
    expect(await readFile(join(trash, kept ?? '', 'labels.txt'), 'utf8')).toBe('the old labels');

    await unlink(join(out, EXPORT_MARKER));
    await exportTo(out);
    await mkdir(join(dir, 'empty'));
    await exportTo(join(dir, 'empty'));
    expect(await readdir(trash)).toHaveLength(3);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
