import { describe, expect, it } from 'vitest';
import { freezeStops, stopIndex } from './freezeOptions.js';

describe('freeze slider stops', () => {
  const blocks = [
    { id: 'stem', label: 'Stem', layers: [], params: 1 },
    { id: 'block_0', label: 'Block 0', number: 0, layers: [], params: 1 },
    { id: 'block_1', label: 'Block 1', number: 1, layers: [], params: 1 },
    { id: 'top', label: 'Top', layers: [], params: 1 },
  ];
  it('offers each numbered block, then no fine-tuning', () => {
    const stops = freezeStops(blocks);
    expect(stops).toEqual([0, 1, 'top']);
    expect(stopIndex(stops, 1)).toBe(1);
    expect(stopIndex(stops, 'top')).toBe(2);
    expect(stopIndex(stops, 14)).toBe(2);
  });
});
