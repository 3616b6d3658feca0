import { describe, expect, it } from 'vitest';
import { imageHeatmap, type ModelHeatmap } from './heatmapGeometry.js';

/** A 5×5 map that is 1 in one cell and 0 elsewhere. */
function oneHot(row: number, column: number): ModelHeatmap {
  const heatmap = new Float32Array(25);
  heatmap[row * 5 + column] = 1;
  return { heatmap, height: 5, width: 5 };
}

const model = { width: 10, height: 10 };

describe('the heatmap over the whole image', () => {
  it('keeps the map’s resolution and values when the image was stretched', () => {
    const ramp: ModelHeatmap = {
      heatmap: Float32Array.from({ length: 16 }, (_, i) => (i % 4) / 3),
      height: 4,
      width: 4,
    };
    const grid = imageHeatmap(ramp, { width: 64, height: 32 }, { ...model, resize: 'stretch' });
    expect(grid).toHaveLength(4);
    for (const row of grid) expect(row).toEqual([0, 0.3333, 0.6667, 1]);
  });

  it('puts a centre crop’s map on the part of the image the model saw, 0 on the rest', () => {
    // 200×100 cropped to its middle 100×100; each map cell covers 20 image pixels.
    const grid = imageHeatmap(
      oneHot(2, 4),
      { width: 200, height: 100 },
      {
        ...model,
        resize: 'center-crop',
      },
    );
    expect(grid).toHaveLength(5);
    expect(grid[2]).toEqual([0, 0, 0, 0, 0, 0, 0.5, 1, 0, 0]);
    expect(grid[0]?.every((v) => v === 0)).toBe(true);
  });

  it('leaves out the bars that padding added', () => {
    // 200×100 scaled into the middle half of a 10×10 input: map rows 0 and 4 are padding.
    const size = { width: 200, height: 100 };
    const padded = { ...model, resize: 'pad' as const };
    const onPadding = imageHeatmap(oneHot(0, 2), size, padded);
    expect(onPadding.flat().every((v) => v === 0)).toBe(true);
    const onImage = imageHeatmap(oneHot(2, 2), size, padded);
    expect(onImage).toHaveLength(3);
    expect(onImage[1]).toEqual([0, 0, 1, 0, 0]);
  });
});
