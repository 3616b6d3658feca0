import { copyFile, cp, link, mkdir } from 'node:fs/promises';
import { realFileOps, type FileOps } from './fileOps.js';
import { folderStamp, freePath } from './names.js';

/**
 * The app's trash: what it replaces or removes for the user is moved there (a dated folder per
 * operation), never deleted, so a wrong click can be undone from the file manager.
 */

/** A new, free place in the trash for what `label` names: `<trash>/2026-11-29T12-05-00-000 label`. */
export async function trashPlace(trash: string, label: string, now = new Date()): Promise<string> {
  await mkdir(trash, { recursive: true });
  return freePath(trash, `${folderStamp(now, true)} ${label}`, true);
}

/** Moves a file or folder into the trash (copying, then removing, across disks). Returns where. */
export async function moveToTrash(
  path: string,
  trash: string,
  label: string,
  ops: FileOps = realFileOps,
): Promise<string> {
  const destination = await trashPlace(trash, label);
  try {
    await ops.rename(path, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // The original goes only once the copy is complete, so a crash leaves at worst two copies.
    await cp(path, destination, { recursive: true, errorOnExist: true, force: false });
    await ops.rm(path);
  }
  return destination;
}

/**
 * Puts a copy of a file in the trash and leaves the file where it is, so it can then be replaced
 * by an atomic rename: the target never goes missing. A hard link where the disk allows it.
 */
export async function copyToTrash(file: string, trash: string, label: string): Promise<string> {
  const destination = await trashPlace(trash, label);
  await link(file, destination).catch(() => copyFile(file, destination));
  return destination;
}
