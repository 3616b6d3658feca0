import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distModule } from '../../testing/killHarness.js';
import { runKillRounds } from '../../testing/steppedOps.js';
import { recoverFolder, writeFolderAtomically } from './writeFolderAtomically.js';

/** A folder version: three files, 3 MiB in all, each naming the version it belongs to. */
function version(name: string): Map<string, Buffer> {
  return new Map([
    ['model.json', Buffer.from(JSON.stringify({ version: name }))],
    ['weights.bin', Buffer.alloc(2 ** 21, name)],
    ['extra/labels.txt', Buffer.alloc(2 ** 20, name)],
  ]);
}

/** Which version a folder holds, whole; undefined when its files are a mix or missing. */
async function versionOf(folder: string): Promise<string | undefined> {
  const found = new Set<string>();
  const names = [...(await readdir(folder)), ...(await readdir(join(folder, 'extra')))];
  if (names.length !== 4) return undefined;
  for (const name of ['A', 'B'])
    for (const [file, data] of version(name))
      if (digest(await readFile(join(folder, file))) === digest(data)) found.add(`${name}:${file}`);
  const whole = ['A', 'B'].filter((name) =>
    [...version(name).keys()].every((f) => found.has(`${name}:${f}`)),
  );
  return whole.length === 1 ? whole[0] : undefined;
}

const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const leftovers = async (folder: string) =>
  (await readdir(folder)).filter((n) => /\.(partial|previous)-[0-9a-f]{8}$/.test(n));

describe('recoverFolder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-recover-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('puts a hidden previous copy back when the target is missing, and clears partial folders', async () => {
    const parent = await mkdtemp(join(dir, 'missing-'));
    await writeFolderAtomically(join(parent, 'out'), version('A'));
    // What a crash between the two renames of a swap leaves.
    await rename(join(parent, 'out'), join(parent, '.out.previous-0123abcd'));
    await mkdir(join(parent, '.out.partial-0123abcd'));
    await mkdir(join(parent, '.out.partial-deadbeef'));
    const recovery = await recoverFolder(join(parent, 'out'));
    expect(recovery.restored).toBe(true);
    expect(recovery.cleaned).toHaveLength(2);
    expect(await versionOf(join(parent, 'out'))).toBe('A');
    expect(await readdir(parent)).toEqual(['out']);
  });

  it('moves a superseded previous copy to the trash, never deleting it, and leaves other folders alone', async () => {
    const parent = await mkdtemp(join(dir, 'superseded-'));
    const trash = join(dir, 'trash-1');
    await writeFolderAtomically(join(parent, 'out'), version('B'));
    await writeFolderAtomically(join(parent, '.out.previous-0123abcd'), version('A'));
    await mkdir(join(parent, '.other.previous-0123abcd'));
    await mkdir(join(parent, '.out.previous-notahash'));
    await recoverFolder(join(parent, 'out'), { trash });
    expect(await versionOf(join(parent, 'out'))).toBe('B');
    const [kept] = await readdir(trash);
    expect(kept).toMatch(/^\d{4}-.* out$/);
    expect(await versionOf(join(trash, kept ?? ''))).toBe('A');
    expect((await readdir(parent)).sort()).toEqual(
      ['.other.previous-0123abcd', '.out.previous-notahash', 'out'].sort(),
    );
  });

  it('is what the writer does first: a write after a crash finds the old folder, not an empty place', async () => {
    const parent = await mkdtemp(join(dir, 'write-after-'));
    await writeFolderAtomically(join(parent, 'out'), version('A'));
    await rename(join(parent, 'out'), join(parent, '.out.previous-0123abcd'));
    await expect(writeFolderAtomically(join(parent, 'out'), version('B'))).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    expect(await versionOf(join(parent, 'out'))).toBe('A');
    const trash = join(dir, 'trash-2');
    await writeFolderAtomically(join(parent, 'out'), version('B'), { overwrite: true, trash });
    expect(await versionOf(join(parent, 'out'))).toBe('B');
    expect(await versionOf(join(trash, (await readdir(trash))[0] ?? ''))).toBe('A');
    expect(await readdir(parent)).toEqual(['out']);
  });

  it(
    'survives SIGKILL after every step and at random moments inside steps: the folder is never lost',
    { timeout: 600_000 },
    async () => {
      const parent = join(dir, 'killed');
      const target = join(parent, 'out');
      const trash = join(dir, 'killed-trash');
      await mkdir(parent, { recursive: true });
      const missingBefore = { count: 0 };
      const result = await runKillRounds({
        write: `
          const { writeFolderAtomically } = await import(${JSON.stringify(distModule('src', 'node', 'adapters', 'files', 'writeFolderAtomically.js'))});
          const big = (name, size) => Buffer.alloc(size, name);
          const files = new Map([
            ['model.json', Buffer.from(JSON.stringify({ version: 'B' }))],
            ['weights.bin', big('B', 2 ** 21)],
            ['extra/labels.txt', big('B', 2 ** 20)],
          ]);
          await writeFolderAtomically(${JSON.stringify(target)}, files, { overwrite: true, ops, trash: ${JSON.stringify(trash)} });
        `,
        reset: async () => {
          if ((await versionOf(target).catch(() => undefined)) !== 'A')
            await writeFolderAtomically(target, version('A'), { overwrite: true, trash });
        },
        check: async () => {
          const before = await leftovers(parent);
          const missing = !(await readdir(parent)).includes('out');
          if (missing) missingBefore.count++;
          await recoverFolder(target, { trash });
          const found = await versionOf(target);
          expect(found, 'the folder is the old or the new version, whole').toBeDefined();
          expect(await readdir(parent)).toEqual(['out']);
          return `${found ?? '?'}${missing ? ' (was missing, restored)' : ''}${before.length > 0 ? ' (leftovers cleaned)' : ''}`;
        },
        randomKills: 100,
        seed: 7,
      });
      // Everything the app replaced is in the trash, whole: nothing was deleted.
      for (const kept of await readdir(trash))
        expect(['A', 'B']).toContain(await versionOf(join(trash, kept)));
      console.log(
        'writeFolderAtomically kill rounds:',
        JSON.stringify({ ...result, targetMissingBeforeRecovery: missingBefore.count }),
      );
      const labels = Object.keys(result.seen);
      expect(labels.some((l) => l.startsWith('A'))).toBe(true);
      expect(labels.some((l) => l.startsWith('B'))).toBe(true);
      // The instant between the two renames was hit by construction, and recovered.
      expect(labels.some((l) => l.includes('was missing'))).toBe(true);
    },
  );
});
