import type { LayerRow } from '../../src/common/models.js';

/** "224×224×3" for [null, 224, 224, 3]: the batch size is not the student's concern. */
export function shapeText(shape: LayerRow['outputShape']): string {
  const one = (s: readonly (number | null)[]) =>
    s
      .slice(s[0] === null ? 1 : 0)
      .map((d) => (d === null ? '?' : String(d)))
      .join('×');
  const nested = shape.length > 0 && Array.isArray(shape[0]);
  return nested
    ? (shape as (number | null)[][]).map(one).join(', ')
    : one(shape as (number | null)[]);
}

/**
 * Parameters of a layer that change in fine-tuning: its trainable weights when it trains, else
 * none. A BatchNormalization layer's moving mean and variance are counted in its Params but never
 * trained, which is why this column is not the Params column.
 */
export function trainingParams(row: LayerRow): number {
  return row.trainable ? row.trainableParams : 0;
}

/**
 * The rows from `offset` on, one page's worth: a page may start anywhere (at the first layer that
 * trains, say), and is moved back inside the table when it would run past an end.
 */
export function layerWindow<T>(
  rows: readonly T[],
  offset: number,
  size: number,
): {
  rows: T[];
  offset: number;
  first: number;
  last: number;
  hasPrevious: boolean;
  hasNext: boolean;
} {
  const at = Math.max(0, Math.min(offset, rows.length - size));
  const shown = rows.slice(at, at + size);
  return {
    rows: shown,
    offset: at,
    first: shown.length ? at + 1 : 0,
    last: at + shown.length,
    hasPrevious: at > 0,
    hasNext: at + shown.length < rows.length,
  };
}

/**
 * Where the arrow keys take the focus among `count` switches (one tab stop for all of them, the
 * roving focus pattern): -1 when the key is not one of them.
 */
export function nextFocus(key: string, current: number, count: number): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return -1;
  }
}
