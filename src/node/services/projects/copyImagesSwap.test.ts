import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { makeNoisyJpeg } from '../../testing/images.js';
import { copyImagesIntoProject, type CopyProgress } from './copyImages.js';
import { ProjectFolders } from './recentProjects.js';

/**
 * Copying a dataset into a project replaces the earlier copy whole or not at all: camera-size
 * photos are streamed into a hidden folder that is swapped in at the end, so a cancel leaves the
 * earlier copy as it was and a copy with fewer photos leaves no stale ones behind.
 */
describe('copying photos into a project swaps the whole copy in at the end', () => {
  let dir: string;
  let photo: Buffer;
  let projects: string;
  let project: string;
  let trash: string;
  const dataset = () => join(dir, 'holiday');
  const copy = () => join(project, 'data', 'holiday');
  const folders = () => new ProjectFolders(projects);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-copy-swap-'));
    projects = join(dir, 'home', 'projects');
    project = join(projects, 'lab');
    trash = join(dir, 'home', 'trash');
    await mkdir(project, { recursive: true });
    // Noise does not compress: a 2400×1800 JPEG is a few MB, as a phone's photo.
    photo = await makeNoisyJpeg(2400, 1800, 7);
    for (const label of ['beach', 'hills'])
      for (const i of [1, 2, 3, 4]) await writePhoto(`${label}/${i}.jpg`, i);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The photo with a byte after its end marker, so each file differs and decoders ignore it. */
  async function writePhoto(path: string, variant: number): Promise<void> {
    await mkdir(join(dataset(), path, '..'), { recursive: true });
    await writeFile(join(dataset(), path), Buffer.concat([photo, Buffer.from([variant])]));
  }

  it('streams every photo, byte for byte, reporting each one', async () => {
    expect(photo.length).toBeGreaterThan(3_000_000);
    const progress: CopyProgress[] = [];
    const path = await copyImagesIntoProject(project, dataset(), 'holiday', folders(), {
      trash,
      onProgress: (p) => progress.push(p),
    });
    expect(path).toBe(copy());
    expect(await filesUnder(copy())).toEqual(await filesUnder(dataset()));
    for (const file of await filesUnder(dataset()))
      expect(
        (await readFile(join(copy(), file))).equals(await readFile(join(dataset(), file))),
      ).toBe(true);
    expect(progress.map((p) => p.copied)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(progress.at(-1)).toMatchObject({ total: 8, bytes: 8 * (photo.length + 1) });
    expect(await readdir(join(project, 'data'))).toEqual(['holiday']);
  });

  it('leaves the earlier copy as it was when cancelled mid-copy', async () => {
    const before = await contentsOf(copy());
    await writePhoto('beach/1.jpg', 41);
    await writePhoto('hills/5.jpg', 5);
    const controller = new AbortController();
    const copied: number[] = [];
    await expect(
      copyImagesIntoProject(project, dataset(), 'holiday', folders(), {
        trash,
        signal: controller.signal,
        onProgress: ({ copied: n }) => {
          copied.push(n);
          if (n === 3) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(copied).toEqual([1, 2, 3]);
    expect(await contentsOf(copy())).toEqual(before);
    // Nothing half-written stays beside it.
    expect(await readdir(join(project, 'data'))).toEqual(['holiday']);
  });

  it('leaves no stale photos when the next copy has fewer, keeping the earlier one in the trash', async () => {
    await rm(join(dataset(), 'hills'), { recursive: true });
    await writePhoto('beach/1.jpg', 99);
    await copyImagesIntoProject(project, dataset(), 'holiday', folders(), { trash });
    expect(await filesUnder(copy())).toEqual([
      'beach/1.jpg',
      'beach/2.jpg',
      'beach/3.jpg',
      'beach/4.jpg',
    ]);
    // Compared as bytes: a deep equality of two 3 MB buffers takes a minute.
    const [copied, original] = await Promise.all(
      [copy(), dataset()].map((root) => readFile(join(root, 'beach', '1.jpg'))),
    );
    expect(copied?.equals(original ?? Buffer.alloc(0))).toBe(true);
    expect(await readdir(join(project, 'data'))).toEqual(['holiday']);
    const [kept, ...more] = await readdir(trash);
    expect(more).toEqual([]);
    expect(await filesUnder(join(trash, kept ?? ''))).toContain('hills/4.jpg');
  });

  it('copies the photos of a zip the same way', async () => {
    const zip = join(dir, 'holiday.zip');
    await writeFile(
      zip,
      writeStoredZip(
        ['a', 'b'].map((name, i) => ({
          name: `sea/${name}.jpg`,
          data: Buffer.concat([photo, Buffer.from([i])]),
        })),
      ),
    );
    const path = await copyImagesIntoProject(project, zip, 'from zip', folders(), { trash });
    expect(await filesUnder(path)).toEqual(['sea/a.jpg', 'sea/b.jpg']);
    expect((await readFile(join(path, 'sea', 'b.jpg'))).length).toBe(photo.length + 1);
  });
});

/** Every file under a folder, as sorted relative paths with forward slashes. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** Each file's content hash by path: what "as it was" means for a copy. */
async function contentsOf(folder: string): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for (const file of await filesUnder(folder))
    contents[file] = createHash('sha256')
      .update(await readFile(join(folder, file)))
      .digest('hex');
  return contents;
}
