import sharp from 'sharp';
import { openDatasetSource } from './openSource.js';
import { decodeImage } from '../../adapters/image/decode.js';

export interface Thumbnail {
  path: string;
  /** A small JPEG as a data: URL (the renderer's CSP allows data: images and nothing remote). */
  dataUrl?: string;
  problem?: string;
}

/**
 * Small square previews of dataset images (folder or zip), decoded like training decodes them
 * (orientation applied, transparency flattened) and centre-cropped. A file that cannot be read
 * gets its reason instead of failing the whole batch.
 */
export async function datasetThumbnails(
  dataset: string,
  paths: readonly string[],
  size: number,
): Promise<Thumbnail[]> {
  const source = await openDatasetSource(dataset);
  try {
    const thumbnails: Thumbnail[] = [];
    for (const path of paths) {
      try {
        thumbnails.push({ path, dataUrl: await thumbnail(await source.read(path), size) });
      } catch (error) {
        thumbnails.push({ path, problem: (error as Error).message });
      }
    }
    return thumbnails;
  } finally {
    await source.close();
  }
}

export async function thumbnail(bytes: Uint8Array, size: number): Promise<string> {
  const image = await decodeImage(bytes);
  const jpeg = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(size, size, { fit: 'cover' })
    .jpeg({ quality: 75 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
