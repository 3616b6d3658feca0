import { lstat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/**
 * A name a user gave (a project, a dropped folder) as a folder name safe on every system:
 * letters, digits, spaces, `.`, `_`, `-`; no leading dots (so never `.` or `..`).
 */
export function safeFolderName(name: string, fallback: string, maxLength = 80): string {
  const cleaned = name
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .replace(/^\.+/, '')
    .slice(0, maxLength);
  return cleaned || fallback;
}

/** A time for a folder name, sortable: 2026-11-29T12-05-00 (with milliseconds: …-00-000). */
export function folderStamp(date: Date, milliseconds = false): string {
  return milliseconds
    ? date.toISOString().slice(0, 23).replace(/[:.]/g, '-')
    : date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/**
 * `name` in `folder`, or `name (2)`, `name (3)`… whichever is free, so nothing is overwritten.
 * A file keeps its extension last; a folder's dots are part of its name ("mobilenet_v2_0.35_96").
 */
export async function freePath(folder: string, name: string, isFolder = false): Promise<string> {
  const extension = isFolder ? '' : extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 1; ; n++) {
    const candidate = join(folder, n === 1 ? name : `${stem} (${n})${extension}`);
    if (!(await lstat(candidate).catch(() => undefined))) return candidate;
  }
}
