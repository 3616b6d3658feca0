// Writes Fashion-MNIST examples (Debian's dataset-fashion-mnist package) as PNG files in class
// folders, for benchmarks: a real image dataset reachable offline.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_CLASSES = [
  't-shirt',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle-boot',
];

export function fashionMnistAvailable() {
  return existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'));
}

async function readIdx(name) {
  const data = gunzipSync(await readFile(join(FASHION_MNIST_DIR, name)));
  const dims = data[3];
  const shape = Array.from({ length: dims }, (_, i) => data.readUInt32BE(4 + i * 4));
  return { shape, values: data.subarray(4 + dims * 4) };
}

/** The first `perClass` examples of each class from the train or t10k split, as PNGs under `out`. */
export async function writeFashionMnist(out, split, perClass) {
  if (existsSync(join(out, '.complete'))) return out;
  const images = await readIdx(`${split}-images-idx3-ubyte.gz`);
  const labels = await readIdx(`${split}-labels-idx1-ubyte.gz`);
  const [, rows, cols] = images.shape;
  const counts = new Array(10).fill(0);
  for (const name of FASHION_CLASSES) await mkdir(join(out, name), { recursive: true });
  for (let i = 0; i < labels.values.length && counts.some((c) => c < perClass); i++) {
    const label = labels.values[i];
    if (counts[label] >= perClass) continue;
    const pixels = images.values.subarray(i * rows * cols, (i + 1) * rows * cols);
    const png = await sharp(Buffer.from(pixels), {
      raw: { width: cols, height: rows, channels: 1 },
    })
      .png()
      .toBuffer();
    await writeFile(join(out, FASHION_CLASSES[label], `${split}-${i}.png`), png);
    counts[label]++;
  }
  await writeFile(join(out, '.complete'), '');
  return out;
}
