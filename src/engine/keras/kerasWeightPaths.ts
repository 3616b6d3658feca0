import { AppError } from '../../common/errors.js';
import type { KerasLayerConfig, KerasModelConfig, KerasTensorRef } from './kerasConfig.js';

/**
 * Where Keras 3 keeps each layer's variables in `model.weights.h5`: not under the layer's name
 * but under `layers/<class in snake case>[_n]`, numbered in the order of `model.layers`. That
 * order is computed here from the config exactly as Keras' `map_graph` computes it on load
 * (layers by decreasing depth from the output, ties broken by the order a depth-first walk from
 * the output first meets them), so what we write is read back into the same layers.
 */
export function kerasWeightPaths(config: KerasModelConfig): Map<string, string> {
  const used = new Map<string, number>();
  const paths = new Map<string, string>();
  for (const layer of kerasLayerOrder(config)) {
    const base = toSnakeCase(layer.class_name);
    const count = used.get(base);
    const name = count === undefined ? base : `${base}_${count + 1}`;
    used.set(base, count === undefined ? 0 : count + 1);
    paths.set(layer.name, `layers/${name}`);
  }
  return paths;
}

/** Keras' `naming.to_snake_case`: Conv2D → conv2d, ReLU → re_lu, BatchNormalization → batch_normalization. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `model.layers` as Keras 3 orders a Functional model rebuilt from `config`. */
export function kerasLayerOrder(config: KerasModelConfig): KerasLayerConfig[] {
  const byName = new Map(config.config.layers.map((layer) => [layer.name, layer]));
  const inputName = config.config.input_layers[0];
  const traversal = new Map<string, number>();
  const finished: string[] = [];
  const done = new Set<string>();
  const inProgress = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    if (inProgress.has(name)) throw new AppError('INVALID_ARGUMENT', `Layer ${name} is in a cycle`);
    if (!traversal.has(name)) traversal.set(name, traversal.size);
    inProgress.add(name);
    if (name !== inputName) for (const parent of parentsOf(layerNamed(byName, name))) visit(parent);
    inProgress.delete(name);
    done.add(name);
    finished.push(name);
  };
  visit(config.config.output_layers[0]);

  const depth = new Map<string, number>();
  for (const name of [...finished].reverse()) {
    const own = depth.get(name) ?? 0;
    depth.set(name, own);
    if (name === inputName) continue;
    for (const parent of parentsOf(layerNamed(byName, name)))
      depth.set(parent, Math.max(own + 1, depth.get(parent) ?? 0));
  }
  return [...depth.keys()]
    .sort(
      (a, b) =>
        (depth.get(b) ?? 0) - (depth.get(a) ?? 0) ||
        (traversal.get(a) ?? 0) - (traversal.get(b) ?? 0),
    )
    .map((name) => layerNamed(byName, name));
}

function layerNamed(byName: Map<string, KerasLayerConfig>, name: string): KerasLayerConfig {
  const layer = byName.get(name);
  if (!layer) throw new AppError('INVALID_ARGUMENT', `The Keras config has no layer ${name}`);
  return layer;
}

function parentsOf(layer: KerasLayerConfig): string[] {
  if (layer.inbound_nodes.length > 1)
    throw new AppError('INVALID_ARGUMENT', `Layer ${layer.name} is used more than once`);
  const args = layer.inbound_nodes[0]?.args ?? [];
  return args
    .flatMap((arg): KerasTensorRef[] => (Array.isArray(arg) ? arg : [arg]))
    .map((tensor) => tensor.config.keras_history[0]);
}
