import * as tf from '../tf.js';
import type { KernelArgs } from './convTaps.js';
import {
  CHANNEL_AFFINE,
  CHANNEL_AFFINE_GRAD,
  CLIPPED_RELU_GRAD,
  channelAffineGradKernel,
  channelAffineKernel,
  clippedReluGradKernel,
} from './channelOps.js';
import { conv2dBackpropFilterViaMatMul } from './conv2dBackpropFilter.js';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwiseBackprop.js';
import { depthwiseFilterGradientLoops, depthwiseInputGradientLoops } from './depthwiseLoops.js';
import { isPointwise, pointwiseBackpropInput } from './pointwiseBackpropInput.js';

type KernelFunc = (args: KernelArgs, backendName: string) => tf.TensorInfo | tf.TensorInfo[];

/** [kernel, fast version, the first version kept as the benchmark's baseline]. */
const MISSING_FILLS: [string, KernelFunc, KernelFunc][] = [
  ['Conv2DBackpropFilter', conv2dBackpropFilterViaMatMul, conv2dBackpropFilterViaMatMul],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseFilterGradientLoops, depthwiseBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseInputGradientLoops, depthwiseBackpropInput],
];

/** The app's own kernels (channelOps.ts), on the backends whose data a JavaScript loop can reach. */
const OWN_KERNELS: [string, KernelFunc][] = [
  [CHANNEL_AFFINE, channelAffineKernel],
  [CHANNEL_AFFINE_GRAD, channelAffineGradKernel],
  [CLIPPED_RELU_GRAD, clippedReluGradKernel],
];
const LOOP_BACKENDS = new Set(['wasm', 'cpu']);

/** Backends running the baseline kernels (see useBaselineTrainingKernels). */
const baseline = new Set<string>();
const overridden = new Set<string>();

/**
 * Fills gaps in a backend's gradient kernels with implementations built from kernels it has, adds
 * the app's own training kernels, and on wasm routes pointwise Conv2DBackpropInput to a matrix
 * product. Returns the names of the missing kernels it supplied, so the backend report can say
 * what was patched.
 */
export function registerTrainingKernels(backendName: string): string[] {
  const registered: string[] = [];
  for (const [kernelName, fast, first] of MISSING_FILLS) {
    if (tf.getKernel(kernelName, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName,
      backendName,
      kernelFunc: (args) => (baseline.has(backendName) ? first : fast)(args, backendName),
    });
    registered.push(kernelName);
  }
  if (LOOP_BACKENDS.has(backendName)) {
    for (const [kernelName, kernelFunc] of OWN_KERNELS) {
      if (tf.getKernel(kernelName, backendName) !== undefined) continue;
      tf.registerKernel({
        kernelName,
        backendName,
        kernelFunc: (args) => kernelFunc(args, backendName),
      });
    }
  }
  if (backendName === 'wasm') routePointwiseBackpropInput(backendName);
  return registered;
}

function routePointwiseBackpropInput(backendName: string): void {
  const own = tf.getKernel('Conv2DBackpropInput', backendName);
  if (!own || overridden.has(backendName)) return;
  overridden.add(backendName);
  tf.unregisterKernel('Conv2DBackpropInput', backendName);
  tf.registerKernel({
    ...own,
    kernelFunc: (args) =>
      !baseline.has(backendName) && isPointwise(args)
        ? pointwiseBackpropInput(args, backendName)
        : own.kernelFunc(args),
  });
}

/**
 * Runs the first, slower versions of the training kernels on `backendName` (and leaves the app's
 * own channel kernels out), so a benchmark can measure before and after in one run.
 */
export function useBaselineTrainingKernels(backendName: string, useBaseline: boolean): void {
  if (useBaseline) baseline.add(backendName);
  else baseline.delete(backendName);
}

/** Whether `useBaselineTrainingKernels` put `backendName` on the baseline kernels. */
export function usesBaselineTrainingKernels(backendName: string): boolean {
  return baseline.has(backendName);
}

/** Whether the active backend runs the app's channel kernels (channelOps.ts) now. */
export function channelKernelsActive(): boolean {
  const backend = tf.getBackend();
  return (
    !baseline.has(backend) &&
    OWN_KERNELS.every(([name]) => tf.getKernel(name, backend) !== undefined)
  );
}
