import { mkdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../common/errors.js';
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
