import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeStoredZip } from '../adapters/files/storedZip.js';

/** Each `relative path → bytes` of `contents` as a file under `root`, its folders made. */
export async function writeFileTree(root: string, contents: Map<string, Buffer>): Promise<void> {
  for (const [path, data] of contents) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), data);
  }
}

/** The same `relative path → bytes` as a zip of stored entries, in the map's order. */
export function storedZipOf(contents: Map<string, Buffer>): Buffer {
  return writeStoredZip([...contents].map(([name, data]) => ({ name, data })));
}
