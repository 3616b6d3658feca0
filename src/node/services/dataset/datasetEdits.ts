import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readlink,
  realpath,
  rename,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { appFolder } from '../../adapters/platform/appHome.js';
import { freePath } from '../../adapters/files/names.js';
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

/**
 * A name the user did not type but the app passes on (an existing class folder): one path
 * segment, never reaching up or across. Folder names the scanner saw are allowed as they are.
 */
export function checkExistingName(name: string): string {
  if (
    name === '' ||
    name === '.' ||
    name === '..' ||
    /[/\\\0]/.test(name) ||
    Buffer.byteLength(name) > 255
  )
    throw new AppError('INVALID_ARGUMENT', `"${name}" is not the name of a folder in the dataset`);
  return name;
}

/** A path inside a dataset as the scanner reports it: `train/cat/x.jpg`, never `..` or absolute. */
function checkRelativePath(path: string): string[] {
  const segments = path.split('/');
  if (path.length > 4096 || path.startsWith('/') || /^[a-z]:/i.test(path))
    throw new AppError('INVALID_ARGUMENT', `${path} is not a path inside the dataset`);
  for (const segment of segments) checkExistingName(segment);
  return segments;
}

/** The dataset's real folder (symlinks resolved), refusing a zip and anything that is not there. */
export async function datasetFolder(dataset: string): Promise<string> {
  const root = await realpath(dataset).catch(() => undefined);
  const info = root ? await stat(root).catch(() => undefined) : undefined;
  if (!root || !info) throw new AppError('NOT_FOUND', `No dataset at ${dataset}`);
  if (!info.isDirectory())
    throw new AppError(
      'INVALID_ARGUMENT',
      `${dataset} is a zip: a zipped dataset cannot be changed; extract it to a folder first`,
    );
  return root;
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

/**
 * Where `path` (inside `root`) really is, with every symlink on the way resolved, refused when
 * that is outside the dataset: a link inside a dataset must not let an edit reach a file beside
 * it. A path that does not exist yet is checked through its nearest existing folder, and a link
 * to something missing (a dangling link) through where it points.
 */
export async function realInside(root: string, path: string): Promise<string> {
  const real = await resolvedPath(path);
  if (!isInside(root, real))
    throw new AppError(
      'FORBIDDEN',
      `${relative(root, path) || path} leads outside the dataset (through a link), so it was not changed`,
    );
  return real;
}

/** `realpath`, also for a path that does not exist (yet): see realInside. */
async function resolvedPath(path: string): Promise<string> {
  return await realpath(path).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT' || dirname(path) === path) throw error;
    // A dangling link: creating the folder would fail (EEXIST) or follow it wherever it points.
    const link = await readlink(path).catch(() => undefined);
    if (link !== undefined) return await resolvedPath(resolve(dirname(path), link));
    return join(await resolvedPath(dirname(path)), basename(path));
  });
}

/**
 * An existing file of the dataset, given relative to it. Its folders are followed to where they
 * really are (which must be inside the dataset); the file itself must be a plain file, not a link,
 * so an edit moves exactly what the scanner listed.
 */
async function datasetFile(root: string, relativePath: string): Promise<string> {
  const full = join(root, ...checkRelativePath(relativePath));
  const file = join(await realInside(root, dirname(full)), basename(full));
  const info = await lstat(file).catch(() => undefined);
  if (info?.isSymbolicLink())
    throw new AppError(
      'FORBIDDEN',
      `${relativePath} is a link, not an image of the dataset, so it was not changed`,
    );
  if (!info?.isFile())
    throw new AppError('NOT_FOUND', `${relativePath} is not in the dataset any more`);
  return file;
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
  const folder = await realInside(root, join(root, checkClassName(className)));
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
  const name = checkClassName(toClass);
  const from = await datasetFile(root, imagePath);
  const classFolder = dirname(from);
  if (classFolder === root)
    throw new AppError('INVALID_ARGUMENT', `${imagePath} is not inside a class folder`);
  const targetFolder = await realInside(root, join(dirname(classFolder), name));
  const to = await freePath(targetFolder, basename(from));
  await mkdir(targetFolder, { recursive: true });
  await moveFile(from, to);
  return relative(root, to);
}

/**
 * Renames a class folder (in every split that has it). Every folder is checked before any is
 * renamed, so a refusal leaves the dataset as it was.
 */
export async function renameClass(dataset: string, from: string, to: string): Promise<number> {
  const root = await datasetFolder(dataset);
  const oldName = checkExistingName(from);
  const newName = checkClassName(to);
  const renames: { source: string; target: string }[] = [];
  for (const parent of await classParents(root)) {
    const source = join(parent, oldName);
    // lstat: a link named like the class is not a class folder (the scanner does not follow it).
    if (!(await lstat(source).catch(() => undefined))?.isDirectory()) continue;
    const target = join(parent, newName);
    if (await lstat(target).catch(() => undefined))
      throw new AppError('ALREADY_EXISTS', `A class "${newName}" already exists in ${parent}`);
    renames.push({ source, target });
  }
  if (renames.length === 0) throw new AppError('NOT_FOUND', `No class "${from}" in ${dataset}`);
  for (const { source, target } of renames) await rename(source, target);
  return renames.length;
}

/** The folders class folders live in: the dataset and its split folders (as the scanner names them). */
async function classParents(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const splits = entries
    .filter(
      (e) => SPLIT_FOLDER_NAMES[e.name.toLowerCase()] && (e.isDirectory() || e.isSymbolicLink()),
    )
    .map((e) => join(root, e.name));
  const parents = [root];
  for (const split of splits) parents.push(await realInside(root, split));
  return parents;
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
    const from = await datasetFile(root, path);
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
