import { open, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { appFolder } from '../../adapters/platform/appHome.js';
import { importedFiles, withScannedDataset } from '../dataset/datasetScan.js';
import { writeStoredZip, type StoredZipEntry } from '../../adapters/files/storedZip.js';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { realFileOps, writeError, type FileOps } from '../../adapters/files/fileOps.js';
import { copyToTrash } from '../../adapters/files/trash.js';
import { buildLabReport } from '../report/labReport.js';
import type { TextSession } from '../text/textSession.js';
import { openProject, PROJECT_FILE } from './projectStore.js';

export interface HandInOptions {
  /** The .zip to write. */
  out: string;
  /** A project folder whose project.json goes in too. */
  project?: string;
  /** A dataset whose images go in too (folder or zip), under data/. */
  data?: string;
  student?: string;
  /** Replace a hand-in the app wrote before (its copy goes to `trash`); never any other file. */
  overwrite?: boolean;
  /** Where a replaced hand-in is kept. Default: the app's trash ($TRANSFER_STUDIO_HOME/trash). */
  trash?: string;
  ops?: FileOps;
  /** For a text model: the session whose encoder scores its validation texts for the report. */
  textSession?: TextSession;
}

export interface HandInResult {
  path: string;
  bytes: number;
  files: number;
}

/**
 * What a student hands in: one zip with the lab report (report.html), the trained model, the
 * project file and, if asked, the images. Written to a temporary file beside the target and
 * renamed, so a full disk never leaves half a bundle. Overwriting replaces only a bundle this app
 * wrote, after keeping a copy of it in the trash.
 */
export async function writeHandInBundle(
  modelDir: string,
  options: HandInOptions,
): Promise<HandInResult> {
  const ops = options.ops ?? realFileOps;
  const replacing = await ops.exists(options.out);
  if (replacing) await checkReplaceable(options);
  const project = options.project ? (await openProject(options.project)).project : undefined;
  const entries: StoredZipEntry[] = [
    {
      name: 'report.html',
      data: Buffer.from(
        await buildLabReport(modelDir, {
          ...(project ? { project } : {}),
          ...(options.student ? { student: options.student } : {}),
          ...(options.textSession ? { textSession: options.textSession } : {}),
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
  if (replacing)
    await copyToTrash(
      options.out,
      options.trash ?? appFolder(process.env, 'trash'),
      basename(options.out),
    ).catch((error: unknown) => {
      throw writeError(error, options.out);
    });
  await writeFileAtomically(options.out, zip, ops);
  return { path: options.out, bytes: zip.length, files: entries.length };
}

/** Overwriting is refused unless asked, and for any file that is not a hand-in the app wrote. */
async function checkReplaceable(options: HandInOptions): Promise<void> {
  if (!options.overwrite)
    throw new AppError('ALREADY_EXISTS', `${options.out} already exists`, { path: options.out });
  if (!(await isHandIn(options.out)))
    throw new AppError(
      'FORBIDDEN',
      `${options.out} is not a hand-in written by Transfer Studio, so it was not replaced. Choose a new file name.`,
      { path: options.out },
    );
}

/** The first entry of every hand-in the app writes: a stored zip entry named report.html. */
const FIRST_ENTRY = 'report.html';

/** Recognises a hand-in by its content: a zip (local header signature) whose first entry is report.html. */
export async function isHandIn(path: string): Promise<boolean> {
  const header = Buffer.alloc(30 + FIRST_ENTRY.length);
  let handle;
  try {
    handle = await open(path, 'r');
    if (!(await handle.stat()).isFile()) return false;
    await handle.read(header, 0, header.length, 0);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
  const nameLength = header.readUInt16LE(26);
  return (
    header.readUInt32LE(0) === 0x04034b50 &&
    nameLength === FIRST_ENTRY.length &&
    header.toString('utf8', 30, 30 + nameLength) === FIRST_ENTRY
  );
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

/** The imported images or texts of a dataset (never the skipped files), under data/. */
async function datasetEntries(dataset: string): Promise<StoredZipEntry[]> {
  return withScannedDataset(dataset, {}, async (scan, read) => {
    const entries: StoredZipEntry[] = [];
    for (const file of importedFiles(scan))
      entries.push({ name: `data/${file}`, data: await read(file) });
    return entries;
  });
}
