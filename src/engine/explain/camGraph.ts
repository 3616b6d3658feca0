import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';

/**
 * Where Grad-CAM cuts a classifier: the last convolutional activation (before pooling), and the
 * tensor whose values are the class scores. A base that is a model nested inside the classifier
 * (a plain TF.js or Teachable Machine model used as one layer) is looked into.
 */
export interface CamGraph {
  model: tf.LayersModel;
  /** The last spatial activation on the way from the output back to the input: [n, h, w, c]. */
  activation: tf.SymbolicTensor;
  /** Spatial size of `activation`. */
  height: number;
  width: number;
  /** Class scores: the input of a final softmax when there is one (logits), else the output. */
  scores: ScoreRecipe;
  /**
   * The model from the classifier's input to `activation` when it can stand alone (its input is
   * the classifier's input): what onnxruntime runs on the split path. Undefined otherwise.
   */
  featureModel: () => tf.LayersModel | undefined;
  /** Nested models on the way to `activation`, outermost first, with what feeds each one. */
  nesting: NestedEntry[];
}

interface NestedEntry {
  inner: tf.SymbolicTensor[];
  outer: tf.SymbolicTensor[];
}

/** How the class scores are read: a tensor as is, or a softmax Dense layer applied without softmax. */
interface ScoreRecipe {
  tensor: tf.SymbolicTensor;
  linear?: tf.layers.Layer;
}

/** Locates the last convolutional activation and the class scores of an image classifier. */
export function camGraph(model: tf.LayersModel): CamGraph {
  const output = model.outputs[0];
  if (!output) throw notConvolutional(model, 'it has no output');
  const found = lastSpatialActivation(model, output);
  const [, height, width] = found.activation.shape.map(Number);
  return {
    model,
    activation: found.activation,
    height: height ?? 0,
    width: width ?? 0,
    scores: scoreRecipe(output),
    featureModel: () =>
      found.standsAlone
        ? tf.model({ inputs: found.container.inputs, outputs: found.activation })
        : undefined,
    nesting: found.nesting,
  };
}

interface FoundActivation {
  activation: tf.SymbolicTensor;
  /** The (possibly nested) model whose graph holds the activation. */
  container: tf.LayersModel;
  /** Whether every nested model on the way takes the classifier's own input. */
  standsAlone: boolean;
  nesting: NestedEntry[];
}

function lastSpatialActivation(model: tf.LayersModel, output: tf.SymbolicTensor): FoundActivation {
  let tensor = output;
  let container = model;
  let standsAlone = true;
  const nesting: NestedEntry[] = [];
  for (;;) {
    const layer = tensor.sourceLayer;
    if (layer instanceof tf.LayersModel) {
      // A nested base: carry on from its own output, inside its graph.
      standsAlone &&= sameTensors(tensor.inputs, container.inputs);
      nesting.push({ inner: layer.inputs, outer: tensor.inputs });
      container = layer;
      tensor = layer.outputs[tensor.tensorIndex] ?? tensor;
      continue;
    }
    if (layer.getClassName() === 'InputLayer')
      throw notConvolutional(model, 'no layer before its pooling keeps a spatial map');
    if (isSpatialMap(tensor)) return { activation: tensor, container, standsAlone, nesting };
    const previous = tensor.inputs[0];
    if (!previous) throw notConvolutional(model, `layer "${layer.name}" has no input`);
    tensor = previous;
  }
}

/** A feature map with more than one position: a 1×1 map (a pooled vector reshaped) does not count. */
function isSpatialMap(tensor: tf.SymbolicTensor): boolean {
  const [, height, width] = tensor.shape;
  return tensor.shape.length === 4 && Number(height) * Number(width) > 1;
}

function sameTensors(a: readonly tf.SymbolicTensor[], b: readonly tf.SymbolicTensor[]): boolean {
  return a.length === b.length && a.every((t, i) => t.id === b[i]?.id);
}

