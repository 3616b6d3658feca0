import { mkdtemp, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { ZipSource } from '../dataset/zipSource.js';
import { writeHandInBundle } from '../projects/handIn.js';
import { saveProject } from '../projects/projectStore.js';
import { failingFileOps } from '../../testing/failingFileOps.js';
import { trainShapeModel } from '../../testing/shapeRuns.js';
import { readTrainedModelMetadata } from '../training/loadTrainedModel.js';
import { evaluateValidationImages } from '../training/modelServices.js';
import { buildLabReport } from './labReport.js';
import { renderLabReport } from './renderLabReport.js';

describe('the lab report and the hand-in bundle', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-report-'));
    modelDir = await trainShapeModel(dir, 4);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports data, settings with the seed, curves, results and every misclassified image', async () => {
    const html = await buildLabReport(modelDir, { student: 'Ada' });
    const metadata = await readTrainedModelMetadata(modelDir);
    expect(html).toContain('<h1>Image classifier: circle, square, triangle</h1>');
    expect(html).toContain('Ada');
    expect(html).toContain('<strong>Seed 42</strong>');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('class="matrix"');
    const validation = metadata.validation;
    const wrong = Math.round((validation?.count ?? 0) * (1 - (validation?.accuracy ?? 0)));
    expect(html.match(/<figure>/g) ?? []).toHaveLength(wrong);
    // Every misclassified image comes with its thumbnail.
    expect(html.match(/<figure><img src="data:image\/jpeg;base64,/g) ?? []).toHaveLength(wrong);
    // And with where the model looked for the class it wrongly chose.
    expect(
      html.match(/<img src="data:image\/png;base64,[^"]+" alt="Where the model looked for /g) ?? [],
    ).toHaveLength(wrong);
    expect(html).not.toMatch(/<script/i);
  });

  it('evaluates the model again on the validation images it recorded, as training did', async () => {
    const metadata = await readTrainedModelMetadata(modelDir);
    const again = await evaluateValidationImages(modelDir);
    expect(again.count).toBe(metadata.validation?.count);
    expect(again.accuracy).toBeCloseTo(metadata.validation?.accuracy ?? -1, 6);
    expect(again.confusion).toEqual(metadata.validation?.confusion);
  });

  it('escapes what came from folder names', async () => {
    const metadata = await readTrainedModelMetadata(modelDir);
    const html = renderLabReport({
      title: 'x',
      metadata: { ...metadata, classes: ['<script>alert(1)</script>', 'b&c', 'd'] },
      misclassified: [{ path: '"><img onerror=x>', actual: 'a', predicted: 'b', probability: 0.5 }],
      generatedAt: new Date(),
    });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('b&amp;c');
    expect(html).not.toContain('"><img onerror');
  });

  it('bundles report, model, project and images into one zip, atomically', async () => {
    const now = new Date().toISOString();
    await saveProject(join(dir, 'project'), {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: 'Shapes lab',
      datasets: [],
      classes: ['circle', 'square', 'triangle'],
      settings: DEFAULT_TRAIN_SETTINGS,
      runs: [],
      createdAt: now,
      updatedAt: now,
    });
    const out = join(dir, 'hand-in.zip');
    const result = await writeHandInBundle(modelDir, {
      out,
      project: join(dir, 'project'),
      data: join(dir, 'shapes'),
      student: 'Ada',
    });
    expect(result.bytes).toBe((await stat(out)).size);
    const zip = await ZipSource.open(out);
    try {
      const top = (await zip.list([])).map((c) => c.name).sort();
      expect(top).toEqual(['data', 'model', 'project', 'report.html']);
      expect((await zip.list(['model'])).map((c) => c.name)).toEqual(
        expect.arrayContaining(['model.json', 'metadata.json', 'labels.txt']),
      );
      expect((await zip.list(['data'])).map((c) => c.name).sort()).toEqual([
        'circle',
        'square',
        'triangle',
      ]);
      const report = Buffer.from(await zip.read('report.html')).toString();
      expect(report).toContain('project “Shapes lab”');
      expect(Buffer.from(await zip.read('data/circle/circle-000.png'))).toEqual(
        await readFile(join(dir, 'shapes', 'circle', 'circle-000.png')),
      );
    } finally {
      await zip.close();
    }

    await expect(writeHandInBundle(modelDir, { out })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    const full = join(dir, 'full.zip');
    await expect(
      writeHandInBundle(modelDir, { out: full, ops: failingFileOps('writeFile', 'ENOSPC') }),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect((await readdir(dir)).filter((name) => name.includes('full'))).toEqual([]);
    // Overwriting replaces only a hand-in the app wrote, and keeps it when the swap fails.
    await writeFile(join(dir, 'keep.zip'), 'previous');
    await expect(
      writeHandInBundle(modelDir, { out: join(dir, 'keep.zip'), overwrite: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await readFile(join(dir, 'keep.zip'), 'utf8')).toBe('previous');
    const earlier = await readFile(out);
    await expect(
      writeHandInBundle(modelDir, {
        out,
        overwrite: true,
        trash: join(dir, 'trash'),
        ops: failingFileOps('rename', 'EACCES'),
      }),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(await readFile(out)).toEqual(earlier);
  });
});
