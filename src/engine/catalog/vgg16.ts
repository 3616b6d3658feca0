import * as tf from '../tf.js';
import { apply, globalAveragePool, imageInput } from './layers.js';

/** keras.applications.VGG16's five conv blocks: [filters, convolutions]. */
const BLOCKS: [number, number][] = [
  [64, 2],
  [128, 2],
  [256, 3],
  [512, 3],
  [512, 3],
];

/** VGG16 with include_top=False and pooling='avg'. */
export function buildVgg16(inputSize: number): tf.LayersModel {
  const input = imageInput(inputSize);
  let x = input;
  BLOCKS.forEach(([filters, count], b) => {
    for (let c = 1; c <= count; c++) {
      // Keras' VGG16 convolutions carry their ReLU inside the layer, so there is no separate layer.
      x = apply(
        tf.layers.conv2d({
          name: `block${b + 1}_conv${c}`,
          filters,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        x,
      );
    }
    x = apply(tf.layers.maxPooling2d({ name: `block${b + 1}_pool`, poolSize: 2, strides: 2 }), x);
  });
  return tf.model({ inputs: input, outputs: globalAveragePool(x), name: `vgg16_${inputSize}` });
}

export function vgg16Block(layerName: string): number | undefined {
  const match = /^block(\d)_/.exec(layerName);
  return match ? Number(match[1]) : undefined;
}
