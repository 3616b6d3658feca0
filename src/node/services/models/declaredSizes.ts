import * as tf from '../../../engine/tf.js';
import { refuse, weightElements, WEIGHTLESS, type Shape } from './layerWeights.js';

/**
 * What a layers model's topology says its weights will be, worked out from model.json alone.
 *
 * tfjs allocates every layer's weights while it builds a model from model.json, before it looks at
 * the weights manifest: a 417-byte model.json declaring a 600M-unit Dense layer takes gigabytes
 * before anything can refuse it. So the topology is walked here without building anything: shapes
 * flow from the InputLayer's batch_input_shape through each layer (tfjs layer objects constructed
 * from their config, whose computeOutputShape allocates nothing), and each weighted layer's weight
 * count follows from its config and its input shape.
 */

type Json = Record<string, unknown>;

/** The weights one layer will create when built. */
export interface DeclaredLayer {
  name: string;
  className: string;
  /** Number of weight elements (all of the layer's weights together). */
  elements: number;
}

/** Nested models deeper than this are refused: no real model nests more than a few levels. */
const MAX_NESTING = 16;

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every weighted layer of a model.json topology with the element count it will allocate, without
 * building the model. Refuses a topology whose shapes cannot be worked out.
 */
export function declaredLayers(modelTopology: unknown): DeclaredLayer[] {
  const root =
    isObject(modelTopology) && 'model_config' in modelTopology
      ? modelTopology['model_config']
      : modelTopology;
  const found: DeclaredLayer[] = [];
  walkModel(root, undefined, found, 0);
  return found;
}

/** A nested model's (or the root's) output shapes, adding its weighted layers to `found`. */
function walkModel(
  node: unknown,
  inputs: Shape[] | undefined,
  found: DeclaredLayer[],
  depth: number,
): Shape[] {
  if (depth > MAX_NESTING) throw refuse(`models nested more than ${MAX_NESTING} deep`);
  if (!isObject(node) || typeof node['class_name'] !== 'string')
    throw refuse('modelTopology has no class_name');
  const className = node['class_name'];
  if (className === 'Sequential') return walkSequential(node['config'], inputs, found, depth);
  if (className === 'Model' || className === 'Functional')
    return walkFunctional(node['config'], inputs, found, depth);
  throw refuse(`the topology is a ${className}, not a Sequential or functional model`);
}

function walkSequential(
  config: unknown,
  inputs: Shape[] | undefined,
  found: DeclaredLayer[],
  depth: number,
): Shape[] {
  // Old Keras wrote a Sequential's config as the bare list of layers.
  const layers = Array.isArray(config) ? config : isObject(config) ? config['layers'] : undefined;
  if (!Array.isArray(layers)) throw refuse('a Sequential model has no layers list');
  let shape: Shape | undefined = inputs?.[0];
  for (const layer of layers) {
    const { className, name, config: layerConfig } = layerParts(layer);
    // An outer model's input wins over the declared one, as when tfjs nests the model.
    shape ??= declaredInputShape(layerConfig);
    if (className === 'InputLayer') continue;
    if (shape === undefined && MODEL_CLASSES.has(className)) {
      // A nested model first (a Teachable Machine export): its own input layer gives the shape.
      shape = onlyOutput(walkModel(layer, undefined, found, depth + 1), name);
      continue;
    }
    if (shape === undefined)
      throw refuse(`layer "${name}" has no input shape (the first layer needs batch_input_shape)`);
    const outputs = applyLayer(layer, [shape], found, depth);
    shape = onlyOutput(outputs, name);
  }
  if (shape === undefined) throw refuse('a Sequential model with no input shape');
  return [shape];
}

/** A functional model: layers wired by inbound_nodes, from input_layers to output_layers. */
function walkFunctional(
  config: unknown,
  inputs: Shape[] | undefined,
  found: DeclaredLayer[],
  depth: number,
): Shape[] {
  if (!isObject(config) || !Array.isArray(config['layers']))
    throw refuse('a functional model has no layers list');
  const tensors = new Map<string, Shape>();
  const inputLayers = tensorRefs(config['input_layers'], 'input_layers');
  inputLayers.forEach((ref, i) => {
    const layer = (config['layers'] as unknown[]).find((l) => layerParts(l).name === ref.layer);
    const shape = inputs?.[i] ?? (layer ? declaredInputShape(layerParts(layer).config) : undefined);
    if (shape === undefined) throw refuse(`input "${ref.layer}" has no batch_input_shape`);
    tensors.set(key(ref.layer, ref.node, ref.tensor), shape);
  });
  const pending = pendingNodes(config['layers'] as unknown[]);
  resolveNodes(pending, tensors, found, depth);
  return tensorRefs(config['output_layers'], 'output_layers').map((ref) => {
    const shape = tensors.get(key(ref.layer, ref.node, ref.tensor));
    if (shape === undefined) throw refuse(`output "${ref.layer}" is not reached from the inputs`);
    return shape;
  });
}

interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

/** One call of a layer: the layer, its node index, and the tensors it takes. */
interface PendingNode {
  layer: unknown;
  name: string;
  node: number;
  inputs: TensorRef[];
}

function key(layer: string, node: number, tensor: number): string {
  return JSON.stringify([layer, node, tensor]);
}

function tensorRefs(value: unknown, what: string): TensorRef[] {
  if (!Array.isArray(value)) throw refuse(`${what} is not a list`);
  return value.map((ref) => {
    if (
      !Array.isArray(ref) ||
      typeof ref[0] !== 'string' ||
      !Number.isInteger(ref[1]) ||
      !Number.isInteger(ref[2])
    )
      throw refuse(`${what} holds a malformed tensor reference`);
    return { layer: ref[0], node: ref[1] as number, tensor: ref[2] as number };
  });
}

function pendingNodes(layers: unknown[]): PendingNode[] {
  const nodes: PendingNode[] = [];
  for (const layer of layers) {
    const { className, name } = layerParts(layer);
    if (className === 'InputLayer') continue;
    const inbound = (layer as Json)['inbound_nodes'];
    if (!Array.isArray(inbound)) throw refuse(`layer "${name}" has no inbound_nodes`);
    inbound.forEach((refs, node) =>
      nodes.push({ layer, name, node, inputs: tensorRefs(refs, `layer "${name}"'s inbound node`) }),
    );
  }
  return nodes;
}

/**
 * Computes each node once all its inputs are known, whatever order the file lists them in: each
 * node waits on the tensors it lacks and is queued when the last one arrives, so a hostile
 * order costs no more than a sorted one (linear, not a pass per layer).
 */
function resolveNodes(
  pending: PendingNode[],
  tensors: Map<string, Shape>,
  found: DeclaredLayer[],
  depth: number,
): void {
  const missing = new Map<PendingNode, number>();
  const waiters = new Map<string, PendingNode[]>();
  const ready: PendingNode[] = [];
  for (const node of pending) {
    const lacking = new Set(
      node.inputs.map((r) => key(r.layer, r.node, r.tensor)).filter((k) => !tensors.has(k)),
    );
    for (const k of lacking) {
      const list = waiters.get(k);
      if (list) list.push(node);
      else waiters.set(k, [node]);
    }
    missing.set(node, lacking.size);
    if (lacking.size === 0) ready.push(node);
  }
  const counted = new Set<unknown>();
  // First in, first out: layers are counted in the order they compute, so a refusal names the
  // first layer that declares too much.
  for (let head = 0; head < ready.length; head++) {
    const node = ready[head] as PendingNode;
    const shapes = node.inputs.map((r) => tensors.get(key(r.layer, r.node, r.tensor)) as Shape);
    // A shared layer creates its weights once, on its first call.
    const sink = counted.has(node.layer) ? [] : found;
    counted.add(node.layer);
    missing.delete(node);
    applyLayer(node.layer, shapes, sink, depth).forEach((shape, t) => {
      const produced = key(node.name, node.node, t);
      if (tensors.has(produced)) return;
      tensors.set(produced, shape);
      for (const waiter of waiters.get(produced) ?? []) {
        const left = (missing.get(waiter) ?? 0) - 1;
        missing.set(waiter, left);
        if (left === 0) ready.push(waiter);
      }
    });
  }
  const [stuck] = missing.keys();
  if (stuck) throw refuse(`layer "${stuck.name}" takes an input no layer produces`);
}

function layerParts(layer: unknown): { className: string; name: string; config: Json } {
  if (!isObject(layer) || typeof layer['class_name'] !== 'string' || !isObject(layer['config']))
    throw refuse('a layer has no class_name or config');
  const config = layer['config'];
  const name = typeof layer['name'] === 'string' ? layer['name'] : config['name'];
  return { className: layer['class_name'], name: typeof name === 'string' ? name : '?', config };
}

/** batch_input_shape (Keras 2, tfjs), batch_shape (Keras 3) or input_shape without the batch. */
function declaredInputShape(config: Json): Shape | undefined {
  const batch = config['batch_input_shape'] ?? config['batch_shape'];
  if (batch !== undefined) return checkedShape(batch, config['name']);
  const input = config['input_shape'];
  if (input !== undefined) return [null, ...checkedShape(input, config['name'])];
  return undefined;
}

function checkedShape(value: unknown, layer: unknown): Shape {
  const ok =
    Array.isArray(value) &&
    value.length <= 8 &&
    value.every((d) => d === null || (Number.isSafeInteger(d) && (d as number) > 0));
  if (!ok) throw refuse(`layer "${String(layer)}" declares an invalid input shape`);
  return value as Shape;
}

