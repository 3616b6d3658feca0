import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { AppError } from '../../common/errors.js';
import { appFolder } from '../appHome.js';
import { folderStamp, safeFolderName } from '../files/names.js';

/** Where browser mode keeps the datasets dropped on its page: ~/.transfer-studio/uploads. */
export function uploadsDir(env: Record<string, string | undefined>): string {
  return appFolder(env, 'uploads');
}

export interface UploadedFile {
  /** Path inside the dropped folder, "/"-separated: "cat/1.jpg". */
  path: string;
  data: Uint8Array;
}

/**
 * Writes files a browser page sent (a web page sees the bytes of a dropped folder, never its
 * path) into a folder of the uploads directory, which is then scanned like any dataset. The
 * first batch creates the folder; later batches name it in `into`. Only plain relative paths are
 * accepted: no absolute paths, no "..", no backslashes, nothing outside the folder.
 */
export async function storeUpload(
  uploads: string,
  name: string,
  files: readonly UploadedFile[],
  into?: string,
  now = new Date(),
): Promise<string> {
  const root = resolve(uploads);
  const folder = into
    ? resolve(into)
    : join(root, folderStamp(now, true), safeFolderName(name, 'dataset'));
  if (!folder.startsWith(root + sep))
    throw new AppError('FORBIDDEN', 'Uploads can only go into the uploads folder');
  for (const file of files) {
    const segments = file.path.split('/');
    if (
      file.path.includes('\0') ||
      file.path.includes('\\') ||
      /^[a-zA-Z]:/.test(file.path) ||
      segments.some((s) => s === '' || s === '.' || s === '..')
    )
      throw new AppError('INVALID_ARGUMENT', `"${file.path}" is not a plain relative path`);
    const target = resolve(folder, ...segments);
    if (!target.startsWith(folder + sep))
      throw new AppError('INVALID_ARGUMENT', `${file.path} is outside the dropped folder`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.data);
  }
  await mkdir(folder, { recursive: true });
  return folder;
}
