import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../common/contract/contract.js';
import type { ContractClient } from '../../../common/contract/rpc.js';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { SHAPE_PACK_ARCH as ARCH, writeShapesAndTestPack } from '../../testing/shapeRuns.js';

describe('the contract handlers over an in-memory port pair', () => {
  let dir: string;
  let rpc: ContractClient;
  let pair: HandlerPair;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-handlers-'));
    pair = handlerPair(await writeShapesAndTestPack(dir, 5));
    rpc = pair.rpc;
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('scans a dataset and lists models', async () => {
    const report = await rpc.call('dataset.scan', { path: join(dir, 'shapes') });
    expect(report.files).toEqual({ seen: 18, imported: 18, skipped: 0 });
    const models = await rpc.call('bases.list', {});
    expect(models.packs.map((p) => p.architecture)).toEqual([ARCH]);
    expect(models.catalog.length).toBeGreaterThan(30);
  });

  it('reports a named scan’s progress', async () => {
    const progress: EventOf<'scan.progress'>[] = [];
    const stop = rpc.on('scan.progress', (p) => progress.push(p));
    const report = await rpc.call('dataset.scan', { path: join(dir, 'shapes'), scanId: 's1' });
    expect(report.files.imported).toBe(18);
    expect(progress[0]).toMatchObject({ scanId: 's1', lastPath: expect.stringMatching(/\.png$/) });
    expect(progress[0]?.seen).toBeGreaterThan(0);
    stop();
  });

  it('reports a missing folder with its code', async () => {
    await expect(rpc.call('dataset.scan', { path: join(dir, 'missing') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('trains: events named by the job while it runs, then the result as the answer', async () => {
    const events: EventOf<'job.event'>[] = [];
    const stop = rpc.on('job.event', (e) => events.push(e));
    const settings = {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 3, batchSize: 4 },
    };
    const result = await rpc.call('training.start', {
      jobId: 'job-1',
      dataset: join(dir, 'shapes'),
      base: ARCH,
      out: join(dir, 'model'),
      settings,
    });
    stop();
    expect(result.history).toHaveLength(3);
    expect(events.every((e) => e.jobId === 'job-1')).toBe(true);
    expect(events.map((e) => e.event.type)).toEqual(
      expect.arrayContaining(['scanned', 'embedding', 'epoch']),
    );

    const predictions = await rpc.call('model.predict', {
      modelDir: join(dir, 'model'),
      images: [join(dir, 'shapes', 'circle', 'circle-000.png')],
    });
    expect(predictions[0]?.probabilities).toHaveLength(3);
  });

  it('saves a project and opens it again, reporting what changed in its dataset on disk', async () => {
    const report = await rpc.call('dataset.scan', { path: join(dir, 'shapes') });
    const now = new Date().toISOString();
    const project: Project = {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: 'Shapes',
      datasets: [
        {
          path: join(dir, 'shapes'),
          images: Object.fromEntries(report.images.map((i) => [i.path, i.sha256])),
        },
      ],
      classes: report.classes.map((c) => c.name),
      settings: DEFAULT_TRAIN_SETTINGS,
      runs: [],
      createdAt: now,
      updatedAt: now,
    } satisfies Project;
    const folder = join(dir, 'project');
    expect((await rpc.call('project.save', { folder, project })).savedAt).toMatch(/^\d{4}-/);
    const moved = await rpc.call('dataset.moveToClass', {
      dataset: join(dir, 'shapes'),
      path: 'circle/circle-000.png',
      toClass: 'square',
    });
    expect(moved.path).toBe(join('square', 'circle-000.png'));
    const opened = await rpc.call('project.open', { folder });
    expect(opened.project.name).toBe('Shapes');
    expect(opened.recoveredFromBackup).toBe(false);
    expect(opened.datasets[0]?.changes.moved).toEqual([
      { from: 'circle/circle-000.png', to: 'square/circle-000.png' },
    ]);
    await rpc.call('dataset.moveToClass', {
      dataset: join(dir, 'shapes'),
      path: moved.path,
      toClass: 'circle',
    });
  });

  it('creates project folders, remembers the last saved one, and copies images into a project', async () => {
    const { folder } = await rpc.call('project.create', { name: 'My/lab' });
    expect(folder).toMatch(/projects[\\/][\d-]+T[\d-]+ My_lab$/);
    expect(await rpc.call('project.recent', {})).toMatchObject({
      folder: join(dir, 'project'),
      name: 'Shapes',
    });
    const { path } = await rpc.call('project.copyImages', {
      folder,
      dataset: join(dir, 'shapes'),
      name: 'shapes',
    });
    expect(path).toBe(join(folder, 'data', 'shapes'));
    const copy = await rpc.call('dataset.scan', { path });
    expect(copy.files.imported).toBe(18);
    // Anywhere else, even the folder of a project only saved (never opened) here, is refused.
    await expect(
      rpc.call('project.copyImages', {
        folder: join(dir, 'shapes'),
        dataset: join(dir, 'shapes'),
        name: 'again',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The folder of a project opened here is the project's own.
    await rpc.call('project.open', { folder: join(dir, 'project') });
    const opened = await rpc.call('project.copyImages', {
      folder: join(dir, 'project'),
      dataset: join(dir, 'shapes'),
      name: 'shapes',
    });
    expect(opened.path).toBe(join(dir, 'project', 'data', 'shapes'));
  });

  it('reports a named copy’s progress: its first file, and its last', async () => {
    await rpc.call('project.open', { folder: join(dir, 'project') });
    const progress: EventOf<'copy.progress'>[] = [];
    const stop = rpc.on('copy.progress', (p) => progress.push(p));
    await rpc.call('project.copyImages', {
      folder: join(dir, 'project'),
      dataset: join(dir, 'shapes'),
      name: 'shapes',
      copyId: 'c1',
    });
    stop();
    expect(progress[0]).toMatchObject({ copyId: 'c1', copied: 1, total: 18 });
    expect(progress.at(-1)).toMatchObject({ copyId: 'c1', copied: 18, total: 18 });
    expect(progress.at(-1)?.bytes).toBeGreaterThan(0);
  });

  it('refuses an upload whose bytes arrived as damaged base64', async () => {
    await expect(
      rpc.call('dataset.upload', {
        name: 'drop',
        files: [{ path: 'cats/a.png', base64: 'iVBORw0KGgo$$$$' }],
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/damaged/),
    });
  });

  it('answers a channel it does not serve (native dialogs) with UNSUPPORTED', async () => {
    await expect(rpc.call('shell.pickDataset', { kind: 'folder' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });
});
