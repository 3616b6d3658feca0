import type * as tf from '../tf.js';
import type { LayerRow, ModelFamily, ModelSummary } from '../../common/models.js';
import { isInferenceModeBatchNorm } from '../freeze.js';
import { modelBlocks } from './blocks.js';
import { multiplyAdds } from './multiplyAdds.js';

/** Keras' model.summary() as data: one row per layer, with its block and whether it trains. */
export function summarizeModel(model: tf.LayersModel, family: ModelFamily): ModelSummary {
  const blocks = modelBlocks(model, family);
  const blockOf = new Map(blocks.flatMap((b) => b.layers.map((name) => [name, b.label] as const)));
  const rows = model.layers.map((layer): LayerRow => {
    const trainableParams = layer.trainableWeights.reduce((sum, w) => sum + size(w.shape), 0);
    const row: LayerRow = {
      name: layer.name,
      className: layer.getClassName(),
      outputShape: layer.outputShape as LayerRow['outputShape'],
      params: layer.countParams(),
      trainableParams,
      trainable: layer.trainable,
      block: blockOf.get(layer.name) ?? '',
    };
    if (layer.getClassName() === 'BatchNormalization')
      row.inferenceMode = isInferenceModeBatchNorm(layer);
    return row;
  });
  const totalParams = rows.reduce((sum, r) => sum + r.params, 0);
  const trainableParams = rows.reduce((sum, r) => sum + r.trainableParams, 0);
  return {
    name: model.name,
    family,
    rows,
    blocks,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    multiplyAdds: multiplyAdds(model),
  };
}

function size(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((product, d) => product * (d ?? 1), 1);
}
