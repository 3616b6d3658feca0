import { mkdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { freePath } from '../../adapters/files/names.js';
import { checkClassName, datasetFolder, realInside } from '../dataset/datasetEdits.js';

/**
 * Camera frames become ordinary image files of the dataset (never only in memory): each is
 * written atomically into the class folder, so a crash leaves whole JPEGs that the next scan,
 * the feature cache and a hand-in treat like any other image.
 */
export async function saveCameraFrames(
  dataset: string,
  className: string,
  frames: readonly Uint8Array[],
  now = new Date(),
): Promise<string[]> {
  // Every frame is checked before anything is written: a refused batch leaves nothing behind.
  frames.forEach((frame, index) => checkJpeg(frame, index));
  const root = await datasetFolder(dataset);
  const folder = await classFolder(root, checkClassName(className));
  const stamp = now.toISOString().slice(0, 23).replace(/[:.]/g, '-');
  const added: string[] = [];
  for (const [index, frame] of frames.entries()) {
    const target = await freePath(
      folder,
      `camera ${stamp} ${String(index + 1).padStart(2, '0')}.jpg`,
    );
    await writeFileAtomically(target, frame);
    added.push(relative(root, target).split(sep).join('/'));
  }
  return added;
}

/** A whole JPEG: the start-of-image marker first and the end-of-image marker last. */
function checkJpeg(frame: Uint8Array, index: number): void {
  const n = frame.length;
  const starts = n > 4 && frame[0] === 0xff && frame[1] === 0xd8 && frame[2] === 0xff;
  const ends = frame[n - 2] === 0xff && frame[n - 1] === 0xd9;
  if (!starts || !ends)
    throw new AppError(
      'INVALID_ARGUMENT',
      `Camera frame ${index + 1} is not a whole JPEG image (${n} bytes), so no frame was saved`,
    );
}

/** The class folder, created if needed; checked first, so a link out of the dataset is refused. */
async function classFolder(root: string, name: string): Promise<string> {
  const folder = await realInside(root, join(root, name));
  await mkdir(folder, { recursive: true });
  return folder;
}
