import { copyFile, lstat, mkdir, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../common/errors.js';
import { appFolder } from '../appHome.js';
import { freePath } from '../files/names.js';
import { SPLIT_FOLDER_NAMES } from './layout.js';

/**
 * Changes to a dataset folder the app makes for the user: add images to a class, move an image
 * to another class (a mislabelled example), rename a class, remove images. Nothing is ever
 * overwritten (a name already taken gets a " (2)" suffix) and nothing is deleted: removed images
 * go to a trash folder outside the dataset, from where they can be put back.
 */

const RESERVED = /[<>:"/\\|?*]/;
const hasControlCharacter = (name: string) => [...name].some((c) => c.charCodeAt(0) < 0x20);

/** A class name that is a safe folder name on every system. */
export function checkClassName(name: string): string {
  const trimmed = name.trim();
  if (
    trimmed === '' ||
    trimmed.length > 120 ||
    trimmed.startsWith('.') ||
    RESERVED.test(trimmed) ||
    hasControlCharacter(trimmed) ||
    /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(trimmed)
  )
    throw new AppError(
      'INVALID_ARGUMENT',
      `"${name}" cannot be a class name: use letters, digits, spaces, - or _ (no / \\ : * ? " < > |, not starting with a dot)`,
    );
  return trimmed;
}

async function datasetFolder(dataset: string): Promise<string> {
  const info = await stat(dataset).catch(() => undefined);
  if (!info) throw new AppError('NOT_FOUND', `No dataset at ${dataset}`);
  if (!info.isDirectory())
    throw new AppError(
      'INVALID_ARGUMENT',
      `${dataset} is a zip: a zipped dataset cannot be changed; extract it to a folder first`,
    );
  return resolve(dataset);
}

/** A path inside the dataset, given relative to it; anything reaching outside is refused. */
function inside(root: string, relativePath: string): string {
  const full = resolve(root, relativePath);
  if (!full.startsWith(root + sep))
    throw new AppError('INVALID_ARGUMENT', `${relativePath} is not inside the dataset`);
  return full;
}

/** rename(2), or copy + unlink across file systems (a dataset on a USB stick). */
async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await unlink(from);
  }
}

export interface AddFilesResult {
  /** Where each added file now is, relative to the dataset. */
  added: string[];
  skipped: { path: string; reason: string }[];
}

/** Copies files into a class folder (created if needed); the originals stay where they were. */
export async function addFilesToClass(
  dataset: string,
  className: string,
  files: readonly string[],
): Promise<AddFilesResult> {
  const root = await datasetFolder(dataset);
  const folder = inside(root, checkClassName(className));
  await mkdir(folder, { recursive: true });
  const result: AddFilesResult = { added: [], skipped: [] };
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      result.skipped.push({ path: file, reason: info ? 'not a file' : 'not found' });
      continue;
    }
    const target = await freePath(folder, basename(file));
    await copyFile(file, target);
    result.added.push(relative(root, target));
  }
  return result;
}

/**
 * Moves an image to another class: `train/cat/x.jpg` to `train/dog/x.jpg` (the class is the
 * folder the image is in, so split folders are kept).
 */
export async function moveToClass(
  dataset: string,
  imagePath: string,
  toClass: string,
): Promise<string> {
  const root = await datasetFolder(dataset);
  const from = inside(root, imagePath);
  const classFolder = dirname(from);
  if (classFolder === root)
    throw new AppError('INVALID_ARGUMENT', `${imagePath} is not inside a class folder`);
  const targetFolder = join(dirname(classFolder), checkClassName(toClass));
  if (!(await stat(from).catch(() => undefined)))
    throw new AppError('NOT_FOUND', `${imagePath} is not in the dataset any more`);
  const to = await freePath(targetFolder, basename(from));
  await mkdir(targetFolder, { recursive: true });
  await moveFile(from, to);
  return relative(root, to);
}

/** Renames a class folder (in every split that has it). */
export async function renameClass(dataset: string, from: string, to: string): Promise<number> {
  const root = await datasetFolder(dataset);
  const newName = checkClassName(to);
  const candidates = [root, ...Object.keys(SPLIT_FOLDER_NAMES).map((s) => join(root, s))];
  let renamed = 0;
  for (const parent of candidates) {
    const source = join(parent, from);
    if (!(await stat(source).catch(() => undefined))?.isDirectory()) continue;
    const target = join(parent, newName);
    if (await lstat(target).catch(() => undefined))
      throw new AppError('ALREADY_EXISTS', `A class "${newName}" already exists in ${parent}`);
    await rename(source, target);
    renamed++;
  }
  if (renamed === 0) throw new AppError('NOT_FOUND', `No class "${from}" in ${dataset}`);
  return renamed;
}

/** Where removed images go: ~/.transfer-studio/trash, or $TRANSFER_STUDIO_TRASH. */
export function trashDir(env: Record<string, string | undefined> = process.env): string {
  return appFolder(env, 'trash');
}

/**
 * Moves images out of the dataset into a dated trash folder, keeping their paths, so removing an
 * image never deletes a student's photo; class folders left empty go too (removing a class).
 * Returns the trash folder.
 */
export async function removeFiles(
  dataset: string,
  paths: readonly string[],
  trash: string,
  now = new Date(),
): Promise<string> {
  const root = await datasetFolder(dataset);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const destination = join(trash, `${stamp} ${basename(root)}`);
  for (const path of paths) {
    const from = inside(root, path);
    if (!(await stat(from).catch(() => undefined))?.isFile())
      throw new AppError('NOT_FOUND', `${path} is not in the dataset`);
    await moveFile(from, join(destination, relative(root, from)));
    await removeEmptyFolders(dirname(from), root);
  }
  return destination;
}

/** Removes `folder` and its parents up to (not including) `root` while they are empty. */
async function removeEmptyFolders(folder: string, root: string): Promise<void> {
  for (let current = folder; current.startsWith(root + sep); current = dirname(current)) {
    if ((await readdir(current).catch(() => ['?'])).length > 0) return;
    await rmdir(current).catch(() => undefined);
  }
}
