import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../engine/tf.js';
import { writeTestPack } from './packs.js';

/** Where a test that trains keeps everything: all of it inside `dir`, removed after. */
export interface TrainingTestFolder<Written = void> {
  dir: string;
  /** The model store, holding the test pack. */
  store: string;
  dataset: string;
  /** What the dataset writer answered (the images' paths, say). */
  written: Written;
}

/**
 * A new temporary folder (`prefix` + random) holding the dataset `writeDataset` makes in
 * `dir/<datasetName>` and a test pack of `architecture` in `dir/store`, with tfjs on the CPU
 * backend: the setup of every test that runs runTraining on its own images.
 */
export async function makeTrainingTestFolder<Written = void>(
  prefix: string,
  architecture: string,
  datasetName: string,
  writeDataset: (folder: string) => Promise<Written>,
): Promise<TrainingTestFolder<Written>> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const store = join(dir, 'store');
  const dataset = join(dir, datasetName);
  const written = await writeDataset(dataset);
  await tf.setBackend('cpu');
  await writeTestPack(store, architecture);
  return { dir, store, dataset, written };
}

/**
 * The fields of a runTraining job on the folder's dataset and pack, its feature cache in
 * `dir/cache` and no environment: a test adds settings, `out` and what it listens to.
 */
export function trainingJobIn(folder: TrainingTestFolder<unknown>, architecture: string) {
  return {
    dataset: folder.dataset,
    base: architecture,
    store: folder.store,
    cacheDir: join(folder.dir, 'cache'),
    env: {},
  };
}
