import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledEncoderFolder } from '../../testing/bundledVocabulary.js';
import { parseEncoderVocabulary, readEncoderVocabulary } from './encoderVocabulary.js';

describe('readEncoderVocabulary', () => {
  let dir: string;
  let installed: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-vocab-'));
    installed = await readFile(join(bundledEncoderFolder(), 'vocab.json'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the installed encoder’s vocabulary: every entry a piece and a score', async () => {
    const vocabulary = await readEncoderVocabulary(bundledEncoderFolder());
    expect(vocabulary).toEqual(JSON.parse(installed.toString('utf8')));
    expect(vocabulary.some(([piece]) => piece === '▁the')).toBe(true);
  });

  it('refuses a vocabulary cut short, naming the file', () => {
    const cut = installed.subarray(0, Math.floor(installed.length / 2));
    expect(() => parseEncoderVocabulary(cut, dir)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: `${dir}/vocab.json is not valid JSON`,
      }),
    );
  });

  it('refuses JSON of another shape: bare pieces, a score that is text, an object', () => {
    for (const wrong of [
      ['▁the', '▁a'],
      [
        ['▁the', -3.5],
        ['▁a', '-4.0'],
      ],
      { '▁the': -3.5 },
    ]) {
      const bytes = Buffer.from(JSON.stringify(wrong));
      expect(() => parseEncoderVocabulary(bytes, dir)).toThrow(/is not a \[piece, score\] list/);
    }
  });

  it('says NOT_FOUND when the folder has no vocab.json', async () => {
    await copyFile(join(bundledEncoderFolder(), 'model.json'), join(dir, 'model.json'));
    await expect(readEncoderVocabulary(dir)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await writeFile(join(dir, 'vocab.json'), installed);
    expect(await readEncoderVocabulary(dir)).toHaveLength(JSON.parse(installed.toString()).length);
  });
});
