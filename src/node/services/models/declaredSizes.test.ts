import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry } from '../../../engine/catalog/catalog.js';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { buildMobileNetV2 } from '../../../engine/catalog/mobilenetV2.js';
import { buildResNet50 } from '../../../engine/catalog/resnet50.js';
import { buildVgg16 } from '../../../engine/catalog/vgg16.js';
import { checkDeclaredSizes, declaredLayers } from './declaredSizes.js';
import { loadBasePack, loadFullLayersModel } from './loadPack.js';
import { describePack } from './packStore.js';
import { resolveBaseForSummary } from './resolveBaseForSummary.js';
import { layersModelFiles, writeLayersModel } from './writeLayersModel.js';

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: tf.io.WeightsManifestConfig;
}

/** A pack folder holding exactly this model.json and one shard of `shardBytes` zero bytes. */
async function writeRawPack(folder: string, modelJson: string, shardBytes: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'model.json'), modelJson);
  await writeFile(join(folder, 'w.bin'), new Uint8Array(shardBytes));
}

/**
 * The attack: 417 bytes of model.json declaring Dense(600,000,000) on a 1-wide input, with a
 * manifest holding one float for its kernel and one for its bias. Built, it would take 4.8 GB.
 */
export const MALICIOUS_MODEL_JSON = JSON.stringify({
  format: 'layers-model',
  modelTopology: {
    class_name: 'Sequential',
    config: {
      name: 'm',
      layers: [
        {
          class_name: 'Dense',
          config: { name: 'dense', units: 600_000_000, batch_input_shape: [null, 1] },
        },
      ],
    },
    keras_version: 'tfjs-layers 4',
    backend: 'tensor_flow.js',
  },
  weightsManifest: [
    {
      paths: ['w.bin'],
      weights: [
        { name: 'dense/kernel', shape: [1, 1], dtype: 'float32' },
        { name: 'dense/bias', shape: [1], dtype: 'float32' },
      ],
    },
  ],
});

/** Flatten of a 4096×4096×3 input into Dense(10): a 503M-element kernel, 40 floats in the manifest. */
const FLATTEN_DENSE_MODEL_JSON = JSON.stringify({
  format: 'layers-model',
  modelTopology: {
    class_name: 'Sequential',
    config: {
      name: 'f',
      layers: [
        {
          class_name: 'Flatten',
          config: { name: 'flatten', batch_input_shape: [null, 4096, 4096, 3] },
        },
        { class_name: 'Dense', config: { name: 'dense_out', units: 10 } },
      ],
    },
  },
  weightsManifest: [
    {
      paths: ['w.bin'],
      weights: [
        { name: 'dense_out/kernel', shape: [3, 10], dtype: 'float32' },
        { name: 'dense_out/bias', shape: [10], dtype: 'float32' },
      ],
    },
  ],
});

function elementsOf(manifest: tf.io.WeightsManifestConfig): number {
  return manifest
    .flatMap((g) => g.weights)
    .reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
}

async function modelJsonOf(model: tf.LayersModel): Promise<ModelJson> {
  const files = await layersModelFiles(model);
  return JSON.parse(files.get('model.json') as string) as ModelJson;
}

/**
 * A Teachable Machine image export as TM writes it: a Sequential holding the truncated MobileNet
 * (a functional model) and a Sequential head, both nested.
 */
function nestedTeachableModel(): tf.LayersModel {
  const backbone = catalogEntry('mobilenet_v2_0.35_96').build();
  const head = tf.sequential({
    name: 'sequential_head',
    layers: [
      tf.layers.dense({ inputShape: [1280], units: 100, activation: 'relu', name: 'dense_Dense1' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'dense_Dense2', useBias: false }),
    ],
  });
  return tf.sequential({ name: 'sequential_tm', layers: [backbone, head] });
}

