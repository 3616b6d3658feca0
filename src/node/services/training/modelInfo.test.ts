import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../engine/tf.js';
import { CONTRACT } from '../../../common/contract/contract.js';
import { trainedModelMetadataSchema } from '../../../common/trainedModel.js';
import { trainShapeModel } from '../../testing/shapeRuns.js';
import { trainedModelInfo } from './modelServices.js';

/**
 * model.info says when a model was refit, so a past run's scores carry the "before the refit"
 * note; a model folder written before refits were recorded still answers, without it.
 */
describe('model.info and the refit outcome', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-model-info-'));
    modelDir = await trainShapeModel(dir, 9, { refit: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('says a refit model was trained again on all its images, as its record does', async () => {
    const metadata = trainedModelMetadataSchema.parse(
      JSON.parse(await readFile(join(modelDir, 'metadata.json'), 'utf8')),
    );
    const info = CONTRACT['model.info'].response.parse(await trainedModelInfo(modelDir));
    expect(metadata.refit).toBeDefined();
    expect(info.refit).toEqual({ epochs: metadata.refit?.epochs, images: 18 });
    expect(info.validationAccuracy).toBe(metadata.validation?.accuracy);
  });

  it('answers for a model folder written before refits were recorded, without one', async () => {
    const older = join(dir, 'older');
    await cp(modelDir, older, { recursive: true });
    const record = JSON.parse(await readFile(join(older, 'metadata.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const { refit: _dropped, ...withoutRefit } = record;
    const { refit: _setting, ...oldSettings } = record['settings'] as Record<string, unknown>;
    await writeFile(
      join(older, 'metadata.json'),
      JSON.stringify({ ...withoutRefit, settings: oldSettings }),
    );
    const info = CONTRACT['model.info'].response.parse(await trainedModelInfo(older));
    expect(info.refit).toBeUndefined();
    expect(info.classes).toEqual(['circle', 'square', 'triangle']);
  });
});
