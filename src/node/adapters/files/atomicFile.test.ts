import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distModule } from '../../testing/killHarness.js';
import { failingFileOps } from '../../testing/failingFileOps.js';
import { runKillRounds } from '../../testing/steppedOps.js';
import { removeStrayTemporaries, writeFileAtomically } from './atomicFile.js';

/** Two versions of a file, big enough (2 MiB) that writing one takes several milliseconds. */
const version = (name: string) => Buffer.concat([Buffer.from(name), Buffer.alloc(2 ** 21, name)]);
const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('writeFileAtomically', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-atomic-file-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes and replaces a file, leaving nothing beside it', async () => {
    const target = join(dir, 'plain', 'notes.json');
    await rm(join(dir, 'plain'), { recursive: true, force: true });
    await mkdir(join(dir, 'plain'));
    await writeFileAtomically(target, 'one');
    await writeFileAtomically(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'plain'))).toEqual(['notes.json']);
  });

  it.each([
    ['the disk is full', 'writeFile', 'ENOSPC', /the disk is full/],
    ['permission is denied', 'rename', 'EACCES', /permission denied/],
    ['the disk is read-only', 'sync', 'EROFS', /read-only/],
  ] as const)('keeps the old file and no temporary when %s', async (_name, op, code, message) => {
    const target = join(dir, `failing-${code}.txt`);
    await writeFile(target, 'old');
    const ops = failingFileOps(op, code, (path) => path.endsWith('.tmp'));
    await expect(writeFileAtomically(target, 'new', ops)).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringMatching(message),
    });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect((await readdir(dir)).filter((n) => n.includes(`failing-${code}`))).toEqual([
      `failing-${code}.txt`,
    ]);
  });

  it('removes only its own crashed temporaries (and the fixed-name ones of older versions)', async () => {
    const folder = await mkdtemp(join(dir, 'strays-'));
    for (const name of [
      'recent.json',
      '.recent.json.0123abcd.tmp',
      'recent.json.tmp',
      'recent.json.89abcdef.tmp',
      '.other.json.0123abcd.tmp',
      'recent.json.bak',
    ])
      await writeFile(join(folder, name), 'x');
    const removed = await removeStrayTemporaries(join(folder, 'recent.json'));
    expect(removed.sort()).toEqual(
      ['.recent.json.0123abcd.tmp', 'recent.json.tmp', 'recent.json.89abcdef.tmp'].sort(),
    );
    expect((await readdir(folder)).sort()).toEqual(
      ['.other.json.0123abcd.tmp', 'recent.json', 'recent.json.bak'].sort(),
    );
  });

  it(
    'survives SIGKILL after every step and at random moments inside steps: always the old or the new file',
    { timeout: 600_000 },
    async () => {
      const folder = join(dir, 'killed');
      await mkdir(folder, { recursive: true });
      const target = join(folder, 'data.bin');
      const [a, b] = [version('A'), version('B')];
      const versions = new Map([
        [digest(a), 'A'],
        [digest(b), 'B'],
      ]);
      const newFile = join(dir, 'new.bin');
      await writeFile(newFile, b);
      const result = await runKillRounds({
        write: `
          const { writeFileAtomically } = await import(${JSON.stringify(distModule('src', 'node', 'adapters', 'files', 'atomicFile.js'))});
          const { readFile } = await import('node:fs/promises');
          await writeFileAtomically(${JSON.stringify(target)}, await readFile(${JSON.stringify(newFile)}), ops);
        `,
        reset: () => writeFile(target, a),
        check: async () => {
          const found = versions.get(digest(await readFile(target)));
          expect(found, 'the file is the old or the new version, whole').toBeDefined();
          const strays = await removeStrayTemporaries(target);
          expect((await readdir(folder)).sort()).toEqual(['data.bin']);
          return `${found ?? '?'}${strays.length > 0 ? ' + temporary left' : ''}`;
        },
        randomKills: 100,
      });
      console.log('writeFileAtomically kill rounds:', JSON.stringify(result));
      // Both versions came up: kills landed before and after the rename, by construction.
      expect(Object.keys(result.seen).some((label) => label.startsWith('A'))).toBe(true);
      expect(Object.keys(result.seen).some((label) => label.startsWith('B'))).toBe(true);
      expect(result.steps.map((s) => s.name)).toEqual(['writeFile', 'sync', 'rename', 'sync']);
    },
  );
});
