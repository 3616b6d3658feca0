import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../../testing/images.js';
import { copyImagesIntoProject } from './copyImages.js';
import { ProjectFolders } from './recentProjects.js';

describe('copying images into a project writes only into project folders', () => {
  let dir: string;
  let projects: string;
  let dataset: string;
  let outside: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-copy-images-'));
    projects = join(dir, 'home', 'projects');
    dataset = join(dir, 'flowers');
    outside = join(dir, 'outside');
    await mkdir(projects, { recursive: true });
    await mkdir(outside);
    for (const label of ['rose', 'tulip']) {
      await mkdir(join(dataset, label), { recursive: true });
      for (const i of [1, 2, 3])
        await writeFile(join(dataset, label, `${i}.jpg`), await makeJpeg(32, 32));
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const folders = () => new ProjectFolders(projects);

  it('copies into a project folder inside the projects folder', async () => {
    const project = join(projects, 'lab 1');
    await mkdir(project);
    const path = await copyImagesIntoProject(project, dataset, 'flowers', folders());
    expect(path).toBe(join(project, 'data', 'flowers'));
    expect((await readdir(join(path, 'rose'))).sort()).toEqual(['1.jpg', '2.jpg', '3.jpg']);
  });

  it('copies into a project opened here, wherever it is', async () => {
    const project = join(dir, 'usb-stick', 'lab 2');
    await mkdir(project, { recursive: true });
    const allowed = folders();
    await allowed.add(project);
    const path = await copyImagesIntoProject(project, dataset, 'flowers', allowed);
    expect((await readdir(join(path, 'tulip'))).length).toBe(3);
  });

  it.each([
    ['a folder that is no project', () => outside],
    ['the projects folder itself', () => projects],
    ['a path climbing out of the projects folder', () => join(projects, '..', '..', 'outside')],
  ])('refuses %s and writes nothing', async (_case, folder) => {
    await expect(
      copyImagesIntoProject(folder(), dataset, 'flowers', folders()),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses a link in the projects folder that leads outside it', async () => {
    const link = join(projects, 'sneaky');
    await symlink(outside, link, 'dir');
    await expect(copyImagesIntoProject(link, dataset, 'flowers', folders())).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses a project whose data folder is a link out of it, writing nothing there', async () => {
    const project = join(projects, 'lab 3');
    await mkdir(project);
    await symlink(outside, join(project, 'data'), 'dir');
    await expect(copyImagesIntoProject(project, dataset, 'flowers', folders())).rejects.toThrow(
      /leads outside the project folder \(through a link\)/,
    );
    expect(await readdir(outside)).toEqual([]);
  });

  it('never writes through a file link planted where an image goes: the copy replaces it', async () => {
    const project = join(projects, 'lab 4');
    const victim = join(outside, 'victim.txt');
    await writeFile(victim, 'keep me');
    await mkdir(join(project, 'data', 'flowers', 'rose'), { recursive: true });
    await symlink(victim, join(project, 'data', 'flowers', 'rose', '1.jpg'));
    const path = await copyImagesIntoProject(project, dataset, 'flowers', folders());
    expect(await readFile(victim, 'utf8')).toBe('keep me');
    const copied = join(path, 'rose', '1.jpg');
    expect((await lstat(copied)).isFile()).toBe(true);
    expect(await readFile(copied)).toEqual(await readFile(join(dataset, 'rose', '1.jpg')));
    await rm(victim);
  });

  it('says NOT_FOUND for a project folder that does not exist', async () => {
    await expect(
      copyImagesIntoProject(join(projects, 'nope'), dataset, 'flowers', folders()),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
