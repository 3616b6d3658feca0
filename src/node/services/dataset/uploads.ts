import { appendFile, lstat, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { appFolder } from '../../adapters/platform/appHome.js';
import { folderStamp, safeFolderName } from '../../adapters/files/names.js';

/** Where browser mode keeps the datasets dropped on its page: ~/.transfer-studio/uploads. */
export function uploadsDir(env: Record<string, string | undefined>): string {
  return appFolder(env, 'uploads');
}

export type UploadedFile = {
  /** Path inside the dropped folder, "/"-separated: "cat/1.jpg". */
  path: string;
  /** Where the bytes go in the file: 0 (default) starts it, else it must be the size so far. */
  offset?: number | undefined;
} & (
  | { data: Uint8Array }
  /** The bytes as a browser page sent them (standard base64, padded, as `btoa` writes it). */
  | { base64: string }
);

export interface StoredUpload {
  /** What to scan: the folder, or the zip itself when the drop was a single zip. */
  path: string;
  /** The upload's folder, which later batches name in `into`. */
  folder: string;
}

/** Most file systems refuse a single name longer than this many bytes. */
const MAX_NAME_BYTES = 255;

/**
 * Writes files a browser page sent (a web page sees the bytes of a dropped folder, never its
 * path) into a folder of the uploads directory, which is then scanned like any dataset. The
 * first batch creates the folder; later batches name it in `into`. A large file arrives in
 * chunks, each appended at its offset, so no message and no buffer holds a whole file. Only
 * plain relative paths are accepted: no absolute paths, no "..", no backslashes, nothing outside
 * the folder, no name longer than the disk allows.
 */
export async function storeUpload(
  uploads: string,
  name: string,
  files: readonly UploadedFile[],
  into?: string,
  now = new Date(),
): Promise<StoredUpload> {
  const root = resolve(uploads);
  // Every path and every base64 text is checked before anything is created: a refused drop
  // leaves no empty folder.
  const checked = files.map((file) => ({
    file: { path: file.path, data: bytesOf(file), offset: file.offset ?? 0 },
    segments: plainSegments(file.path),
  }));
  const folder = into ? insideUploads(root, into) : await newUploadFolder(root, name, now);
  for (const { file, segments } of checked) await writeChunk(folder, file, segments);
  return { path: await scanTarget(folder), folder };
}

function insideUploads(root: string, into: string): string {
  const folder = resolve(into);
  if (!folder.startsWith(root + sep))
    throw new AppError('FORBIDDEN', 'Uploads can only go into the uploads folder');
  return folder;
}

/**
 * uploads/<time>/<name>: the time folder is created exclusively, so two uploads started in the
 * same millisecond get two folders ("…-000" and "…-000-2") instead of mixing their files.
 */
async function newUploadFolder(root: string, name: string, now: Date): Promise<string> {
  await mkdir(root, { recursive: true });
  const stamp = folderStamp(now, true);
  for (let n = 1; ; n++) {
    const candidate = join(root, n === 1 ? stamp : `${stamp}-${n}`);
    try {
      await mkdir(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    const folder = join(candidate, safeFolderName(name, 'dataset'));
    await mkdir(folder);
    return folder;
  }
}

interface CheckedChunk {
  path: string;
  data: Uint8Array;
  offset: number;
}

function bytesOf(file: UploadedFile): Uint8Array {
  return 'data' in file ? file.data : decodeBase64(file.base64, file.path);
}

/**
 * The bytes of base64 text, refused when it is not base64: Node's decoder skips what it does not
 * know and stops at stray padding, so damaged text would be written as a damaged file, silently.
 */
export function decodeBase64(text: string, path: string): Uint8Array {
  const problem = base64Problem(text);
  if (problem === undefined) return Buffer.from(text, 'base64');
  throw new AppError(
    'INVALID_ARGUMENT',
    `The bytes of "${path}" arrived damaged (${problem}); nothing of it was written. Add it again.`,
    { path },
  );
}

/**
 * What keeps text from being standard base64 as `btoa` writes it (whole groups of four, "="
 * padding only at the end), checked in linear time: a regular expression of repeated groups
 * backtracks for seconds on a megabyte and overflows the stack on larger texts.
 */
function base64Problem(text: string): string | undefined {
  const stray = text.search(/[^A-Za-z0-9+/=]/);
  if (stray >= 0)
    return `the character ${JSON.stringify(text[stray])} at position ${stray} is not base64`;
  const padding = text.indexOf('=');
  const paddedEnd = padding < 0 || (padding >= text.length - 2 && text.endsWith('='));
  if (text.length % 4 === 0 && paddedEnd) return undefined;
  return `${text.length} characters, not whole groups of four with "=" padding only at the end`;
}

async function writeChunk(folder: string, file: CheckedChunk, segments: string[]): Promise<void> {
  const target = resolve(folder, ...segments);
  if (!target.startsWith(folder + sep))
    throw new AppError('INVALID_ARGUMENT', `${file.path} is outside the dropped folder`);
  const offset = file.offset;
  try {
    await mkdir(dirname(target), { recursive: true });
    if (offset === 0) await writeFile(target, file.data);
    else {
      await expectSize(target, offset, file.path);
      await appendFile(target, file.data);
    }
  } catch (error) {
    throw await clearWriteError(error, file.path, folder, segments);
  }
}

/** The path's segments, if it is a plain relative path whose every name fits on a disk. */
function plainSegments(path: string): string[] {
  const segments = path.split('/');
  if (
    path.includes('\0') ||
    path.includes('\\') ||
    /^[a-zA-Z]:/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  )
    throw new AppError('INVALID_ARGUMENT', `"${path}" is not a plain relative path`);
  const long = segments.find((s) => Buffer.byteLength(s) > MAX_NAME_BYTES);
  if (long !== undefined) throw tooLong(path, long);
  return segments;
}

function tooLong(path: string, name: string): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    `The name "${name.slice(0, 40)}…" is ${name.length} characters long, more than a disk allows ` +
      `(${MAX_NAME_BYTES} bytes). Rename it to something shorter and add it again.`,
    { path },
  );
}

/** Chunks must arrive in order: a gap or a repeat would silently corrupt the file. */
async function expectSize(target: string, offset: number, path: string): Promise<void> {
  const size = await stat(target).then(
    (s) => s.size,
    () => 0,
  );
  if (size !== offset)
    throw new AppError(
      'INVALID_ARGUMENT',
      `A piece of "${path}" arrived out of order (at byte ${offset}, but ${size} were written): send the file again`,
    );
}

async function clearWriteError(
  error: unknown,
  path: string,
  folder: string,
  segments: readonly string[],
): Promise<unknown> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR')
    return fileFolderClash(path, await clashingName(folder, segments, code));
  if (code === 'ENAMETOOLONG')
    return new AppError(
      'INVALID_ARGUMENT',
      `"${path.slice(0, 60)}…" makes a path longer than this disk allows: rename or move it to a shorter path and add it again.`,
      { path },
    );
  if (code === 'ENOSPC')
    return new AppError('WRITE_FAILED', 'The disk is full: free some space and add it again.');
  return error;
}

