import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../common/errors.js';
import {
  PROJECT_FORMAT,
  PROJECT_VERSION,
  projectSchema,
  type Project,
} from '../../common/project.js';
import { migrateProject } from '../../common/projectMigrations.js';
import { realFileOps, writeError, type FileOps } from '../files/writeFolderAtomically.js';

export const PROJECT_FILE = 'project.json';
/** The last copy that was saved and read back whole: what a damaged project.json falls back to. */
export const BACKUP_FILE = 'project.json.bak';

/**
 * Saves a project so that a crash at any instant leaves either the old or the new version: the
 * new file is written beside the old one, flushed, renamed over it, and the folder is flushed;
 * the previous good copy is kept as a backup first.
 */
export async function saveProject(
  folder: string,
  project: Project,
  ops: FileOps = realFileOps,
): Promise<void> {
  const target = join(folder, PROJECT_FILE);
  try {
    await ops.mkdir(folder);
  } catch (error) {
    throw writeError(error, target);
  }
  const current = await readValid(target);
  if (current?.kind === 'newer') throw newerError(target, current.version);
  if (current?.kind === 'valid')
    await replaceAtomically(ops, join(folder, BACKUP_FILE), current.text);
  await replaceAtomically(ops, target, `${JSON.stringify(project, null, 2)}\n`);
}

export interface OpenedProject {
  project: Project;
  /** True when project.json was damaged and the last good copy was used. */
  recoveredFromBackup: boolean;
  /** The format version the file had, when it was older and has been brought up to date. */
  migratedFrom?: number;
}

/** Opens a project; a damaged file falls back to the backup, a newer format is refused untouched. */
export async function openProject(folder: string): Promise<OpenedProject> {
  const main = await readValid(join(folder, PROJECT_FILE));
  if (main?.kind === 'valid')
    return {
      project: main.project,
      recoveredFromBackup: false,
      ...(main.migratedFrom ? { migratedFrom: main.migratedFrom } : {}),
    };
  if (main?.kind === 'newer') throw newerError(join(folder, PROJECT_FILE), main.version);
  const backup = await readValid(join(folder, BACKUP_FILE));
  if (backup?.kind === 'valid') return { project: backup.project, recoveredFromBackup: true };
  if (!main) throw new AppError('NOT_FOUND', `No project in ${folder}`);
  throw new AppError(
    'INVALID_ARGUMENT',
    `${join(folder, PROJECT_FILE)} is damaged and there is no good backup: ${main.problem}`,
  );
}

type ReadResult =
  | { kind: 'valid'; project: Project; text: string; migratedFrom?: number }
  | { kind: 'newer'; version: number }
  | { kind: 'damaged'; problem: string };

async function readValid(path: string): Promise<ReadResult | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'damaged', problem: `not valid JSON (${(error as Error).message})` };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (
    (json as { format?: unknown } | null)?.format === PROJECT_FORMAT &&
    typeof version === 'number' &&
    version > PROJECT_VERSION
  ) {
    return { kind: 'newer', version };
  }
  const migrated = migrateProject(json);
  const parsed = projectSchema.safeParse(migrated.json);
  if (!parsed.success)
    return {
      kind: 'damaged',
      problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  return {
    kind: 'valid',
    project: parsed.data,
    text,
    ...(migrated.migratedFrom ? { migratedFrom: migrated.migratedFrom } : {}),
  };
}

function newerError(path: string, version: number): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    `${path} was saved by a newer Transfer Studio (format ${version}; this one reads ${PROJECT_VERSION}). It was not changed.`,
    { version },
  );
}

async function replaceAtomically(
  ops: FileOps,
  target: string,
  contents: string | Uint8Array,
): Promise<void> {
  const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await ops.writeFile(temporary, contents);
    await ops.sync(temporary);
    await ops.rename(temporary, target);
  } catch (error) {
    await ops.rm(temporary).catch(() => undefined);
    throw writeError(error, target);
  }
  // The rename is done and atomic; flushing the folder only makes it durable sooner.
  await ops.sync(dirname(target)).catch(() => undefined);
}