function onlyOutput(outputs: Shape[], name: string): Shape {
  const [first] = outputs;
  if (outputs.length !== 1 || first === undefined)
    throw refuse(`layer "${name}" in a Sequential model must have one output`);
  return first;
}

/** A layer's output shapes for these inputs; its weights, if any, are added to `found`. */
function applyLayer(
  layer: unknown,
  inputs: Shape[],
  found: DeclaredLayer[],
  depth: number,
): Shape[] {
  const { className, name } = layerParts(layer);
  if (MODEL_CLASSES.has(className)) return walkModel(layer, inputs, found, depth + 1);
  const built = tfjsLayer(layer);
  if (!WEIGHTLESS.has(className)) {
    const elements = weightElements(className, built.getConfig(), inputs, name);
    found.push({ name, className, elements });
  }
  let output: tf.Shape | tf.Shape[];
  try {
    output = built.computeOutputShape(inputs.length === 1 ? (inputs[0] as Shape) : inputs);
  } catch (error) {
    throw refuse(
      `layer "${name}" (${className}) cannot take input ${JSON.stringify(inputs)}: ${(error as Error).message}`,
    );
  }
  const shapes = (Array.isArray(output[0]) || output.length === 0 ? output : [output]) as Shape[];
  for (const shape of shapes) checkOutputShape(shape, name);
  return shapes;
}

function checkOutputShape(shape: Shape, name: string): void {
  if (!shape.every((d) => d === null || (Number.isSafeInteger(d) && d >= 0)))
    throw refuse(`layer "${name}" would output the invalid shape ${JSON.stringify(shape)}`);
}

/** The tfjs layer object for a Keras layer config, constructed (never built: no weights). */
function tfjsLayer(layer: unknown): tf.layers.Layer {
  const { className, name, config } = layerParts(layer);
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw refuse(`layer "${name}" is of class ${className}, which tfjs does not know`);
  const [cls, fromConfig] = entry;
  try {
    return fromConfig(cls, pythonicToTs(config) as tf.serialization.ConfigDict) as tf.layers.Layer;
  } catch (error) {
    throw refuse(
      `layer "${name}" (${className}) has an invalid config: ${(error as Error).message}`,
    );
  }
}

/** Keras' snake_case config as the camelCase one tfjs constructs from (tfjs' own conversion). */
function pythonicToTs(value: unknown, parentKey?: string): unknown {
  if (typeof value === 'string') return toCamelCase(value);
  if (Array.isArray(value))
    return value.map((item, i) =>
      // Layer names in inbound_nodes stay as written, as tfjs keeps them.
      parentKey === 'inboundNodes' && i === 0 && typeof item === 'string'
        ? item
        : pythonicToTs(item, parentKey),
    );
  if (!isObject(value)) return value;
  const result: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'name' && typeof v === 'string') result[k] = v;
    else result[toCamelCase(k)] = pythonicToTs(v, toCamelCase(k));
  }
  return result;
}

function toCamelCase(text: string): string {
  return text.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The manifest's element count per layer, keyed by the layer part of each weight's name. */
function heldPerLayer(weights: readonly tf.io.WeightsManifestEntry[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const weight of weights) {
    // Weights are named "<layer>/<weight>", with any enclosing scopes in front.
    const parts = weight.name.split('/');
    const layer = parts.length >= 2 ? (parts[parts.length - 2] as string) : weight.name;
    const elements = weight.shape.reduce((a, b) => a * b, 1);
    held.set(layer, (held.get(layer) ?? 0) + elements);
  }
  return held;
}

/**
 * Refuses a model.json whose topology declares more weights than its manifest holds, layer by
 * layer and in all, before tfjs builds it (and allocates them). The manifest must be validated
 * first (weightBytes has checked its names and shapes).
 */
export function checkDeclaredSizes(
  modelTopology: unknown,
  manifest: tf.io.WeightsManifestConfig,
): void {
  const weights = manifest.flatMap((group) => group.weights);
  const held = heldPerLayer(weights);
  const declared = new Map<string, DeclaredLayer>();
  for (const layer of declaredLayers(modelTopology)) {
    const seen = declared.get(layer.name);
    declared.set(layer.name, { ...layer, elements: (seen?.elements ?? 0) + layer.elements });
  }
  for (const layer of declared.values()) {
    const holds = held.get(layer.name) ?? 0;
    if (layer.elements > holds)
      throw refuse(
        `layer "${layer.name}" declares ${layer.elements} weights but the pack holds ${holds} for it`,
        { layer: layer.name, declared: layer.elements, held: holds },
      );
  }
  const total = [...declared.values()].reduce((sum, l) => sum + l.elements, 0);
  const heldTotal = [...held.values()].reduce((sum, n) => sum + n, 0);
  if (total > heldTotal)
    throw refuse(`the model declares ${total} weights but the pack holds ${heldTotal}`);
}
