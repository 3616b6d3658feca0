import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../common/errors.js';
import { openDatasetSource } from '../dataset/openSource.js';
import { scanDataset } from '../dataset/scanner.js';
import { writeStoredZip, type StoredZipEntry } from '../files/storedZip.js';
import { realFileOps, writeError, type FileOps } from '../files/writeFolderAtomically.js';
import { buildLabReport } from '../report/labReport.js';
import { openProject, PROJECT_FILE } from './projectStore.js';

export interface HandInOptions {
  /** The .zip to write. */
  out: string;
  /** A project folder whose project.json goes in too. */
  project?: string;
  /** A dataset whose images go in too (folder or zip), under data/. */
  data?: string;
  student?: string;
  overwrite?: boolean;
  ops?: FileOps;
}

export interface HandInResult {
  path: string;
  bytes: number;
  files: number;
}

/**
 * What a student hands in: one zip with the lab report (report.html), the trained model, the
 * project file and, if asked, the images. Written to a temporary file beside the target and
 * renamed, so a full disk never leaves half a bundle.
 */
export async function writeHandInBundle(
  modelDir: string,
  options: HandInOptions,
): Promise<HandInResult> {
  const ops = options.ops ?? realFileOps;
  if (!options.overwrite && (await ops.exists(options.out)))
    throw new AppError('ALREADY_EXISTS', `${options.out} already exists`, { path: options.out });
  const project = options.project ? (await openProject(options.project)).project : undefined;
  const entries: StoredZipEntry[] = [
    {
      name: 'report.html',
      data: Buffer.from(
        await buildLabReport(modelDir, {
          ...(project ? { project } : {}),
          ...(options.student ? { student: options.student } : {}),
        }),
      ),
    },
    ...(await folderEntries(modelDir, 'model')),
  ];
  if (options.project)
    entries.push({
      name: `project/${PROJECT_FILE}`,
      data: await readFile(join(options.project, PROJECT_FILE)),
    });
  if (options.data) entries.push(...(await datasetEntries(options.data)));
  const zip = writeStoredZip(entries);
  const temporary = join(
    dirname(options.out),
    `.${basename(options.out)}.${randomBytes(4).toString('hex')}.partial`,
  );
  try {
    await ops.writeFile(temporary, zip);
    await ops.sync(temporary);
    await ops.rename(temporary, options.out);
  } catch (error) {
    await ops.rm(temporary).catch(() => undefined);
    throw writeError(error, options.out);
  }
  return { path: options.out, bytes: zip.length, files: entries.length };
}

async function folderEntries(folder: string, prefix: string): Promise<StoredZipEntry[]> {
  const entries: StoredZipEntry[] = [];
  for (const item of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    if (item.isDirectory()) entries.push(...(await folderEntries(path, `${prefix}/${item.name}`)));
    else if (item.isFile())
      entries.push({ name: `${prefix}/${item.name}`, data: await readFile(path) });
  }
  return entries;
}

/** The imported images of a dataset (never the skipped files), under data/. */
async function datasetEntries(dataset: string): Promise<StoredZipEntry[]> {
  const report = await scanDataset(dataset);
  const source = await openDatasetSource(dataset);
  try {
    const entries: StoredZipEntry[] = [];
    for (const image of report.images)
      entries.push({ name: `data/${image.path}`, data: await source.read(image.path) });
    return entries;
  } finally {
    await source.close();
  }
}
