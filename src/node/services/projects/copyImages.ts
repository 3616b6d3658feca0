import { constants, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../common/errors.js';
import { fillFolderAtomically } from '../../adapters/files/writeFolderAtomically.js';
import { safeFolderName } from '../../adapters/files/names.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { importedFiles, withScannedDataset, type DatasetScan } from '../dataset/datasetScan.js';
import type { ProjectFolders } from './recentProjects.js';

export interface CopyProgress {
  /** Files copied so far, of `total`. */
  copied: number;
  total: number;
  /** Bytes written so far. */
  bytes: number;
}

export interface CopyOptions {
  /** Stops the copy between and within files; the previous copy then stays as it was. */
  signal?: AbortSignal | undefined;
  /** Called after each file is written. */
  onProgress?: ((progress: CopyProgress) => void) | undefined;
  /** Where a replaced earlier copy goes (the app's trash); without it, it is removed. */
  trash?: string | undefined;
}

/**
 * Copies a dataset's images (the imported ones, paths kept) into the project folder, so the
 * project can move to another machine with its data. Returns the copy's path.
 *
 * The copy is written into a hidden folder beside its place and swapped in only once every file is
 * on disk, so a cancel, a full disk or a crash leaves the previous copy whole, and a copy with
 * fewer images leaves no stale ones behind (the earlier copy goes to `trash`). Files on disk are
 * streamed, never held whole in memory.
 *
 * `folders` says which project folders may be written: the project and its `data` folder are
 * checked by real path, so neither the request nor a link planted in the project reaches another
 * folder; a source file that is a link is not followed.
 */
export async function copyImagesIntoProject(
  folder: string,
  dataset: string,
  name: string,
  folders: ProjectFolders,
  options: CopyOptions = {},
): Promise<string> {
  const { signal } = options;
  const project = await folders.check(folder);
  const data = join(project, 'data');
  const target = join(data, safeFolderName(name, 'dataset'));
  // One opening scans it and reads what the scan imported: images, texts, or a text table.
  await withScannedDataset(dataset, { signal }, async (scan, read) => {
    // A text file may give several examples (a table's rows, a long text's windows): once each.
    const files = [...new Set(importedFiles(scan))];
    if (files.length === 0)
      throw new AppError('NOT_A_DATASET', `${dataset} has no images or texts to copy`);
    await makeFolderInside(project, data);
    const onDisk = await folderOnDisk(dataset, scan);
    const progress: CopyProgress = { copied: 0, total: files.length, bytes: 0 };
    await fillFolderAtomically(
      target,
      async (temporary) => {
        for (const file of files) {
          throwIfAborted(signal);
          const segments = safeSegments(file);
          const to = join(temporary, ...segments);
          await mkdir(dirname(to), { recursive: true });
          progress.bytes += onDisk
            ? await streamFile(join(onDisk, ...segments), to, signal)
            : await writeNewFile(to, await read(file));
          progress.copied++;
          options.onProgress?.({ ...progress });
        }
        throwIfAborted(signal);
      },
      { overwrite: true, signal, trash: options.trash },
    );
  });
  return join(folder, 'data', safeFolderName(name, 'dataset'));
}

/**
 * The folder the imported files lie in when they are plain files on disk (a dataset folder, or
 * the folder of a lone table file); undefined for a zip, whose entries are inflated one at a time.
 */
async function folderOnDisk(dataset: string, scan: DatasetScan): Promise<string | undefined> {
  const kind = scan.modality === 'image' ? scan.report.source.kind : scan.report.sourceKind;
  if (kind === 'zip') return undefined;
  return (await stat(dataset)).isDirectory() ? dataset : dirname(dataset);
}

/** Streams one file into a new file and flushes it; returns the bytes copied. */
async function streamFile(from: string, to: string, signal?: AbortSignal): Promise<number> {
  // O_NOFOLLOW: a file swapped for a link since the scan is not followed out of the dataset.
  const input = await open(from, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(
    (error: NodeJS.ErrnoException) => {
      throw unreadableSource(from, error);
    },
  );
  // The streams own the handles from here (they close them), so the copy is reopened to flush it.
  await pipeline(
    input.createReadStream(),
    createWriteStream(to, { flags: 'wx' }),
    signal ? { signal } : {},
  ).catch((error: unknown) => {
    throw signal?.aborted ? new AppError('CANCELLED', 'Cancelled') : error;
  });
  const output = await open(to, 'r');
  try {
    await output.sync();
    return (await output.stat()).size;
  } finally {
    await output.close();
  }
}

function unreadableSource(path: string, error: NodeJS.ErrnoException): AppError {
  if (error.code === 'ELOOP')
    return new AppError('FORBIDDEN', `${path} became a link during the copy; it was not followed`);
  return new AppError(
    'NOT_FOUND',
    `${path} could not be read (${error.code ?? error.message}): was it moved or removed during the copy? The earlier copy was left as it was.`,
    { path },
  );
}

/** A scanned path's segments; one that could climb out of the copy is refused. */
function safeSegments(file: string): string[] {
  const segments = file.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    throw new AppError('INVALID_ARGUMENT', `Not a path inside the dataset: ${file}`);
  return segments;
}

/** Writes bytes (a zip entry, inflated by its source) into a new file and flushes it. */
async function writeNewFile(to: string, bytes: Uint8Array): Promise<number> {
  const output = await open(to, 'wx');
  try {
    await output.writeFile(bytes);
    await output.sync();
  } finally {
    await output.close();
  }
  return bytes.length;
}

/** Makes a folder in the project, or checks that the existing one really is inside. */
async function makeFolderInside(project: string, folder: string): Promise<void> {
  await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const real = await realpath(folder);
  if (real !== folder || !(await lstat(real)).isDirectory())
    throw new AppError(
      'FORBIDDEN',
      `${relative(project, folder)}${sep} leads outside the project folder (through a link), so nothing was written`,
    );
}
