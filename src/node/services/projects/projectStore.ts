import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../../common/errors.js';
import {
  PROJECT_FORMAT,
  PROJECT_VERSION,
  projectSchema,
  type Project,
} from '../../../common/project.js';
import { migrateProject } from '../../../common/projectMigrations.js';
import { removeStrayTemporaries, writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { realFileOps, writeError, type FileOps } from '../../adapters/files/fileOps.js';

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
  // One save at a time per folder: each must read the last good copy the previous one wrote, and
  // clearing a crashed save's temporary files must not take a running save's file away.
  const key = resolve(folder);
  const saved = (saving.get(key) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => saveNow(folder, project, ops));
  saving.set(key, saved);
  try {
    await saved;
  } finally {
    if (saving.get(key) === saved) saving.delete(key);
  }
}

const saving = new Map<string, Promise<void>>();

async function saveNow(folder: string, project: Project, ops: FileOps): Promise<void> {
  const target = join(folder, PROJECT_FILE);
  try {
    await ops.mkdir(folder);
  } catch (error) {
    throw writeError(error, target);
  }
  const current = await readValid(target);
  if (current?.kind === 'newer') throw newerError(target, current.version);
  for (const file of [target, join(folder, BACKUP_FILE)])
    await removeStrayTemporaries(file, ops).catch(() => undefined);
  if (current?.kind === 'valid')
    await writeFileAtomically(join(folder, BACKUP_FILE), current.text, ops);
  await writeFileAtomically(target, `${JSON.stringify(project, null, 2)}\n`, ops);
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
  // Editors on Windows (Notepad) save UTF-8 with a byte order mark, which JSON.parse refuses.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
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
