import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom, type Random } from '../../../common/random.js';

/**
 * The project's own sample dataset: circles, squares and triangles drawn in varied colours, sizes,
 * positions and rotations on varied backgrounds, so the demo has real images to learn from
 * without anything downloaded.
 */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle'] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];

export interface ShapeSampleOptions {
  perClass?: number;
  size?: number;
  seed?: number;
}

export async function writeShapeSamples(
  outDir: string,
  options: ShapeSampleOptions = {},
): Promise<number> {
  const perClass = options.perClass ?? 60;
  const size = options.size ?? 64;
  const random = seededRandom(options.seed ?? 2026);
  let written = 0;
  for (const shape of SHAPE_CLASSES) {
    await mkdir(join(outDir, shape), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const png = await sharp(Buffer.from(shapeSvg(shape, size, random)))
        .png()
        .toBuffer();
      await writeFile(join(outDir, shape, `${shape}-${String(i).padStart(3, '0')}.png`), png);
      written++;
    }
  }
  return written;
}

export function shapeSvg(shape: ShapeClass, size: number, random: Random): string {
  const hue = Math.floor(random() * 360);
  const background = `hsl(${(hue + 90 + Math.floor(random() * 180)) % 360}, ${20 + random() * 40}%, ${25 + random() * 50}%)`;
  const fill = `hsl(${hue}, ${50 + random() * 50}%, ${35 + random() * 40}%)`;
  const extent = size * (0.3 + random() * 0.4);
  const cx = extent / 2 + random() * (size - extent);
  const cy = extent / 2 + random() * (size - extent);
  const angle = random() * 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
<rect width="100%" height="100%" fill="${background}"/>
${shapeElement(shape, cx, cy, extent, angle, fill)}
</svg>`;
}

function shapeElement(
  shape: ShapeClass,
  cx: number,
  cy: number,
  extent: number,
  angle: number,
  fill: string,
): string {
  const r = extent / 2;
  const rotate = `transform="rotate(${angle.toFixed(1)} ${cx.toFixed(1)} ${cy.toFixed(1)})"`;
  if (shape === 'circle') return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`;
  if (shape === 'square') {
    const side = extent / Math.SQRT2;
    return `<rect x="${cx - side / 2}" y="${cy - side / 2}" width="${side}" height="${side}" fill="${fill}" ${rotate}/>`;
  }
  const points = [0, 120, 240]
    .map((a) => ((a - 90) * Math.PI) / 180)
    .map((a) => `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`)
    .join(' ');
  return `<polygon points="${points}" fill="${fill}" ${rotate}/>`;
}
