import { AppError, type ErrorCode } from '../../../common/errors.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import { decodeForModel } from '../../adapters/image/decode.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { readImageFile } from '../../adapters/files/readImageFile.js';

/** Why one file of several could not be classified, in words that name the file. */
export interface FileError {
  code: ErrorCode;
  message: string;
}

export type CheckedImageFile =
  { path: string; data: Uint8Array; error?: undefined } | { path: string; error: FileError };

/** A file's bytes, or why it cannot be read (missing, a folder, no permission) as its error. */
export async function readCheckedImageFile(path: string): Promise<CheckedImageFile> {
  try {
    return { path, data: await readImageFile(path) };
  } catch (error) {
    return { path, error: fileError(path, error) };
  }
}

/**
 * The files again, each one that does not decode as the model needs it now carrying its error.
 * Run only after a batch failed to decode: the batch does not say which of its images it was.
 */
export async function withUndecodableMarked(
  files: readonly CheckedImageFile[],
  preprocessing: Preprocessing,
  signal?: AbortSignal,
): Promise<CheckedImageFile[]> {
  const marked: CheckedImageFile[] = [];
  for (const file of files) {
    throwIfAborted(signal);
    if (file.error) marked.push(file);
    else
      marked.push(
        await decodeForModel(file.data, preprocessing).then(
          () => file,
          (error: unknown) => ({ path: file.path, error: fileError(file.path, error) }),
        ),
      );
  }
  return marked;
}

export function isDecodeFailure(error: unknown): boolean {
  return error instanceof AppError && error.code === 'IMAGE_DECODE_FAILED';
}

/** The read errors already name their path; a decode error says only what is wrong with it. */
function fileError(path: string, error: unknown): FileError {
  if (!(error instanceof AppError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'INTERNAL', message: `${path} could not be classified: ${message}` };
  }
  if (error.code === 'IMAGE_DECODE_FAILED')
    return { code: error.code, message: `${path} cannot be used: ${error.message}` };
  return { code: error.code, message: error.message };
}
