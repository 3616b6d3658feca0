import type { BlockInfo } from '../../src/common/models.js';

/** The slider's stops: every numbered block, then "top" (nothing of the base is fine-tuned). */
export function freezeStops(blocks: readonly BlockInfo[]): (number | 'top')[] {
  const numbered = blocks.map((b) => b.number).filter((n): n is number => n !== undefined);
  return [...numbered, 'top'];
}

/** The slider position of a setting (the last stop when the block is unknown). */
export function stopIndex(stops: readonly (number | 'top')[], value: number | 'top'): number {
  const index = stops.indexOf(value);
  return index === -1 ? stops.length - 1 : index;
}
