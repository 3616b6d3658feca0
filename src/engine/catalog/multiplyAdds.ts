import type * as tf from '../tf.js';

interface ConvConfig {
  kernelSize?: number | number[];
  filters?: number;
  depthMultiplier?: number;
  units?: number;
}

/**
 * Multiply-accumulates for one input through convolutions and dense layers (the figure papers
 * quote as "mult-adds"; FLOPs are about twice this). Pointwise work (BN, activations) is left out.
 */
export function multiplyAdds(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const config = layer.getConfig() as ConvConfig;
    if (className !== 'Conv2D' && className !== 'DepthwiseConv2D' && className !== 'Dense')
      continue;
    const out = layer.outputShape as (number | null)[];
    const inShape = (layer.input as tf.SymbolicTensor).shape;
    const inChannels = Number(inShape[inShape.length - 1]);
    if (className === 'Conv2D' || className === 'DepthwiseConv2D') {
      const [kh, kw] = kernel(config.kernelSize);
      const positions = Number(out[1]) * Number(out[2]);
      const perPosition =
        className === 'Conv2D'
          ? kh * kw * inChannels * Number(config.filters)
          : kh * kw * inChannels * (config.depthMultiplier ?? 1);
      total += positions * perPosition;
    } else {
      total += inChannels * Number(config.units);
    }
  }
  return total;
}

function kernel(size: number | number[] | undefined): [number, number] {
  if (Array.isArray(size)) return [size[0] ?? 1, size[1] ?? size[0] ?? 1];
  return [size ?? 1, size ?? 1];
}
