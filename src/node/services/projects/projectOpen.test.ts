import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { openProject, PROJECT_FILE, saveProject } from './projectStore.js';

const project = (name: string): Project => ({
  format: PROJECT_FORMAT,
  version: PROJECT_VERSION,
  name,
  datasets: [{ path: '/data', images: { 'cats/1.jpg': 'a'.repeat(64) } }],
  classes: ['cats'],
  settings: DEFAULT_TRAIN_SETTINGS,
  runs: [],
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
});

describe('project files as other tools leave them', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-project-open-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('opens a project.json that starts with a UTF-8 byte order mark (Notepad) as it is', async () => {
    const folder = join(dir, 'bom');
    await mkdir(folder);
    await writeFile(join(folder, PROJECT_FILE), `\uFEFF${JSON.stringify(project('Bom'))}`);
    const opened = await openProject(folder);
    expect(opened).toMatchObject({ recoveredFromBackup: false, project: { name: 'Bom' } });
    await saveProject(folder, project('Saved'));
    expect((await openProject(folder)).project.name).toBe('Saved');
  });

  it('clears temporary files a crashed save left, and runs overlapping saves one after another', async () => {
    const folder = join(dir, 'strays');
    await saveProject(folder, project('A'));
    await writeFile(join(folder, '.project.json.0123abcd.tmp'), '{"half": ');
    await writeFile(join(folder, 'project.json.89abcdef.tmp'), '{"half": ');
    await Promise.all(['B', 'C', 'D'].map((name) => saveProject(folder, project(name))));
    expect((await openProject(folder)).project.name).toBe('D');
    expect((await readdir(folder)).sort()).toEqual(['project.json', 'project.json.bak']);
  });
});
