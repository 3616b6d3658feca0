import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { appFoldersTestEnv } from '../../testing/testEnv.js';
import { TOPIC_TEXTS } from '../../testing/textModels.js';
import { writeTextClassFolders } from '../../testing/topicTexts.js';
import { ZipSource } from '../dataset/zipSource.js';
import { escapeHtml } from './html.js';

/**
 * Texts that look like cooking but sit in the football folder, with markup in them: the model
 * gets some of them wrong, and the report must show them as text, never as markup.
 */
const MISLABELLED = [
  'Whisk <b>two eggs</b> & fold them into the batter <script>alert("x")</script>.',
  'Bake the <i>sourdough</i> at 230 degrees & let it cool on a rack.',
  'Simmer the <em>tomato</em> sauce & stir in basil at the end.',
  'Roast the <u>peppers</u> & peel them while still warm.',
  'Slice the <span>onions</span> thinly & fry them slowly in oil.',
  'Grate the <code>cheese</code> & sprinkle it over the gratin.',
];

/**
 * The hand-in of a text project through the app's own channels: a transfer run and a
 * from-scratch run on the same texts, saved in a project, handed in as one zip whose report
 * shows the text classes, the mistaken texts (escaped snippets), the transfer-vs-scratch table,
 * and nothing made for images.
 */
describe('the hand-in of a text model', () => {
  let dir: string;
  let pair: HandlerPair;
  let project: Project;
  const settings = {
    ...DEFAULT_TRAIN_SETTINGS,
    phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 12 },
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-hand-in-'));
    const dataset = join(dir, 'topics');
    await writeTextClassFolders(dataset, TOPIC_TEXTS);
    for (const [i, text] of MISLABELLED.entries())
      await writeFile(join(dataset, 'football', `odd-${i}.txt`), text);
    pair = handlerPair({ ...appFoldersTestEnv(dir), TRANSFER_STUDIO_BACKEND: 'wasm' });
    const { rpc } = pair;
    const transfer = await rpc.call('training.start', {
      dataset,
      base: USE_LITE_ID,
      out: join(dir, 'transfer'),
      settings,
    });
    const scratch = await rpc.call('training.scratch', {
      dataset,
      settings,
      out: join(dir, 'scratch'),
    });
    const now = new Date().toISOString();
    project = {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: 'Topics <lab>',
      datasets: [{ path: dataset, images: {} }],
      classes: Object.keys(TOPIC_TEXTS),
      base: USE_LITE_ID,
      settings,
      runs: [
        { id: 'r1', startedAt: now, modelDir: transfer.modelDir, settings, recipe: 'transfer' },
        { id: 'r2', startedAt: now, modelDir: scratch.modelDir, settings, recipe: 'scratch' },
      ],
      createdAt: now,
      updatedAt: now,
    };
    await rpc.call('project.save', { folder: join(dir, 'project'), project });
  }, 300_000);
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands in a transfer text model with its report, model and project', async () => {
    const { rpc } = pair;
    const modelDir = join(dir, 'transfer');
    const written = await rpc.call('project.handIn', {
      modelDir,
      out: join(dir, 'hand-in.zip'),
      project: join(dir, 'project'),
      data: join(dir, 'topics'),
      student: 'Ada',
    });
    const zip = await ZipSource.open(written.path);
    let report: string;
    try {
      expect((await zip.list([])).map((c) => c.name).sort()).toEqual([
        'data',
        'model',
        'project',
        'report.html',
      ]);
      expect((await zip.list(['model'])).map((c) => c.name)).toEqual(
        expect.arrayContaining(['model.json', 'weights.bin', 'metadata.json', 'validation.json']),
      );
      expect((await zip.list(['data', 'football'])).map((c) => c.name)).toContain('odd-0.txt');
      report = Buffer.from(await zip.read('report.html')).toString();
    } finally {
      await zip.close();
    }

    expect(report).toContain('<h1>Text classifier: cooking, football, weather</h1>');
    expect(report).toContain('project “Topics &lt;lab&gt;”');
    expect(report).toContain(`<code>${USE_LITE_ID}</code>, frozen`);
    expect(report).toContain('<strong>Seed 42</strong>');
    // The same validation texts and verdicts the Evaluate screen shows.
    const validation = await rpc.call('model.evaluateValidation', { modelDir });
    expect(report).toContain(
      `${(validation.accuracy * 100).toFixed(1)}% of ${validation.count} validation texts`,
    );
    for (const name of ['cooking', 'football', 'weather'])
      expect(report).toContain(`<tr><td>${name}</td>`);
    expect(validation.misclassified.length).toBeGreaterThan(0);
    for (const mistake of validation.misclassified.slice(0, 12)) {
      const text = (mistake as { text?: string }).text ?? '';
      expect(report).toContain(`<td class="text">${escapeHtml(text)}</td>`);
    }
    // Markup inside a text is shown as text, never run or rendered.
    expect(report).not.toMatch(/<script|<b>|<i>|<em>/i);
    // Nothing made for images: no thumbnails, no heatmaps.
    expect(report).not.toMatch(/<img|<figure|where the model looked|images/i);
    // Both recipes ran in the project: one table compares them.
    expect(report).toContain('<h2>Transfer learning vs from scratch</h2>');
    expect(report).toMatch(/<td>1 \(this report\)<\/td><td>transfer learning<\/td>/);
    expect(report).toMatch(/<td>2<\/td><td>from scratch<\/td><td>bag of words/);
  });

  it('reports a from-scratch text model, with no encoder and the same comparison', async () => {
    const modelDir = join(dir, 'scratch');
    const written = await pair.rpc.call('project.handIn', {
      modelDir,
      out: join(dir, 'scratch-hand-in.zip'),
      project: join(dir, 'project'),
    });
    const zip = await ZipSource.open(written.path);
    let report: string;
    try {
      expect((await zip.list(['model'])).map((c) => c.name)).toEqual(
        expect.arrayContaining(['metadata.json', 'vocabulary.json', 'validation.json']),
      );
      report = Buffer.from(await zip.read('report.html')).toString();
    } finally {
      await zip.close();
    }
    const validation = await pair.rpc.call('model.evaluateValidation', { modelDir });
    expect(report).toContain('<h1>Text classifier: cooking, football, weather</h1>');
    expect(report).toMatch(/From scratch: bag of words/);
    // No encoder in its settings: only the comparison table names the transfer run's.
    expect(report).not.toContain(`<code>${USE_LITE_ID}</code>`);
    expect(report).toContain(
      `${(validation.accuracy * 100).toFixed(1)}% of ${validation.count} validation texts`,
    );
    expect(report).toMatch(/<td>2 \(this report\)<\/td><td>from scratch<\/td>/);
    expect(report).not.toMatch(/<img|<script/i);
  });
});
