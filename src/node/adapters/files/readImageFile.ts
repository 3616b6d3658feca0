import { readFile } from 'node:fs/promises';
import { AppError } from '../../../common/errors.js';

/**
 * One image file's bytes. The file system's own errors ("EISDIR: illegal operation on a
 * directory, read") mean nothing to someone who typed a path, so the usual ones become AppErrors
 * that say in plain words what is wrong with the path.
 */
export async function readImageFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw plainReadError(path, error);
  }
}

function plainReadError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EISDIR':
      return new AppError(
        'IS_A_FOLDER',
        `${path} is a folder: choose image files, or type the path of one image.`,
        { path },
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('NOT_FOUND', `There is no file at ${path}.`, { path });
    case 'ELOOP':
      return new AppError(
        'NOT_FOUND',
        `${path} is a link that leads back to itself (a loop), so it names no file.`,
        { path },
      );
    case 'EACCES':
    case 'EPERM':
      return new AppError('FORBIDDEN', `${path} cannot be read: permission denied.`, { path });
    default:
      return new AppError(
        'NOT_FOUND',
        `${path} cannot be read: ${(error as Error).message ?? String(error)}`,
        { path },
      );
  }
}
