import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterViaMatMul } from './conv2dBackpropFilter.js';

/**
 * Fills gaps in a backend's gradient kernels with implementations built from kernels it has.
 * Returns the names registered, so the backend report can say what was patched.
 */
export function registerTrainingKernels(backendName: string): string[] {
  const registered: string[] = [];
  if (tf.getKernel('Conv2DBackpropFilter', backendName) === undefined) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName,
      kernelFunc: (args) => conv2dBackpropFilterViaMatMul(args, backendName),
    });
    registered.push('Conv2DBackpropFilter');
  }
  return registered;
}
