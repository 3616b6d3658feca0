import { AppError } from '../../../common/errors.js';
import { openDatasetSource } from './openSource.js';
import type { DatasetSource } from './source.js';

/**
 * Images a model, run or project recorded by their dataset-relative paths, read back through the
 * dataset's own source so a zipped dataset works wherever a folder does. An image (or a whole
 * dataset) that is no longer there reads as `undefined`; callers decide what that means.
 */
export interface RecordedImages {
  read(path: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

export async function openRecordedImages(dataset: string): Promise<RecordedImages> {
  let source: DatasetSource | undefined;
  try {
    source = await openDatasetSource(dataset);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
  return {
    read: async (path) => {
      if (!source) return undefined;
      return source.read(path).catch((error: unknown) => {
        if (isGone(error)) return undefined;
        throw error;
      });
    },
    close: async () => source?.close(),
  };
}

/** Runs `use` with the recorded images of `dataset` open, and closes them afterwards. */
export async function withRecordedImages<T>(
  dataset: string,
  use: (images: RecordedImages) => Promise<T>,
): Promise<T> {
  const images = await openRecordedImages(dataset);
  try {
    return await use(images);
  } finally {
    await images.close();
  }
}

function isGone(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'NOT_FOUND';
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
