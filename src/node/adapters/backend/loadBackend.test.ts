import { describe, expect, it } from 'vitest';
import { backendReportSchema } from '../../../common/backend.js';
import { classifyLoadError, loadBackend, type BackendDeps, type TfRuntime } from './loadBackend.js';

/** A tfjs stand-in whose backends succeed or fail as each test says. */
function fakeTf(
  working: Record<string, boolean>,
  gpuDevice = true,
): TfRuntime & { active: string } {
  const runtime = {
    active: 'none',
    async setBackend(name: string) {
      if (working[name] !== true) return false;
      runtime.active = name;
      return true;
    },
    getBackend: () => runtime.active,
    backend: () => ({ isUsingGpuDevice: gpuDevice }),
    env: () => ({
      getAsync: async (flag: string) => flag === 'WASM_HAS_SIMD_SUPPORT',
      set: () => undefined,
    }),
    version_core: '4.22.0',
  };
  return runtime;
}

function moduleNotFound(id: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- x.js`), {
    code: 'MODULE_NOT_FOUND',
  });
}

function deps(
  failures: Record<string, Error>,
  tf: TfRuntime = fakeTf({ tensorflow: true, wasm: true, cpu: true }),
): BackendDeps {
  return {
    tf,
    requireModule: (id) => {
      const failure = failures[id];
      if (failure) throw failure;
      return {};
    },
    patchKernels: (name) => (name === 'wasm' ? ['Conv2DBackpropFilter'] : []),
  };
}

const GPU = '@tensorflow/tfjs-node-gpu';
const NATIVE = '@tensorflow/tfjs-node';
const WASM = '@tensorflow/tfjs-backend-wasm';

describe('loadBackend', () => {
  it('prefers the GPU build when it loads', async () => {
    const report = await loadBackend({ env: {} }, deps({}));
    expect(report.backend).toBe('tensorflow-gpu');
    expect(report.attempts).toEqual([
      { backend: 'tensorflow-gpu', outcome: 'selected', message: 'initialised on the GPU' },
    ]);
    expect(() => backendReportSchema.parse(report)).not.toThrow();
  });

  it('says so when the GPU build runs without a CUDA device', async () => {
    const tf = fakeTf({ tensorflow: true }, false);
    const report = await loadBackend({ env: {} }, deps({}, tf));
    expect(report.attempts[0]?.message).toMatch(/no CUDA device/);
  });

  it('falls back to native CPU TensorFlow when CUDA libraries are missing', async () => {
    const cuda = new Error(
      'libcudart.so.11.0: cannot open shared object file: No such file or directory',
    );
    const report = await loadBackend({ env: {} }, deps({ [GPU]: cuda }));
    expect(report.backend).toBe('tensorflow');
    expect(report.attempts[0]).toMatchObject({
      backend: 'tensorflow-gpu',
      outcome: 'skipped',
      reason: 'cuda-missing',
    });
  });

  it('falls back to WASM when neither native package is installed, and reports SIMD/threads', async () => {
    const report = await loadBackend(
      { env: {} },
      deps({ [GPU]: moduleNotFound(GPU), [NATIVE]: moduleNotFound(NATIVE) }),
    );
    expect(report.backend).toBe('wasm');
    expect(report.attempts.map((a) => a.reason)).toEqual([
      'module-absent',
      'module-absent',
      undefined,
    ]);
    expect(report.wasm).toEqual({ simd: true, threads: false });
    expect(report.patchedKernels).toEqual(['Conv2DBackpropFilter']);
  });

  it('reports an installed native package whose binary is missing', async () => {
    const binding = Object.assign(
      new Error("Cannot find module '/x/lib/napi-v8/tfjs_binding.node'"),
      { code: 'MODULE_NOT_FOUND' },
    );
    const report = await loadBackend(
      { env: {} },
      deps({ [GPU]: moduleNotFound(GPU), [NATIVE]: binding }),
    );
    expect(report.attempts[1]).toMatchObject({ reason: 'native-binary-missing' });
  });

  it('falls back to the JavaScript CPU backend when WASM fails to initialise', async () => {
    const tf = fakeTf({ cpu: true });
    const report = await loadBackend(
      { env: {} },
      deps({ [GPU]: moduleNotFound(GPU), [NATIVE]: moduleNotFound(NATIVE) }, tf),
    );
    expect(report.backend).toBe('cpu');
    expect(report.attempts[2]).toMatchObject({ backend: 'wasm', reason: 'init-failed' });
    expect(report.wasm).toBeUndefined();
  });

  it('records a native package that throws while loading as init-failed', async () => {
    const report = await loadBackend(
      { env: {} },
      deps({ [GPU]: moduleNotFound(GPU), [NATIVE]: new Error('Illegal instruction') }),
    );
    expect(report.attempts[1]).toMatchObject({
      reason: 'init-failed',
      message: 'Illegal instruction',
    });
  });

  it('obeys --backend over the environment variable, and marks the others not-requested', async () => {
    const report = await loadBackend(
      { flag: 'cpu', env: { TRANSFER_STUDIO_BACKEND: 'wasm' } },
      deps({}),
    );
    expect(report.backend).toBe('cpu');
    expect(report.requestedBy).toBe('flag');
    expect(report.attempts.filter((a) => a.reason === 'not-requested')).toHaveLength(3);
  });

  it('obeys the environment variable', async () => {
    const report = await loadBackend({ env: { TRANSFER_STUDIO_BACKEND: 'wasm' } }, deps({}));
    expect([report.backend, report.requestedBy]).toEqual(['wasm', 'env']);
  });

  it('fails clearly when the requested backend cannot start, instead of silently using another', async () => {
    const failing = loadBackend(
      { flag: 'tensorflow-gpu', env: {} },
      deps({ [GPU]: moduleNotFound(GPU) }),
    );
    await expect(failing).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('rejects an unknown backend name', async () => {
    await expect(loadBackend({ flag: 'tpu', env: {} }, deps({}))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('loadBackend with the real tfjs (no native packages installed here)', () => {
  it('selects a working backend, patches what it lacks, and it computes', async () => {
    const report = await loadBackend({ env: {} });
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(report.backend);
    const tf = await import('../../../engine/tf.js');
    expect(Array.from(tf.tensor([1, 2, 3]).mul(2).dataSync())).toEqual([2, 4, 6]);
    if (report.backend === 'wasm') {
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    }
  });

  it('runs the forced cpu backend', async () => {
    const report = await loadBackend({ flag: 'cpu', env: {} });
    const tf = await import('../../../engine/tf.js');
    expect([report.backend, tf.getBackend()]).toEqual(['cpu', 'cpu']);
  });
});

describe('classifyLoadError', () => {
  it.each([
    [moduleNotFound(GPU), GPU, 'module-absent'],
    [new Error('libcudnn.so.8: cannot open shared object file'), GPU, 'cuda-missing'],
    [
      new Error('The Node.js native addon module (tfjs_binding.node) can not be found'),
      NATIVE,
      'native-binary-missing',
    ],
    [moduleNotFound('some-dependency'), NATIVE, 'init-failed'],
    ['a thrown string', WASM, 'init-failed'],
  ])('%s → %s', (error, id, reason) => {
    expect(classifyLoadError(error, id).reason).toBe(reason);
  });
});
