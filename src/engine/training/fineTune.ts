import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import type { ModelFamily } from '../../common/models.js';
import type { TrainSettings } from '../../common/training.js';
import { applyFreezePlan, isInferenceModeBatchNorm, setInferenceMode } from '../freeze.js';
import { inboundLayers } from '../onnx/layersToOnnx.js';
import { useFastTrainingCalls } from './fastTrainingCalls.js';

export interface FreezeLineSplit {
  /** The frozen layer whose output crosses the freeze line: its activations are what gets cached. */
  cutLayer: string;
  /** Shape of one example's activations at the line. */
  cutShape: number[];
  /** Copies of the layers above the line, fed by the cached activations. */
  upper: tf.LayersModel;
}

/**
 * Splits a base at the freeze line for fine-tuning. Everything below the line is frozen, so its
 * output for an image never changes: it is computed once (by onnxruntime) and cached, and each
 * epoch runs only the unfrozen layers. Unfreezing MobileNet V2's top blocks therefore costs what
 * those blocks cost, not the whole network.
 */
export function splitAtFreezeLine(
  base: tf.LayersModel,
  family: ModelFamily,
  settings: TrainSettings,
): FreezeLineSplit {
  const unfreeze =
    settings.unfreezeFrom === 'top'
      ? { kind: 'from-block' as const, block: 'top' as const }
      : { kind: 'from-block' as const, block: settings.unfreezeFrom };
  applyFreezePlan(base, family, {
    unfreeze,
    overrides: settings.layerOverrides,
    batchNorm: settings.batchNorm,
  });
  const first = base.layers.findIndex((l) => l.trainable && l.weights.length > 0);
  if (first < 0)
    throw new AppError(
      'INVALID_ARGUMENT',
      'Nothing above the freeze line has weights to fine-tune',
    );
  const upperLayers = base.layers.slice(first);
  const lower = new Set(base.layers.slice(0, first));
  const crossing = new Set(
    upperLayers.flatMap((layer) => inboundLayers(layer).filter((l) => lower.has(l))),
  );
  if (crossing.size !== 1) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The freeze line must cut the network at a single tensor (a block boundary); ${[...crossing].map((l) => l.name).join(', ')} cross it`,
    );
  }
  const cut = [...crossing][0] as tf.layers.Layer;
  const cutShape = (cut.outputShape as (number | null)[]).slice(1).map(Number);
  return { cutLayer: cut.name, cutShape, upper: cloneAbove(base, cut, upperLayers, cutShape) };
}

function cloneAbove(
  base: tf.LayersModel,
  cut: tf.layers.Layer,
  layers: tf.layers.Layer[],
  cutShape: number[],
): tf.LayersModel {
  const input = tf.input({ shape: cutShape, name: `${cut.name}_activations` });
  const outputs = new Map<string, tf.SymbolicTensor>([[cut.name, input]]);
  for (const layer of layers) {
    const clone = cloneLayer(layer);
    const inputs = inboundLayers(layer).map((l) => outputs.get(l.name) as tf.SymbolicTensor);
    const output = clone.apply(
      inputs.length === 1 ? (inputs[0] as tf.SymbolicTensor) : inputs,
    ) as tf.SymbolicTensor;
    clone.setWeights(layer.getWeights());
    clone.trainable = layer.trainable;
    if (clone.getClassName() === 'BatchNormalization')
      setInferenceMode(clone, isInferenceModeBatchNorm(layer));
    outputs.set(layer.name, output);
  }
  const last = base.outputs[0]?.sourceLayer.name ?? '';
  const upper = tf.model({
    inputs: input,
    outputs: outputs.get(last) as tf.SymbolicTensor,
    name: `${base.name}_above_${cut.name}`,
  });
  // The output layer also feeds whatever comes next (the head): count it as consumed.
  useFastTrainingCalls(upper.layers, (layer) =>
    layer.name === last ? [...inboundLayers(layer), layer] : inboundLayers(layer),
  );
  return upper;
}

/** A new layer with the same configuration (and name), not yet connected to anything. */
function cloneLayer(layer: tf.layers.Layer): tf.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  if (!entry)
    throw new AppError(
      'INVALID_ARGUMENT',
      `Cannot fine-tune through ${layer.getClassName()} layers`,
    );
  const [cls, fromConfig] = entry;
  return fromConfig(cls, layer.getConfig()) as unknown as tf.layers.Layer;
}

/** Copies weights from one model's layers into the same-named layers of others. */
export function copyWeightsByLayerName(from: tf.LayersModel, ...into: tf.LayersModel[]): void {
  for (const layer of from.layers) {
    if (layer.weights.length === 0) continue;
    for (const target of into) {
      const match = target.layers.find((l) => l.name === layer.name);
      if (match) match.setWeights(layer.getWeights());
    }
  }
}
