import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { seededRandom } from '../../../common/random.js';
import { failingFileOps } from '../../testing/failingFileOps.js';
import { distModule, killDelay, SteppedChild } from '../../testing/killHarness.js';
import { BACKUP_FILE, openProject, PROJECT_FILE, saveProject } from './projectStore.js';

/** A project big enough (~150 kB) that a kill often lands in the middle of writing it. */
function project(name: string): Project {
  const images = Object.fromEntries(
    Array.from({ length: 1500 }, (_, i) => [
      `cats/${name}-${i}.jpg`,
      createHash('sha256').update(`${name}${i}`).digest('hex'),
    ]),
  );
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name,
    datasets: [{ path: '/data', images }],
    classes: ['cats', 'dogs'],
    settings: DEFAULT_TRAIN_SETTINGS,
    runs: [],
    createdAt: '2026-11-29T00:00:00.000Z',
    updatedAt: '2026-11-29T00:00:00.000Z',
  };
}

const fingerprint = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('project store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-project-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('saves and opens, keeping the previous version as the backup', async () => {
    const folder = join(dir, 'plain');
    await saveProject(folder, project('A'));
    await saveProject(folder, project('B'));
    expect((await openProject(folder)).project.name).toBe('B');
    expect(JSON.parse(await readFile(join(folder, BACKUP_FILE), 'utf8')).name).toBe('A');
  });

  it('falls back to the backup when project.json is damaged', async () => {
    const folder = join(dir, 'damaged');
    await saveProject(folder, project('A'));
    await saveProject(folder, project('B'));
    await writeFile(join(folder, PROJECT_FILE), '{"format": "transfer-studio-project", "vers');
    const opened = await openProject(folder);
    expect(opened).toMatchObject({ recoveredFromBackup: true, project: { name: 'A' } });
  });

  it.each([
    ['the disk is full', 'writeFile', 'ENOSPC', /the disk is full/],
    ['permission is denied', 'rename', 'EACCES', /permission denied/],
  ] as const)(
    'keeps the saved version and leaves no temporary file when %s',
    async (_name, op, code, message) => {
      const folder = join(dir, `failing-${code}`);
      await saveProject(folder, project('A'));
      const ops = failingFileOps(op, code, (path) => /project\.json\.[0-9a-f]{8}\.tmp$/.test(path));
      await expect(saveProject(folder, project('B'), ops)).rejects.toMatchObject({
        code: 'WRITE_FAILED',
        message: expect.stringMatching(message),
      });
      expect((await openProject(folder)).project.name).toBe('A');
      expect((await readdir(folder)).sort()).toEqual([PROJECT_FILE, BACKUP_FILE].sort());
    },
  );

  it('opens a version 1 project by migrating it, and saves it as the current version', async () => {
    const folder = join(dir, 'old');
    const { layerOverrides: _dropped, ...oldSettings } = DEFAULT_TRAIN_SETTINGS;
    const v1 = {
      ...project('Old'),
      version: 1,
      settings: oldSettings,
      runs: [{ id: 'r1', startedAt: '2026-01-01T00:00:00.000Z', settings: oldSettings }],
    };
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, PROJECT_FILE), JSON.stringify(v1));
    const opened = await openProject(folder);
    expect(opened.migratedFrom).toBe(1);
    expect(opened.project.version).toBe(PROJECT_VERSION);
    expect(opened.project.settings.layerOverrides).toEqual({});
    expect(opened.project.runs[0]?.settings.layerOverrides).toEqual({});
    await saveProject(folder, opened.project);
    expect(JSON.parse(await readFile(join(folder, PROJECT_FILE), 'utf8')).version).toBe(
      PROJECT_VERSION,
    );
    expect(JSON.parse(await readFile(join(folder, BACKUP_FILE), 'utf8')).version).toBe(1);
    expect((await openProject(folder)).migratedFrom).toBeUndefined();
  });

  it('refuses a project from a newer version and never overwrites it', async () => {
    const folder = join(dir, 'newer');
    await saveProject(folder, project('A'));
    const newer = JSON.stringify({ ...project('A'), version: 99 });
    await writeFile(join(folder, PROJECT_FILE), newer);
    await expect(openProject(folder)).rejects.toThrow(/newer Transfer Studio \(format 99/);
    await expect(saveProject(folder, project('B'))).rejects.toThrow(/newer/);
    expect(await readFile(join(folder, PROJECT_FILE), 'utf8')).toBe(newer);
  });

  it(
    'survives 200 SIGKILLs of the saving process, between saves and during them: always the old or the new version',
    // A last guard only: 200 process starts take ~30 s on a quiet 2-core machine.
    { timeout: 600_000 },
    async () => {
      const folder = join(dir, 'killed');
      const versions = [project('A'), project('B')];
      const prints = new Map(versions.map((v) => [v.name, fingerprint(v)]));
      await saveProject(folder, versions[0] as Project);
      const versionsFile = join(dir, 'versions.json');
      await writeFile(versionsFile, JSON.stringify(versions));
      // The child saves B, A, B, … reporting each finished save, then waits for the parent's go.
      const child = `
      const { saveProject } = await import(${JSON.stringify(distModule('src', 'node', 'services', 'projects', 'projectStore.js'))});
      const { readFile } = await import('node:fs/promises');
      const versions = JSON.parse(await readFile(${JSON.stringify(versionsFile)}, 'utf8'));
      report('ready');
      pause();
      for (let i = 1; ; i++) {
        await saveProject(${JSON.stringify(folder)}, versions[i % 2]);
        report('saved ' + versions[i % 2].name);
        pause();
      }
    `;
      const random = seededRandom(2026);
      const saveMs: number[] = [];
      const outcomes = { between: new Set<string>(), during: { old: 0, new: 0 } };
      let onDisk = 'A';
      for (let round = 0; round < 200; round++) {
        const saver = SteppedChild.start(child);
        await saver.until('ready');
        // Even rounds kill while the child waits after a known number of saves; odd rounds kill
        // at a delay spread over the save durations measured so far, mid-save or around it.
        const saves = 1 + (Math.floor(round / 2) % 2);
        let last = onDisk;
        for (let i = 0; i < saves; i++) {
          const started = performance.now();
          saver.proceed();
          last = (await saver.until('saved ')).slice('saved '.length);
          saveMs.push(performance.now() - started);
        }
        const during = round % 2 === 1;
        if (during) {
          saver.proceed();
          await new Promise((resolve) => setTimeout(resolve, killDelay(random, saveMs)));
        }
        await saver.kill();
        const { project: opened } = await openProject(folder);
        expect(fingerprint(opened)).toBe(prints.get(opened.name));
        if (during) {
          const next = last === 'A' ? 'B' : 'A';
          expect([last, next]).toContain(opened.name);
          outcomes.during[opened.name === last ? 'old' : 'new'] += 1;
        } else {
          expect(opened.name).toBe(last);
          outcomes.between.add(opened.name);
        }
        onDisk = opened.name;
      }
      // Both versions were on disk when a kill landed, because the harness made it so.
      expect(outcomes.between).toEqual(new Set(['A', 'B']));
      console.log(
        `kills during saves: ${outcomes.during.old} left the previous version, ${outcomes.during.new} the new one`,
      );
    },
  );
});
