import * as tf from '../tf.js';

type KernelInputs = tf.NamedTensorInfoMap | tf.TensorInfo[];

/**
 * Runs other kernels of the same backend from inside a kernel, the way backends compose their own
 * kernels, and frees every intermediate result at the end unless it was kept as the output.
 */
export class KernelScratch {
  private readonly owned = new Set<tf.TensorInfo>();

  constructor(
    private readonly backend: tf.KernelBackend,
    private readonly backendName: string,
  ) {}

  run(
    kernelName: string,
    inputs: KernelInputs,
    attrs: Record<string, unknown> = {},
  ): tf.TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (!kernel) throw new Error(`The ${this.backendName} backend has no ${kernelName} kernel`);
    const output = kernel.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      attrs: attrs as tf.NamedAttrMap,
      backend: this.backend,
    });
    if (Array.isArray(output)) throw new Error(`${kernelName} returned several outputs`);
    this.owned.add(output);
    return output;
  }

  /** StridedSlice with plain begin/end/strides; `shrinkAxisMask` drops size-1 axes. */
  stridedSlice(
    x: tf.TensorInfo,
    begin: number[],
    end: number[],
    strides: number[],
    shrinkAxisMask = 0,
  ): tf.TensorInfo {
    return this.run(
      'StridedSlice',
      { x },
      {
        begin,
        end,
        strides,
        beginMask: 0,
        endMask: 0,
        ellipsisMask: 0,
        newAxisMask: 0,
        shrinkAxisMask,
      },
    );
  }

  /** Hands `info` to the caller: it is not freed by `dispose`. */
  keep(info: tf.TensorInfo): tf.TensorInfo {
    this.owned.delete(info);
    return info;
  }

  dispose(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.clear();
  }
}
