import type * as tf from './tf.js';
import { AppError } from '../common/errors.js';
import type { FreezePlan, ModelFamily } from '../common/models.js';
import { modelBlocks } from './catalog/blocks.js';

type CallArgs = [inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>];
interface PatchableLayer {
  call(...args: CallArgs): tf.Tensor | tf.Tensor[];
}

/** BatchNorm layers whose `call` is pinned to inference mode by `setInferenceMode`. */
const pinnedToInference = new WeakSet<object>();

/**
 * Sets `trainable` on every layer from the plan. tfjs, unlike Keras, lets a frozen BatchNorm keep
 * updating its moving statistics during fit; BatchNorm layers are therefore pinned to inference mode
 * when frozen, and also when unfrozen unless the plan says `batchNorm: 'train'`. A model must be
 * compiled again after this, as in Keras.
 */
export function applyFreezePlan(
  model: tf.LayersModel,
  family: ModelFamily,
  plan: FreezePlan,
): void {
  const firstTrainable = firstTrainableIndex(model, family, plan);
  model.layers.forEach((layer, index) => {
    layer.trainable = plan.overrides[layer.name] ?? index >= firstTrainable;
    if (layer.getClassName() === 'BatchNormalization') {
      setInferenceMode(layer, !layer.trainable || plan.batchNorm === 'inference');
    }
  });
  const unknown = Object.keys(plan.overrides).filter(
    (name) => !model.layers.some((l) => l.name === name),
  );
  if (unknown.length > 0)
    throw new AppError('INVALID_ARGUMENT', `No such layers: ${unknown.join(', ')}`);
}

function firstTrainableIndex(model: tf.LayersModel, family: ModelFamily, plan: FreezePlan): number {
  const { unfreeze } = plan;
  if (unfreeze.kind === 'none') return model.layers.length;
  if (unfreeze.kind === 'all') return 0;
  const layerName =
    unfreeze.kind === 'from-layer'
      ? unfreeze.layer
      : firstLayerOfBlock(model, family, unfreeze.block);
  if (layerName === undefined) return model.layers.length;
  const index = model.layers.findIndex((l) => l.name === layerName);
  if (index < 0)
    throw new AppError('INVALID_ARGUMENT', `No layer named "${layerName}" in ${model.name}`);
  return index;
}

function firstLayerOfBlock(
  model: tf.LayersModel,
  family: ModelFamily,
  block: number | 'top',
): string | undefined {
  const blocks = modelBlocks(model, family);
  const found = blocks.find((b) => (block === 'top' ? b.id === 'top' : b.number === block));
  // A model without numbered blocks (a plain TF.js model cut at a chosen layer) has no layers
  // after its last block: unfreezing "the top" unfreezes nothing, as it would after the output.
  if (block === 'top' && !found && blocks.every((b) => b.number === undefined)) return undefined;
  if (!found?.layers[0]) {
    const known = blocks.filter((b) => b.number !== undefined).map((b) => b.number);
    throw new AppError(
      'INVALID_ARGUMENT',
      `No block ${block} in ${model.name}; blocks are ${known.join(', ')} and top`,
    );
  }
  return found.layers[0];
}

export function setInferenceMode(layer: tf.layers.Layer, inference: boolean): void {
  const patchable = layer as unknown as Partial<PatchableLayer>;
  if (inference === pinnedToInference.has(layer)) return;
  if (!inference) {
    // The instance property shadows the prototype's call; deleting it restores the original.
    delete patchable.call;
    pinnedToInference.delete(layer);
    return;
  }
  const prototypeCall = (Object.getPrototypeOf(layer) as PatchableLayer).call;
  patchable.call = function (this: PatchableLayer, inputs, kwargs) {
    return prototypeCall.call(this, inputs, { ...kwargs, training: false });
  };
  pinnedToInference.add(layer);
}

export function isInferenceModeBatchNorm(layer: tf.layers.Layer): boolean {
  return pinnedToInference.has(layer);
}
