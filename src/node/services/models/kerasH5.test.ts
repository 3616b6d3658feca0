import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry } from '../../../engine/catalog/catalog.js';
import { readKerasH5Weights, writeKerasH5Weights, kerasWeightKey } from './kerasH5.js';
import { loadBasePack } from './loadPack.js';

describe('Keras .h5 weights', () => {
  let dir: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-h5-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => tf.disposeVariables());

  it('round-trips a catalog model through Keras’ HDF5 layout', async () => {
    const original = catalogEntry('mobilenet_v2_0.35_96').build();
    const path = join(dir, 'weights.h5');
    await writeKerasH5Weights(original, path);
    const h5 = await readKerasH5Weights(path);
    expect(h5.layerNames[1]).toBe('Conv1');
    expect(h5.weights.get('bn_Conv1/moving_variance')?.shape).toEqual([16]);
    expect(h5.weights.size).toBe(original.weights.length);
  });

  it('loads a keras.applications file into the architecture its name gives, with identical outputs', async () => {
    const original = catalogEntry('mobilenet_v2_0.35_96').build();
    const path = join(dir, 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5');
    await writeKerasH5Weights(original, path);
    const base = await loadBasePack(path);
    expect(base).toMatchObject({
      kind: 'keras-h5',
      architecture: 'mobilenet_v2_0.35_96',
      droppedWeights: [],
    });
    const x = tf.randomUniform([2, 96, 96, 3], -1, 1, 'float32', 3);
    const difference = tf.tidy(
      () =>
        (original.predict(x) as tf.Tensor)
          .sub(base.model.predict(x) as tf.Tensor)
          .abs()
          .max()
          .dataSync()[0],
    );
    expect(difference).toBe(0);
  });

  it('identifies the architecture from weight shapes when the file was renamed', async () => {
    const path = join(dir, 'my-weights.h5');
    await writeKerasH5Weights(catalogEntry('mobilenet_v1_0.25_224').build(), path);
    expect((await loadBasePack(path)).architecture).toBe('mobilenet_v1_0.25_224');
  });

  it('names the weights that do not fit', async () => {
    const path = join(dir, 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.5_96_no_top.h5');
    await writeKerasH5Weights(catalogEntry('mobilenet_v2_0.35_96').build(), path);
    await expect(loadBasePack(path)).rejects.toThrow(
      /block_1_project\/kernel is \[1, 1, 48, 8\], expected \[1, 1, 48, 16\]/,
    );
  });

  it('says which weights are missing', async () => {
    const model = catalogEntry('mobilenet_v2_0.35_96').build();
    const truncated = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer('block_15_add').output as tf.SymbolicTensor,
    });
    const path = join(dir, 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top_cut.h5');
    await writeKerasH5Weights(truncated, path);
    await expect(loadBasePack(path)).rejects.toThrow(
      /does not hold the weights of a known base model/,
    );
  });

  it('refuses a file that is not HDF5', async () => {
    const path = join(dir, 'fake.h5');
    await writeFile(path, 'not hdf5');
    await expect(loadBasePack(path)).rejects.toThrow(/Not a readable HDF5 file/);
  });

  it.each([
    ['Conv1', 'Conv1/kernel:0', 'Conv1/kernel'],
    ['dense', 'kernel:0', 'dense/kernel'],
    ['bn', 'mobilenetv2_1.00_224/bn/gamma:0', 'bn/gamma'],
  ])('maps weight %s / %s to %s', (layer, weight, key) => {
    expect(kerasWeightKey(layer, weight)).toBe(key);
  });
});