/**
 * A file and a folder of the drop with the same name (a file "cat" beside a folder "cat/", as two
 * drops into one upload can bring): the disk holds one of them, so the other is refused by name.
 */
function fileFolderClash(path: string, name: string): AppError {
  return new AppError(
    'ALREADY_EXISTS',
    `"${path}" cannot be added: "${name}" is already in this upload as a ${path === name ? 'folder' : 'file'}, and one name cannot be both a file and a folder. Rename one of them and add it again.`,
    { path, name },
  );
}

/** The name that is a file where a folder is needed, or the file's own path if it is a folder. */
async function clashingName(
  folder: string,
  segments: readonly string[],
  code: string,
): Promise<string> {
  if (code !== 'EISDIR') {
    for (let depth = 1; depth < segments.length; depth++) {
      const stats = await lstat(join(folder, ...segments.slice(0, depth))).catch(() => undefined);
      if (stats && !stats.isDirectory()) return segments.slice(0, depth).join('/');
    }
  }
  return segments.join('/');
}

/**
 * A drop of one zip (a file ending in .zip alone in its folder) is scanned as the zip itself, a
 * zip dataset; anything else is scanned as the folder it landed in.
 */
async function scanTarget(folder: string): Promise<string> {
  const entries = await readdir(folder, { withFileTypes: true });
  const only = entries.length === 1 ? entries[0] : undefined;
  return only?.isFile() && /\.zip$/i.test(only.name) ? join(folder, only.name) : folder;
}