describe('the sizes a model.json declares, checked before anything is built', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-declared-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => tf.disposeVariables());

  it('refuses the 417-byte pack declaring a 600M-unit Dense on every path that builds a model', async () => {
    expect(Buffer.byteLength(MALICIOUS_MODEL_JSON)).toBe(417);
    const pack = join(dir, 'malicious');
    await writeRawPack(pack, MALICIOUS_MODEL_JSON, 8);
    const message =
      /Invalid model pack: layer "dense" declares 1200000000 weights but the pack holds 2 for it/;
    await expect(loadBasePack(pack, { featureLayer: 'dense' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(message),
    });
    await expect(loadFullLayersModel(pack)).rejects.toThrow(message);
    // `transfer-studio summary --base <pack>` and the app's model screen go through resolveBaseForSummary.
    await expect(resolveBaseForSummary(pack)).rejects.toThrow(message);
    // Importing and listing a pack describe it first.
    expect((await describePack(pack)).problem).toMatch(message);
  });

  it('refuses Flatten → Dense whose input is huge but whose manifest kernel is small', async () => {
    const pack = join(dir, 'flatten');
    await writeRawPack(pack, FLATTEN_DENSE_MODEL_JSON, 160);
    await expect(loadFullLayersModel(pack)).rejects.toThrow(
      /layer "dense_out" declares 503316490 weights but the pack holds 40 for it/,
    );
  });

  it('passes a nested Teachable-Machine-like model, counting exactly what tfjs builds', async () => {
    const tm = nestedTeachableModel();
    const json = await modelJsonOf(tm);
    const declared = declaredLayers(json.modelTopology);
    const total = declared.reduce((sum, l) => sum + l.elements, 0);
    expect(total).toBe(tm.countParams());
    expect(total).toBe(elementsOf(json.weightsManifest));
    expect(declared.find((l) => l.name === 'dense_Dense2')?.elements).toBe(300);
    expect(() => checkDeclaredSizes(json.modelTopology, json.weightsManifest)).not.toThrow();
    const path = join(dir, 'tm');
    await writeLayersModel(tm, path, {
      extraFiles: {
        'metadata.json': JSON.stringify({
          tmVersion: '2.4.4',
          labels: ['a', 'b', 'c'],
          imageSize: 96,
        }),
      },
    });
    const base = await loadBasePack(path);
    expect(base).toMatchObject({ kind: 'teachable-machine', architecture: 'mobilenet_v2_0.35_96' });
    base.model.dispose();
  });

  it('refuses the nested model when its head declares more than the manifest holds', async () => {
    const json = await modelJsonOf(nestedTeachableModel());
    const text = JSON.stringify(json).replace('"units":100', '"units":100000000');
    const tampered = JSON.parse(text) as ModelJson;
    expect(() => checkDeclaredSizes(tampered.modelTopology, tampered.weightsManifest)).toThrow(
      /layer "dense_Dense1" declares 128100000000 weights but the pack holds 128100 for it/,
    );
  });

  it.each([
    ['MobileNet V2', () => buildMobileNetV2(0.35, 96)],
    ['MobileNet V1', () => buildMobileNetV1(0.25, 128)],
    ['VGG16', () => buildVgg16(32)],
    ['ResNet50', () => buildResNet50(32)],
  ])('passes the catalog architecture %s, declaring exactly its weights', async (_name, build) => {
    const model = build();
    const json = await modelJsonOf(model);
    const total = declaredLayers(json.modelTopology).reduce((sum, l) => sum + l.elements, 0);
    expect(total).toBe(model.countParams());
    expect(total).toBe(elementsOf(json.weightsManifest));
    expect(() => checkDeclaredSizes(json.modelTopology, json.weightsManifest)).not.toThrow();
    model.dispose();
  });

  it('follows a functional model whose layers are listed in reverse order', async () => {
    const model = buildMobileNetV2(0.35, 96);
    const json = await modelJsonOf(model);
    const config = (json.modelTopology as { config: { layers: unknown[] } }).config;
    config.layers.reverse();
    const total = declaredLayers(json.modelTopology).reduce((sum, l) => sum + l.elements, 0);
    expect(total).toBe(model.countParams());
    model.dispose();
  });

  it('counts every weighted layer class as tfjs builds it', async () => {
    const input = tf.input({ shape: [12, 12, 4], name: 'in' });
    const sym = (layer: tf.layers.Layer, x: tf.SymbolicTensor) =>
      layer.apply(x) as tf.SymbolicTensor;
    let x = sym(tf.layers.conv2d({ filters: 6, kernelSize: [3, 2], name: 'c' }), input);
    x = sym(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, name: 'd' }), x);
    x = sym(tf.layers.separableConv2d({ filters: 5, kernelSize: 2, name: 's' }), x);
    x = sym(tf.layers.batchNormalization({ center: false, name: 'bn' }), x);
    x = sym(tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, useBias: false, name: 't' }), x);
    x = sym(tf.layers.flatten({ name: 'f' }), x);
    const a = sym(tf.layers.dense({ units: 7, name: 'da' }), x);
    const b = sym(tf.layers.dense({ units: 7, name: 'db' }), x);
    const merged = tf.layers.concatenate({ name: 'cat' }).apply([a, b]) as tf.SymbolicTensor;
    const tokens = tf.input({ shape: [5], name: 'tokens' });
    const embedded = sym(tf.layers.embedding({ inputDim: 50, outputDim: 4, name: 'e' }), tokens);
    const flatTokens = sym(tf.layers.flatten({ name: 'ft' }), embedded);
    const out = tf.layers.concatenate({ name: 'all' }).apply([merged, flatTokens]);
    const model = tf.model({ inputs: [input, tokens], outputs: out as tf.SymbolicTensor });
    const json = await modelJsonOf(model);
    const declared = declaredLayers(json.modelTopology);
    const byName = Object.fromEntries(
      model.layers.filter((l) => l.countParams() > 0).map((l) => [l.name, l.countParams()]),
    );
    expect(Object.fromEntries(declared.map((l) => [l.name, l.elements]))).toEqual(byName);
    model.dispose();
  });

  it('refuses what it cannot check with a plain reason instead of building it', () => {
    const manifest = (JSON.parse(MALICIOUS_MODEL_JSON) as ModelJson).weightsManifest;
    const sequential = (...layers: object[]) => ({
      class_name: 'Sequential',
      config: { name: 's', layers },
    });
    const rnn = {
      class_name: 'LSTM',
      config: { name: 'rnn', units: 4, batch_input_shape: [null, 3, 2] },
    };
    expect(() => checkDeclaredSizes(sequential(rnn), manifest)).toThrow(
      /layer "rnn" is of class LSTM, whose weights the app cannot check before building it/,
    );
    const evil = { class_name: 'Evil', config: { name: 'e', batch_input_shape: [null, 1] } };
    expect(() => checkDeclaredSizes(sequential(evil), manifest)).toThrow(
      /layer "e" is of class Evil, which tfjs does not know/,
    );
    const shapeless = { class_name: 'Dense', config: { name: 'dense', units: 1 } };
    expect(() => checkDeclaredSizes(sequential(shapeless), manifest)).toThrow(
      /layer "dense" has no input shape/,
    );
    const open = {
      class_name: 'Flatten',
      config: { name: 'f', batch_input_shape: [null, null, 3] },
    };
    const dense = { class_name: 'Dense', config: { name: 'dense', units: 1 } };
    expect(() => checkDeclaredSizes(sequential(open, dense), manifest)).toThrow(
      /layer "f" \(Flatten\) cannot take input/,
    );
  });

  it('reads a saved pack from disk and refuses it after its model.json is tampered with', async () => {
    const path = join(dir, 'small');
    await writeLayersModel(buildMobileNetV1(0.25, 128), path);
    const text = await readFile(join(path, 'model.json'), 'utf8');
    await writeFile(join(path, 'model.json'), text.replace('"filters":8', '"filters":80000'));
    await expect(loadFullLayersModel(path)).rejects.toThrow(
      /layer "conv1" declares 2160000 weights but the pack holds 216 for it/,
    );
  });
});
