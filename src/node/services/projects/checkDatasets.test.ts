import { copyFile, mkdtemp, readdir, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { scanDataset } from '../dataset/scanner.js';
import { writeShapeSamples } from '../samples/shapes.js';
import { runCli } from '../../hosts/cli/main.js';
import { memoryIo } from '../../hosts/cli/testIo.js';
import { checkProjectDatasets } from './checkDatasets.js';
import { saveProject } from './projectStore.js';

describe('checkProjectDatasets', () => {
  let dir: string;
  let project: Project;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-check-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 3, size: 32, seed: 5 });
    const scanned = await scanDataset(join(dir, 'shapes'));
    project = {
      format: PROJECT_FORMAT,
      version: 1,
      name: 'check',
      datasets: [
        {
          path: 'shapes',
          images: Object.fromEntries(scanned.images.map((i) => [i.path, i.sha256])),
        },
        { path: join(dir, 'unplugged-drive'), images: { 'a/1.png': 'f'.repeat(64) } },
      ],
      classes: ['circle', 'square', 'triangle'],
      settings: DEFAULT_TRAIN_SETTINGS,
      runs: [],
      createdAt: '2026-11-29T00:00:00.000Z',
      updatedAt: '2026-11-29T00:00:00.000Z',
    };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('check-project says a project is as recorded (exit 0)', async () => {
    const folder = join(dir, 'intact');
    await saveProject(folder, {
      ...project,
      datasets: project.datasets.slice(0, 1).map((d) => ({ ...d, path: join(dir, 'shapes') })),
    });
    const io = memoryIo();
    expect(await runCli(['check-project', folder], io)).toBe(0);
    expect(io.out()).toMatch(/shapes: as recorded \(9 images\)/);
  });

  it('reports moved, changed, vanished and added images and a dataset that is gone', async () => {
    const shapes = join(dir, 'shapes');
    const [circle0, circle1, circle2] = (await readdir(join(shapes, 'circle'))).sort();
    const [square0] = (await readdir(join(shapes, 'square'))).sort();
    const [triangle0] = (await readdir(join(shapes, 'triangle'))).sort();
    if (!circle0 || !circle1 || !circle2 || !square0 || !triangle0) throw new Error('no samples');
    await rename(join(shapes, 'circle', circle0), join(shapes, 'square', `moved-${circle0}`));
    await unlink(join(shapes, 'circle', circle1));
    await copyFile(join(shapes, 'square', square0), join(shapes, 'circle', circle2));
    await copyFile(join(shapes, 'triangle', triangle0), join(shapes, 'triangle', `new.png`));

    const [local, gone] = await checkProjectDatasets(dir, project);
    expect(local).toMatchObject({
      path: 'shapes',
      found: true,
      changes: {
        unchanged: 6,
        moved: [{ from: `circle/${circle0}`, to: `square/moved-${circle0}` }],
        vanished: [`circle/${circle1}`],
        changed: [`circle/${circle2}`],
        // A copy of a recorded image under a new name is a new image, not a move.
        added: ['triangle/new.png'],
      },
    });
    expect(gone).toMatchObject({ found: false, changes: { vanished: ['a/1.png'], unchanged: 0 } });

    await saveProject(dir, project);
    const io = memoryIo();
    expect(await runCli(['check-project', dir], io)).toBe(3);
    expect(io.out()).toContain(`moved (1):\n    circle/${circle0} → square/moved-${circle0}`);
    expect(io.out()).toContain(`vanished (1):\n    circle/${circle1}`);
    expect(io.out()).toMatch(/unplugged-drive: NOT FOUND — all 1 images are missing/);
  });
});
