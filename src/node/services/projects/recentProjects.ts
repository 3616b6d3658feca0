import { lstat, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../common/errors.js';
import { importedFiles, withScannedDataset } from '../dataset/datasetScan.js';
import { removeStrayTemporaries, writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { writeError } from '../../adapters/files/fileOps.js';
import { appFolder, appHome } from '../../adapters/platform/appHome.js';
import { folderStamp, safeFolderName } from '../../adapters/files/names.js';
import { openProject } from './projectStore.js';

const recentSchema = z.object({ folder: z.string() });

/** A new, empty project folder under ~/.transfer-studio/projects, named after the project. */
export async function createProjectFolder(
  env: Record<string, string | undefined>,
  name: string,
  now = new Date(),
): Promise<string> {
  const folder = join(
    appFolder(env, 'projects'),
    `${folderStamp(now)} ${safeFolderName(name, 'project', 60)}`,
  );
  await mkdir(folder, { recursive: true });
  return folder;
}

/** Remembers the project the app last saved, so the next start can offer to carry on with it. */
export async function rememberProject(
  env: Record<string, string | undefined>,
  folder: string,
): Promise<void> {
  const path = join(appHome(env), 'recent.json');
  await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
    throw writeError(error, path);
  });
  // One write at a time in this process, so clearing a crashed write's temporary file never
  // takes a running write's file away.
  const write = remembering
    .catch(() => undefined)
    .then(async () => {
      await removeStrayTemporaries(path).catch(() => undefined);
      await writeFileAtomically(path, JSON.stringify({ folder }));
    });
  remembering = write;
  await write;
}

let remembering: Promise<void> = Promise.resolve();

export interface RecentProject {
  folder: string;
  name: string;
  updatedAt: string;
}

/** The last saved project, if it still opens. */
export async function recentProject(
  env: Record<string, string | undefined>,
): Promise<RecentProject | null> {
  try {
    const { folder } = recentSchema.parse(
      JSON.parse(await readFile(join(appHome(env), 'recent.json'), 'utf8')),
    );
    const { project } = await openProject(folder);
    return { folder, name: project.name, updatedAt: project.updatedAt };
  } catch {
    return null;
  }
}

/**
 * The folders images may be copied into: the app's projects folder (a project folder inside it)
 * and the folders of projects the user opened here. A request naming any other folder, or a link
 * that leads out of these, writes nothing.
 */
export class ProjectFolders {
  private readonly opened = new Set<string>();

  constructor(private readonly projectsFolder: string) {}

  /** Remembers a project folder the user opened or created; one not on disk is skipped. */
  async add(folder: string): Promise<void> {
    const real = await realpath(folder).catch(() => undefined);
    if (real) this.opened.add(real);
  }

  /** The folder's real path, or FORBIDDEN when it is neither in the projects folder nor opened. */
  async check(folder: string): Promise<string> {
    const real = await realpath(folder).catch(() => undefined);
    if (!real) throw new AppError('NOT_FOUND', `No project folder at ${folder}`, { folder });
    const projects = await realpath(this.projectsFolder).catch(() => undefined);
    const inProjects = projects !== undefined && real.startsWith(projects + sep);
    if (!inProjects && !this.opened.has(real))
      throw new AppError(
        'FORBIDDEN',
        `${folder} is not a project folder of Transfer Studio, so nothing was copied there. Open or create the project first.`,
        { folder },
      );
    return real;
  }
}

/**
 * Copies a dataset's images (the imported ones, paths kept) into the project folder, so the
 * project can move to another machine with its data. Returns the copy's path. `folders` says
 * which project folders may be written: every write is checked by real path to stay inside the
 * project, so neither the request nor a link planted in the project reaches another folder.
 */
export async function copyImagesIntoProject(
  folder: string,
  dataset: string,
  name: string,
  folders: ProjectFolders,
): Promise<string> {
  const project = await folders.check(folder);
  const target = join(project, 'data', safeFolderName(name, 'dataset'));
  // One opening scans it and reads what the scan imported: images, texts, or a text table.
  await withScannedDataset(dataset, {}, async (scan, read) => {
    const files = importedFiles(scan);
    if (files.length === 0)
      throw new AppError('NOT_A_DATASET', `${dataset} has no images or texts to copy`);
    const made = new Set<string>();
    for (const file of files) {
      const to = await destinationInside(project, join(target, ...file.split('/')), made);
      await writeFile(to, await read(file));
    }
  });
  return join(folder, 'data', safeFolderName(name, 'dataset'));
}

/**
 * Makes `path`'s folder one level at a time and returns where the file really goes. Each level is
 * checked before anything is made in it, so a link planted in the project (its `data` folder, a
 * class folder) never gets a folder or a file made outside; a destination that is itself a link
 * is refused too (a copy would follow it). `made` remembers folders already checked.
 */
async function destinationInside(
  project: string,
  path: string,
  made: Set<string>,
): Promise<string> {
  const segments = relative(project, dirname(path)).split(sep);
  if (!path.startsWith(project + sep) || segments.includes('..')) throw outside(project, path);
  let folder = project;
  for (const segment of segments) {
    const next = join(folder, segment);
    if (!made.has(next)) await makeFolderInside(project, next, path);
    made.add(next);
    folder = next;
  }
  const destination = join(folder, basename(path));
  const existing = await lstat(destination).catch(() => undefined);
  if (existing && !existing.isFile()) throw outside(project, path);
  return destination;
}

/** Makes one folder in a checked one, or checks that the existing one really is inside. */
async function makeFolderInside(project: string, folder: string, path: string): Promise<void> {
  await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const real = await realpath(folder);
  if (real !== folder || !(await lstat(real)).isDirectory()) throw outside(project, path);
}

function outside(project: string, path: string): AppError {
  return new AppError(
    'FORBIDDEN',
    `${relative(project, path)} leads outside the project folder (through a link), so it was not written`,
  );
}
