import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_ENCODERS, USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { bundledEncoderFolder, bundledVocabulary } from '../../testing/bundledVocabulary.js';
import { describeTextBase } from './textModelServices.js';

const info = TEXT_ENCODERS[USE_LITE_ID];
if (!info) throw new Error(`${USE_LITE_ID} is not in the catalog`);

describe('describeTextBase', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-base-'));
    await copyFile(join(bundledEncoderFolder(), 'model.json'), join(dir, 'model.json'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists the installed encoder with its vocabulary size, without loading the graph', async () => {
    const listing = await describeTextBase(info);
    expect(listing).toMatchObject({ id: USE_LITE_ID, vocabularySize: bundledVocabulary().length });
    expect(listing?.totalParams).toBeGreaterThan(1_000_000);
  });

  it('leaves out an encoder whose vocab.json is JSON but not [piece, score] pairs', async () => {
    // Bare pieces parse, and their count once passed for the vocabulary size.
    const pieces = bundledVocabulary().map(([piece]) => piece);
    await writeFile(join(dir, 'vocab.json'), JSON.stringify(pieces));
    expect(await describeTextBase(info, dir)).toBeUndefined();
  });

  it('leaves out an encoder whose vocab.json was cut short, and lists it once whole', async () => {
    const whole = await readFile(join(bundledEncoderFolder(), 'vocab.json'));
    await writeFile(join(dir, 'vocab.json'), whole.subarray(0, 1000));
    expect(await describeTextBase(info, dir)).toBeUndefined();
    await writeFile(join(dir, 'vocab.json'), whole);
    expect(await describeTextBase(info, dir)).toEqual(await describeTextBase(info));
  });
});
