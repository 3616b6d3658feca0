import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { TOPIC_TEXTS, writeTestTextModel } from '../../testing/textModels.js';
import { TextSession } from '../text/textSession.js';

/**
 * A project of texts through the app's own channels: its datasets (a folder of .txt classes and
 * a lone CSV table) and its runs (text models) are saved, opened again, checked on disk, and
 * copied into the project.
 */
describe('a project whose datasets are texts and whose runs are text models', () => {
  let dir: string;
  let pair: HandlerPair;
  let modelDir: string;
  const settings = {
    ...DEFAULT_TRAIN_SETTINGS,
    phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 5 },
  };

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'ts-text-project-'));
    for (const [topic, texts] of Object.entries(TOPIC_TEXTS)) {
      await mkdir(join(dir, 'topics', topic), { recursive: true });
      for (const [i, text] of texts.entries())
        await writeFile(join(dir, 'topics', topic, `${i}.txt`), text);
    }
    const rows = Object.entries(TOPIC_TEXTS).flatMap(([topic, texts]) =>
      texts.map((text) => `"${text.replaceAll('"', '""')}",${topic}`),
    );
    await writeFile(join(dir, 'topics.csv'), `text,topic\n${rows.join('\n')}\n`);
    const session = new TextSession({});
    modelDir = await writeTestTextModel(dir, 'model', (await session.encoder()).encoder, settings);
    pair = handlerPair({
      TRANSFER_STUDIO_HOME: join(dir, 'home'),
      TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
      TRANSFER_STUDIO_BACKEND: 'wasm',
    });
  }, 120_000);
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves, opens, checks and copies it', { timeout: 120_000 }, async () => {
    const { rpc } = pair;
    const folderScan = await rpc.call('dataset.scan', { path: join(dir, 'topics') });
    const tableScan = await rpc.call('dataset.scan', { path: join(dir, 'topics.csv') });
    for (const scan of [folderScan, tableScan]) {
      expect(scan.modality).toBe('text');
      expect(scan.classes.map((c) => [c.name, c.count])).toEqual([
        ['cooking', 10],
        ['football', 10],
        ['weather', 10],
      ]);
    }
    const { folder } = await rpc.call('project.create', { name: 'Topics' });
    const now = new Date().toISOString();
    const project: Project = {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: 'Topics',
      // As the Data screen records a dataset: the images its scan imported (a text scan has none).
      datasets: [folderScan, tableScan].map((scan, i) => ({
        path: i === 0 ? join(dir, 'topics') : join(dir, 'topics.csv'),
        images: Object.fromEntries(scan.images.map((image) => [image.path, image.sha256])),
      })),
      classes: folderScan.classes.map((c) => c.name),
      base: USE_LITE_ID,
      settings,
      runs: [
        { id: 'run-1', startedAt: now, modelDir, settings, validationAccuracy: 1 },
        { id: 'run-2', startedAt: now, modelDir, settings, recipe: 'transfer' },
      ],
      createdAt: now,
      updatedAt: now,
    };
    await rpc.call('project.save', { folder, project });

    const opened = await rpc.call('project.open', { folder });
    // Saving recorded each text dataset's files by their hashes; the rest is as sent.
    expect({ ...opened.project, datasets: project.datasets }).toEqual(project);
    expect(opened.project.datasets.map((d) => Object.keys(d.texts ?? {}).length)).toEqual([30, 1]);
    expect(opened.recoveredFromBackup).toBe(false);
    const nothingChanged = { moved: [], vanished: [], changed: [], added: [] };
    expect(opened.datasets).toEqual([
      {
        path: join(dir, 'topics'),
        found: true,
        holds: 'texts',
        changes: { unchanged: 30, ...nothingChanged },
      },
      {
        path: join(dir, 'topics.csv'),
        found: true,
        holds: 'texts',
        changes: { unchanged: 1, ...nothingChanged },
      },
    ]);
    // Its runs are text models that still answer.
    const info = await rpc.call('model.info', { modelDir: opened.project.runs[0]?.modelDir ?? '' });
    expect(info).toMatchObject({ modality: 'text', classes: ['cooking', 'football', 'weather'] });
    const [answer] = await rpc.call('model.predictText', {
      modelDir,
      texts: ['Knead the dough and bake it until golden.'],
    });
    expect(answer?.prediction).toBe('cooking');
    // An opened project's datasets are open for edits, as after a scan.
    await rpc.call('dataset.renameClass', {
      dataset: join(dir, 'topics'),
      from: 'weather',
      to: 'sky',
    });

    // Copied into the project: the texts (or the table) come along and scan the same.
    for (const [source, name] of [
      [join(dir, 'topics'), 'topics'],
      [join(dir, 'topics.csv'), 'table'],
    ] as const) {
      const { path } = await rpc.call('project.copyImages', { folder, dataset: source, name });
      const copy = await rpc.call('dataset.scan', { path });
      const original = await rpc.call('dataset.scan', { path: source });
      expect(copy.modality).toBe('text');
      expect(copy.classes).toEqual(original.classes);
      expect(copy.text?.layout).toBe(original.text?.layout);
    }

    // A row added to the table in a spreadsheet is noticed when the project is opened again.
    await appendFile(
      join(dir, 'topics.csv'),
      '"Light rain this evening, clearing later.",weather\n',
    );
    const reopened = await rpc.call('project.open', { folder });
    expect(reopened.datasets[1]).toMatchObject({
      holds: 'texts',
      changes: { unchanged: 0, changed: ['topics.csv'], vanished: [], added: [] },
    });
  });
});
