import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../common/errors.js';
import { scanDataset } from '../dataset/scanner.js';
import { openDatasetSource } from '../dataset/openSource.js';
import { removeStrayTemporaries, writeFileAtomically } from '../files/atomicFile.js';
import { writeError } from '../files/fileOps.js';
import { appFolder, appHome } from '../appHome.js';
import { folderStamp, safeFolderName } from '../files/names.js';
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
 * Copies a dataset's images (the imported ones, paths kept) into the project folder, so the
 * project can move to another machine with its data. Returns the copy's path.
 */
export async function copyImagesIntoProject(
  folder: string,
  dataset: string,
  name: string,
): Promise<string> {
  const target = join(folder, 'data', safeFolderName(name, 'dataset'));
  const report = await scanDataset(dataset);
  if (report.images.length === 0)
    throw new AppError('NOT_A_DATASET', `${dataset} has no images to copy`);
  const source = await openDatasetSource(dataset);
  try {
    for (const image of report.images) {
      const to = join(target, ...image.path.split('/'));
      await mkdir(dirname(to), { recursive: true });
      if (source.kind === 'folder') await copyFile(join(dataset, ...image.path.split('/')), to);
      else await writeFile(to, await source.read(image.path));
    }
  } finally {
    await source.close();
  }
  return target;
}
