import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as img from './images.js';

/** Files a student may hand `predict`, each broken in its own way, with the code each gets. */
export const BROKEN_FILES = {
  'empty.jpg': 'IMAGE_DECODE_FAILED',
  'half.jpg': 'IMAGE_DECODE_FAILED',
  'notes.jpg': 'IMAGE_DECODE_FAILED',
  'noise.jpg': 'IMAGE_DECODE_FAILED',
  'loop.jpg': 'NOT_FOUND',
  'folder.jpg': 'IS_A_FOLDER',
  'missing.jpg': 'NOT_FOUND',
} as const;

export type BrokenFile = keyof typeof BROKEN_FILES;

/**
 * Writes two good photos (1200×900, as cameras make them) and every file of BROKEN_FILES into
 * `dir`: a 0-byte file, a JPEG cut in half, a text file and random bytes named .jpg, a symlink
 * loop (ELOOP), a folder, and a path with nothing at it.
 */
export async function writePredictTestFiles(
  dir: string,
): Promise<{ good: string[]; broken: Record<BrokenFile, string> }> {
  await mkdir(dir, { recursive: true });
  const at = (name: string) => join(dir, name);
  const photo = await img.makeNoisyJpeg(1200, 900, 5);
  await writeFile(at('good-1.jpg'), photo);
  await writeFile(at('good-2.jpg'), await img.makeJpeg(1200, 900, { r: 30, g: 40, b: 220 }));
  await writeFile(at('empty.jpg'), Buffer.alloc(0));
  await writeFile(at('half.jpg'), img.truncated(photo, 0.5));
  await writeFile(at('notes.jpg'), 'Shopping list: apples, pears\n');
  await writeFile(at('noise.jpg'), randomBytes(32 * 1024));
  await symlink('loop.jpg', at('loop.jpg'));
  await mkdir(at('folder.jpg'));
  const broken = Object.fromEntries(
    Object.keys(BROKEN_FILES).map((name) => [name, at(name)]),
  ) as Record<BrokenFile, string>;
  return { good: [at('good-1.jpg'), at('good-2.jpg')], broken };
}

function randomBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 99;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
