import * as tf from '../tf.js';

/** The parts of tfjs-backend-wasm's backend that let a kernel read and write its heap in place. */
interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

function isHeapBackend(backend: unknown): backend is HeapBackend {
  const candidate = backend as Partial<HeapBackend>;
  return (
    typeof candidate.typedArrayFromHeap === 'function' && typeof candidate.makeOutput === 'function'
  );
}

/**
 * Runs a kernel written as plain loops over float32 arrays. On wasm the loops read and write the
 * module's heap in place (no copies); elsewhere (cpu) they read the backend's arrays. Outputs start
 * zeroed. Element-wise passes and depthwise gradients are memory-bound or tiny, and one tight loop
 * beats the chain of broadcasts, slices and reductions the same result takes in kernels.
 */
export function runFloatKernel(
  backendObject: unknown,
  inputs: tf.TensorInfo[],
  outputShapes: number[][],
  compute: (inputs: Float32Array[], outputs: Float32Array[]) => void,
): tf.TensorInfo[] {
  for (const input of inputs) {
    if (input.dtype !== 'float32') throw new Error(`expected float32 input, got ${input.dtype}`);
  }
  const backend = backendObject as tf.KernelBackend;
  if (isHeapBackend(backend)) {
    // Allocate first: growing the heap detaches every view taken before.
    const infos = outputShapes.map((shape) => backend.makeOutput(shape, 'float32'));
    const outputs = infos.map((info) => backend.typedArrayFromHeap(info).fill(0));
    compute(
      inputs.map((info) => backend.typedArrayFromHeap(info)),
      outputs,
    );
    return infos;
  }
  const outputs = outputShapes.map((shape) => new Float32Array(tf.util.sizeFromShape(shape)));
  compute(
    inputs.map((info) => backend.readSync(info.dataId) as Float32Array),
    outputs,
  );
  const maker = backend as unknown as {
    makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
  };
  return outputs.map((values, i) =>
    maker.makeTensorInfo(outputShapes[i] as number[], 'float32', values),
  );
}
