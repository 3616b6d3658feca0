import { describe, expect, it } from 'vitest';
import type { LayerRow } from '../../src/common/models.js';
import { layerWindow, nextFocus, shapeText, trainingParams } from './layerTable.js';

/**
 * The top of MobileNetV2 1.0 at 224×224 as the engine summarises it with "top" unfrozen: the
 * parameter counts are Keras' (a BatchNormalization layer has 4 per channel, 2 of them trainable).
 */
const top: LayerRow[] = [
  row('block_16_project', 'Conv2D', 'Block 16', [null, 7, 7, 320], 307_200, 307_200, false),
  row(
    'block_16_project_BN',
    'BatchNormalization',
    'Block 16',
    [null, 7, 7, 320],
    1_280,
    640,
    false,
  ),
  row('Conv_1', 'Conv2D', 'Top', [null, 7, 7, 1280], 409_600, 409_600, true),
  row('Conv_1_bn', 'BatchNormalization', 'Top', [null, 7, 7, 1280], 5_120, 2_560, true),
  row('out_relu', 'ReLU', 'Top', [null, 7, 7, 1280], 0, 0, true),
];

function row(
  name: string,
  className: string,
  block: string,
  outputShape: (number | null)[],
  params: number,
  trainableParams: number,
  trainable: boolean,
): LayerRow {
  // tfjs lists no trainable weights for a frozen layer.
  return {
    name,
    className,
    block,
    outputShape,
    params,
    trainableParams: trainable ? trainableParams : 0,
    trainable,
  };
}

describe('the layer table', () => {
  it('prints shapes as a teacher reads them, without the batch dimension', () => {
    expect(shapeText([null, 224, 224, 3])).toBe('224×224×3');
    expect(shapeText([null, 1280])).toBe('1280');
    expect(shapeText([null, null, null, 3])).toBe('?×?×3');
    expect(
      shapeText([
        [null, 7, 7, 320],
        [null, 7, 7, 320],
      ]),
    ).toBe('7×7×320, 7×7×320');
  });

  it('has a Trainable params column whose sum is the count the screen states', () => {
    const stated = top.reduce((sum, r) => sum + r.trainableParams, 0);
    expect(top.reduce((sum, r) => sum + trainingParams(r), 0)).toBe(stated);
    expect(stated).toBe(412_160);
    // The Params column over the training rows is larger: BatchNorm's moving averages never train.
    const paramsOfTrainingRows = top.filter((r) => r.trainable).reduce((s, r) => s + r.params, 0);
    expect(paramsOfTrainingRows - stated).toBe(2_560);
    expect(trainingParams(top[0] as LayerRow)).toBe(0);
  });

  it('shows 20 of 156 layers from where training starts, kept inside the table', () => {
    const layers = Array.from({ length: 156 }, (_, i) => `layer_${i}`);
    // MobileNetV2 unfrozen from block 15: its first layer is the 136th.
    const fromBlock15 = layerWindow(layers, 135, 20);
    expect(fromBlock15).toMatchObject({ offset: 135, first: 136, last: 155, hasPrevious: true });
    expect(fromBlock15.hasNext).toBe(true);
    // "top" trains the last 4 layers: the window ends with the table rather than running past it.
    expect(layerWindow(layers, 152, 20)).toMatchObject({ offset: 136, first: 137, last: 156 });
    expect(layerWindow(layers, 152, 20).hasNext).toBe(false);
    expect(layerWindow(layers, -20, 20)).toMatchObject({ offset: 0, first: 1, hasPrevious: false });
    expect(layerWindow(layers.slice(0, 7), 3, 20)).toMatchObject({ offset: 0, last: 7 });
    expect(layerWindow([], 0, 20)).toMatchObject({ rows: [], first: 0, last: 0, hasNext: false });
  });

  it('moves the one focus stop among the switches with the arrows, Home and End', () => {
    expect(nextFocus('ArrowDown', 0, 12)).toBe(1);
    expect(nextFocus('ArrowDown', 11, 12)).toBe(11);
    expect(nextFocus('ArrowUp', 0, 12)).toBe(0);
    expect(nextFocus('End', 3, 12)).toBe(11);
    expect(nextFocus('Home', 3, 12)).toBe(0);
    // Tab and Space keep their usual meaning: leave the table, switch the layer.
    expect(nextFocus('Tab', 3, 12)).toBe(-1);
    expect(nextFocus(' ', 3, 12)).toBe(-1);
    expect(nextFocus('ArrowDown', 0, 0)).toBe(-1);
  });
});
