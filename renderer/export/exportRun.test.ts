import { describe, expect, it } from 'vitest';
import { exportSteps } from './exportRun.js';

describe('the steps of an export', () => {
  it('writes one format into the folder itself, several into a sub-folder each', () => {
    const out = '/home/s/.transfer-studio/exports/flowers 2';
    expect(exportSteps(out, ['tfjs'])).toEqual([{ format: 'tfjs', out }]);
    expect(exportSteps(`${out}/`, ['tfjs', 'onnx', 'keras']).map((s) => s.out)).toEqual([
      `${out}/tfjs`,
      `${out}/onnx`,
      `${out}/keras`,
    ]);
    expect(exportSteps('C:\\Users\\s\\exports\\flowers\\', ['tfjs', 'onnx'])[1]?.out).toBe(
      'C:\\Users\\s\\exports\\flowers/onnx',
    );
    expect(exportSteps(out, [])).toEqual([]);
  });
});
