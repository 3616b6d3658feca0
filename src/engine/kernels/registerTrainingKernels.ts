import * as tf from '../tf.js';
import { conv2dBackpropFilterViaMatMul } from './conv2dBackpropFilter.js';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwiseBackprop.js';

type KernelFunc = (
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
  backendName: string,
) => tf.TensorInfo;

const REPLACEMENTS: [string, KernelFunc][] = [
  ['Conv2DBackpropFilter', conv2dBackpropFilterViaMatMul],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput],
];

/**
 * Fills gaps in a backend's gradient kernels with implementations built from kernels it has.
 * Returns the names registered, so the backend report can say what was patched.
 */
export function registerTrainingKernels(backendName: string): string[] {
  const registered: string[] = [];
  for (const [kernelName, kernelFunc] of REPLACEMENTS) {
    if (tf.getKernel(kernelName, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName,
      backendName,
      kernelFunc: (args) => kernelFunc(args, backendName),
    });
    registered.push(kernelName);
  }
  return registered;
}
