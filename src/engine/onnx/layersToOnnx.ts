import * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import { OnnxGraphBuilder } from './graphBuilder.js';
import { convertLayer, type ConvertContext, type OnnxTensor } from './layerConverters.js';

export interface OnnxExportOptions {
  /** Stop at this layer: e.g. the freeze line, so ORT computes the activations below it. */
  outputLayer?: string;
  metadata?: Record<string, string>;
}

/** ONNX opset written: 13 has every operator used and every runtime of the last years reads it. */
export const ONNX_OPSET = 13;

/**
 * Writes a tfjs layers model as an ONNX graph with its weights. The graph takes NHWC input like the
 * tfjs model ("input", [N, H, W, C]) and gives the same output ("output"); inside it runs NCHW, with
 * BatchNorm folded into the preceding convolution wherever that is exact.
 */
export function layersModelToOnnx(
  model: tf.LayersModel,
  options: OnnxExportOptions = {},
): Uint8Array {
  const input = model.inputs[0];
  if (!input || model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new AppError(
      'INVALID_ARGUMENT',
      'ONNX export needs a model with one input and one output',
    );
  }
  const builder = new OnnxGraphBuilder();
  builder.uniqueName('input');
  builder.uniqueName('output');
  const context: ConvertContext = { builder, foldedBatchNorms: foldableBatchNorms(model) };
  const tensors = new Map<string, OnnxTensor>();
  const inputLayer = input.sourceLayer.name;
  tensors.set(
    inputLayer,
    input.shape.length === 4
      ? {
          name: builder.node('Transpose', ['input'], 'input_nchw', { perm: [0, 3, 1, 2] }),
          layout: 'NCHW',
        }
      : { name: 'input', layout: 'NC' },
  );

  const outputLayer =
    options.outputLayer ?? (model.outputs[0] as tf.SymbolicTensor).sourceLayer.name;
  for (const layer of model.layers) {
    if (tensors.has(layer.name)) continue;
    const inputs = inboundLayers(layer).map((l) => tensors.get(l.name));
    if (inputs.some((t) => t === undefined))
      throw new AppError('INTERNAL', `Layer ${layer.name} reached before its inputs`);
    tensors.set(layer.name, convertLayer(layer, inputs as OnnxTensor[], context));
    if (layer.name === outputLayer) break;
  }
  const last = tensors.get(outputLayer);
  if (!last)
    throw new AppError('INVALID_ARGUMENT', `No layer named "${outputLayer}" in ${model.name}`);
  const outputShape = model.getLayer(outputLayer).outputShape as (number | null)[];
  if (last.layout === 'NCHW')
    builder.nodeNamed('Transpose', [last.name], 'output', { perm: [0, 2, 3, 1] });
  else builder.nodeNamed('Identity', [last.name], 'output');
  return builder.encode({
    name: model.name,
    input: { name: 'input', shape: input.shape.map((d) => d ?? 'N') },
    output: { name: 'output', shape: outputShape.map((d) => d ?? 'N') },
    opset: ONNX_OPSET,
    producerVersion: tf.version_layers,
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}

interface LayerNodes {
  inboundNodes: { inboundLayers: tf.layers.Layer[] }[];
}

export function inboundLayers(layer: tf.layers.Layer): tf.layers.Layer[] {
  const nodes = (layer as unknown as LayerNodes).inboundNodes;
  if (nodes.length > 1)
    throw new AppError(
      'INVALID_ARGUMENT',
      `ONNX export does not support the shared layer ${layer.name}`,
    );
  return nodes[0]?.inboundLayers ?? [];
}

/** BatchNorm layers whose only input is a linear convolution used by nothing else: they fold into it. */
function foldableBatchNorms(model: tf.LayersModel): Map<string, tf.layers.Layer> {
  const consumers = new Map<string, number>();
  for (const layer of model.layers) {
    for (const source of inboundLayers(layer))
      consumers.set(source.name, (consumers.get(source.name) ?? 0) + 1);
  }
  const folded = new Map<string, tf.layers.Layer>();
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const [source] = inboundLayers(layer);
    if (!source || !['Conv2D', 'DepthwiseConv2D'].includes(source.getClassName())) continue;
    const activation = (source.getConfig() as { activation?: string }).activation ?? 'linear';
    const axis = (layer.getConfig() as { axis?: number }).axis ?? -1;
    if (activation === 'linear' && consumers.get(source.name) === 1 && (axis === -1 || axis === 3))
      folded.set(source.name, layer);
  }
  return folded;
}
