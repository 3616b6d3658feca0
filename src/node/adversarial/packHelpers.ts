import type { PackLimits } from '../services/models/validatePack.js';

// ---------------------------------------------------------------------------------------------
// Model packs: model.json and manifest, validated before anything is decoded or built.

export interface PackJson {
  format?: unknown;
  modelTopology?: unknown;
  weightsManifest?: unknown;
}

export interface PackCase {
  name: string;
  /** Changes a valid pack (Dense 3→2, one 32-byte shard), or gives raw model.json bytes. */
  change: ((json: Required<PackJson>) => void) | { raw: Buffer };
  shards?: Record<string, number>;
  limits?: Partial<PackLimits>;
  expect: string | RegExp;
}

export function validPack(): Required<PackJson> {
  return {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } },
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['w.bin'],
        weights: [
          { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
          { name: 'd/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ],
  };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const weightsOf = (json: Required<PackJson>): Json =>
  (json.weightsManifest as Json)[0].weights;
export const groupOf = (json: Required<PackJson>): Json => (json.weightsManifest as Json)[0];
export const layersOf = (json: Required<PackJson>): Json =>
  (json.modelTopology as Json).config.layers;
const denseConfig = (json: Required<PackJson>): Json => layersOf(json)[0].config;
export const shape = (value: unknown) => (json: Required<PackJson>) => {
  weightsOf(json)[0].shape = value;
};
export const dtype = (value: unknown) => (json: Required<PackJson>) => {
  weightsOf(json)[0].dtype = value;
};
export const path = (value: unknown) => (json: Required<PackJson>) => {
  groupOf(json).paths = [value];
};
export const dense = (change: Json) => (json: Required<PackJson>) => {
  Object.assign(denseConfig(json), change);
};
export const topology = (value: unknown) => (json: Required<PackJson>) => {
  json.modelTopology = value;
};

/** A Sequential nesting `depth` Sequentials around the Dense layer. */
export function nested(depth: number): unknown {
  let inner: unknown = {
    class_name: 'Sequential',
    config: {
      name: 's0',
      layers: [
        { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } },
      ],
    },
  };
  for (let i = 1; i <= depth; i++)
    inner = { class_name: 'Sequential', config: { name: `s${i}`, layers: [inner] } };
  return inner;
}

/** A functional model: input → d, with `d` wired as given. */
export function functional(inbound: unknown, outputs: unknown = [['d', 0, 0]]): unknown {
  return {
    class_name: 'Model',
    config: {
      name: 'f',
      layers: [
        {
          class_name: 'InputLayer',
          name: 'in',
          config: { name: 'in', batch_input_shape: [null, 3] },
          inbound_nodes: [],
        },
        { class_name: 'Dense', name: 'd', config: { name: 'd', units: 2 }, inbound_nodes: inbound },
      ],
      input_layers: [['in', 0, 0]],
      output_layers: outputs,
    },
  };
}

export const refused = (message: RegExp) =>
  new RegExp(`^refused INVALID_ARGUMENT: Invalid model pack: (.*\\W)?${message.source}`);
