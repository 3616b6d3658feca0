import type { Preprocessing } from '../../../common/preprocessing.js';

/** A class activation map at the model's last convolutional resolution, row-major, in [0, 1]. */
export interface ModelHeatmap {
  heatmap: Float32Array;
  height: number;
  width: number;
}

export interface ImageSize {
  width: number;
  height: number;
}

/** The map's value at a point of the original image (pixel units, orientation applied). */
export type HeatmapSampler = (x: number, y: number) => number;

/**
 * Reads the map where the model saw each point of the image, undoing the recorded resize: a
 * stretch, a centre crop (points cropped away were not seen: 0) or padding (the bars are skipped).
 * Values between map cells are interpolated bilinearly.
 */
export function heatmapSampler(
  map: ModelHeatmap,
  image: ImageSize,
  preprocessing: Pick<Preprocessing, 'width' | 'height' | 'resize'>,
): HeatmapSampler {
  const { width: w, height: h } = preprocessing;
  const { sx, sy } = resizeScale(image, preprocessing);
  const offsetX = (w - image.width * sx) / 2;
  const offsetY = (h - image.height * sy) / 2;
  return (x, y) => {
    const u = x * sx + offsetX;
    const v = y * sy + offsetY;
    if (u < 0 || v < 0 || u > w || v > h) return 0;
    return bilinear(map, (u / w) * map.width - 0.5, (v / h) * map.height - 0.5);
  };
}

/** Model pixels per image pixel on each axis; sharp's cover and contain scale both axes alike. */
function resizeScale(
  image: ImageSize,
  preprocessing: Pick<Preprocessing, 'width' | 'height' | 'resize'>,
): { sx: number; sy: number } {
  const sx = preprocessing.width / image.width;
  const sy = preprocessing.height / image.height;
  if (preprocessing.resize === 'center-crop') return { sx: Math.max(sx, sy), sy: Math.max(sx, sy) };
  if (preprocessing.resize === 'pad') return { sx: Math.min(sx, sy), sy: Math.min(sx, sy) };
  return { sx, sy };
}

function bilinear(map: ModelHeatmap, column: number, row: number): number {
  const c = Math.min(Math.max(column, 0), map.width - 1);
  const r = Math.min(Math.max(row, 0), map.height - 1);
  const c0 = Math.floor(c);
  const r0 = Math.floor(r);
  const c1 = Math.min(c0 + 1, map.width - 1);
  const r1 = Math.min(r0 + 1, map.height - 1);
  const at = (rr: number, cc: number) => map.heatmap[rr * map.width + cc] ?? 0;
  const top = at(r0, c0) + (at(r0, c1) - at(r0, c0)) * (c - c0);
  const bottom = at(r1, c0) + (at(r1, c1) - at(r1, c0)) * (c - c0);
  return top + (bottom - top) * (r - r0);
}

/**
 * The map over the whole image, rows top to bottom, with cells no larger than the model's map
 * cells as they land on the image (so never coarser than the last convolutional layer).
 */
export function imageHeatmap(
  map: ModelHeatmap,
  image: ImageSize,
  preprocessing: Pick<Preprocessing, 'width' | 'height' | 'resize'>,
): number[][] {
  const sample = heatmapSampler(map, image, preprocessing);
  const { columns, rows } = imageGrid(map, image, preprocessing);
  const cellWidth = image.width / columns;
  const cellHeight = image.height / rows;
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) =>
      round(sample((c + 0.5) * cellWidth, (r + 0.5) * cellHeight)),
    ),
  );
}

function imageGrid(
  map: ModelHeatmap,
  image: ImageSize,
  preprocessing: Pick<Preprocessing, 'width' | 'height' | 'resize'>,
): { columns: number; rows: number } {
  const { sx, sy } = resizeScale(image, preprocessing);
  // One map cell spans this many image pixels.
  const cellWidth = preprocessing.width / map.width / sx;
  const cellHeight = preprocessing.height / map.height / sy;
  const cells = (length: number, cell: number) => Math.max(1, Math.ceil(length / cell - 1e-6));
  return { columns: cells(image.width, cellWidth), rows: cells(image.height, cellHeight) };
}

/** Four decimals are far below what a colour map shows, and keep a JSON line short. */
function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
