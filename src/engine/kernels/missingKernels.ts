import * as tf from '../tf.js';

/** Gradient kernels that training a convolutional network needs from a backend. */
export const CONV_TRAINING_KERNELS = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
] as const;

/** The kernels of `names` that `backend` has not registered (tfjs-backend-wasm 4.22 lacks several). */
export function missingKernels(
  backend: string,
  names: readonly string[] = CONV_TRAINING_KERNELS,
): string[] {
  return names.filter((name) => tf.getKernel(name, backend) === undefined);
}
