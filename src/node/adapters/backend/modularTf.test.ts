import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CHAINED_METHOD_NAMES } from '../../../engine/chainedOps.js';
import * as tf from '../../../engine/tf.js';

const run = promisify(execFile);

/** The function names on Tensor.prototype after importing `specifier` alone in a fresh process. */
async function prototypeMethods(specifier: string): Promise<Set<string>> {
  const script = `
    const tf = await import(${JSON.stringify(specifier)});
    const proto = tf.Tensor.prototype;
    const names = Object.getOwnPropertyNames(proto).filter((n) => {
      const d = Object.getOwnPropertyDescriptor(proto, n);
      return typeof d.value === 'function';
    });
    process.stdout.write(JSON.stringify(names));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return new Set(JSON.parse(stdout) as string[]);
}

/** Kernel names with a registered gradient after importing `specifiers` in a fresh process. */
async function registeredGradients(specifiers: string[]): Promise<string[]> {
  const script = `
    for (const s of ${JSON.stringify(specifiers)}) await import(s);
    const core = await import('@tensorflow/tfjs-core');
    const kernels = Object.values(core).filter((v) => typeof v === 'string');
    const withGradient = kernels.filter((k) => core.getGradient(k) !== undefined);
    process.stdout.write(JSON.stringify([...new Set(withGradient)].sort()));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout) as string[];
}

describe('the modular tf namespace', () => {
  it('attaches exactly the chained methods the @tensorflow/tfjs umbrella attaches', async () => {
    const [coreOnly, umbrella] = await Promise.all([
      prototypeMethods('@tensorflow/tfjs-core'),
      prototypeMethods('@tensorflow/tfjs'),
    ]);
    const chainedByUmbrella = [...umbrella].filter((name) => !coreOnly.has(name)).sort();
    expect(chainedByUmbrella.length).toBeGreaterThan(100);
    expect([...CHAINED_METHOD_NAMES].sort()).toEqual(chainedByUmbrella);
  });

  it('registers the same gradients as the umbrella', async () => {
    const modular = await registeredGradients([
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-converter',
    ]);
    const umbrella = await registeredGradients(['@tensorflow/tfjs']);
    expect(umbrella.length).toBeGreaterThan(100);
    expect(modular).toEqual(umbrella);
  });

  it('computes through the chained methods like the functional ops', () => {
    const x = tf.tensor2d([
      [1, -2],
      [3, -4],
    ]);
    expect(Array.from(x.mul(2).add(1).dataSync())).toEqual([3, -3, 7, -7]);
    expect(x.toInt().dtype).toBe('int32');
    expect(x.as1D().shape).toEqual([4]);
    expect(x.concat(x, 0).shape).toEqual([4, 2]);
    expect(x.stack(x).shape).toEqual([2, 2, 2]);
    expect(Array.from(x.where(x.greater(0), tf.zerosLike(x)).dataSync())).toEqual([1, 0, 3, 0]);
    expect(Array.from(tf.tensor1d([0, 2], 'int32').oneHot(3, 1, 0).dataSync())).toEqual([
      1, 0, 0, 0, 0, 1,
    ]);
    expect(() => x.asScalar()).toThrow('only 1 element');
    x.dispose();
    expect(() => x.abs()).toThrow(/disposed/);
  });

  it('trains a layers model (the gradients are registered)', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[0], [1], [2], [3]]);
    const ys = tf.tensor2d([[1], [3], [5], [7]]);
    const history = await model.fit(xs, ys, { epochs: 30, verbose: 0 });
    const losses = history.history.loss as number[];
    const [first, last] = [losses[0] ?? NaN, losses.at(-1) ?? NaN];
    expect(last).toBeLessThan(first / 10);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