function scoreRecipe(output: tf.SymbolicTensor): ScoreRecipe {
  let tensor = output;
  while (tensor.sourceLayer instanceof tf.LayersModel)
    tensor = tensor.sourceLayer.outputs[tensor.tensorIndex] ?? tensor;
  const layer = tensor.sourceLayer;
  const activation = (layer.getConfig() as { activation?: unknown }).activation;
  const input = tensor.inputs[0];
  if (activation !== 'softmax' || !input) return { tensor: output };
  // The softmax's input is the class score Grad-CAM wants: a softmax output near 1 has almost no
  // gradient left, so the map would fade exactly when the model is most sure.
  if (layer.getClassName() === 'Activation') return { tensor: input };
  if (layer.getClassName() === 'Dense' && input.shape.length === 2)
    return { tensor: input, linear: layer };
  return { tensor: output };
}

/**
 * Computed values by symbolic tensor id, and the links that feed a nested model's inputs from the
 * tensors outside it (followed only when a value is needed, so a graph cut inside stays cut).
 */
export class Values {
  readonly computed = new Map<number, tf.Tensor>();
  readonly links = new Map<number, tf.SymbolicTensor>();

  constructor(known: [tf.SymbolicTensor, tf.Tensor][]) {
    for (const [symbolic, value] of known) this.computed.set(symbolic.id, value);
  }

  link(inner: readonly tf.SymbolicTensor[], outer: readonly tf.SymbolicTensor[]): void {
    inner.forEach((tensor, i) => {
      const from = outer[i];
      if (from) this.links.set(tensor.id, from);
    });
  }
}

/** Values of `tensor`, computing only what `values` does not hold yet. */
export function evaluate(tensor: tf.SymbolicTensor, values: Values): tf.Tensor {
  const known = values.computed.get(tensor.id);
  if (known) return known;
  const layer = tensor.sourceLayer;
  let result: tf.Tensor;
  const linked = values.links.get(tensor.id);
  if (linked) {
    result = evaluate(linked, values);
  } else if (layer instanceof tf.LayersModel) {
    // A nested model is run layer by layer too, so a cut inside it is honoured.
    values.link(layer.inputs, tensor.inputs);
    const inner = layer.outputs[tensor.tensorIndex];
    if (!inner) throw new AppError('INTERNAL', `Model "${layer.name}" has no such output`);
    result = evaluate(inner, values);
  } else {
    if (tensor.inputs.length === 0)
      throw new AppError('INTERNAL', `No value was given for input "${layer.name}"`);
    const inputs = tensor.inputs.map((input) => evaluate(input, values));
    const out = layer.apply(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs, {
      ...tensor.callArgs,
      training: false,
    }) as tf.Tensor | tf.Tensor[];
    result = Array.isArray(out) ? (out[tensor.tensorIndex] as tf.Tensor) : out;
  }
  values.computed.set(tensor.id, result);
  return result;
}

/** Class scores ([n × classes]) computed from the activation alone. */
export function scoresFromActivation(graph: CamGraph, activation: tf.Tensor): tf.Tensor2D {
  const values = new Values([[graph.activation, activation]]);
  const features = evaluate(graph.scores.tensor, values);
  const linear = graph.scores.linear;
  if (!linear) return features as tf.Tensor2D;
  const [kernel, bias] = linear.getWeights();
  const logits = tf.matMul(features as tf.Tensor2D, kernel as tf.Tensor2D);
  return (bias ? tf.add(logits, bias) : logits) as tf.Tensor2D;
}

/** The activation of a batch of model-ready images ([n, height, width, 3]). */
export function activationOf(graph: CamGraph, images: tf.Tensor): tf.Tensor4D {
  const input = graph.model.inputs[0];
  if (!input) throw new AppError('INTERNAL', 'The model has no input');
  return tf.tidy(() => {
    const values = new Values([[input, images]]);
    // The activation's own graph starts at the nested models' inputs: feed them from outside.
    for (const entry of graph.nesting) values.link(entry.inner, entry.outer);
    return evaluate(graph.activation, values) as tf.Tensor4D;
  });
}

function notConvolutional(model: tf.LayersModel, why: string): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    `Cannot show where model "${model.name}" looked: ${why} (Grad-CAM needs a convolutional base)`,
  );
}
