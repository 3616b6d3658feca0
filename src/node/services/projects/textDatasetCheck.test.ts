import { appendFile, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { runCli } from '../../hosts/cli/main.js';
import { memoryIo } from '../../hosts/cli/testIo.js';
import { TOPIC_TEXTS } from '../../testing/textModels.js';
import { checkProjectDatasets, withTextFileHashes } from './checkDatasets.js';
import { openProject, PROJECT_FILE, saveProject } from './projectStore.js';

/**
 * Text datasets in a project are recorded by their files' hashes when it is saved, so reopening
 * it notices an edited CSV, an edited, removed or added .txt file, and a re-written zip.
 */
describe('text datasets in a project notice edits on disk', () => {
  let dir: string;
  const folder = () => join(dir, 'topics');
  const table = () => join(dir, 'reviews.csv');
  const zip = () => join(dir, 'topics.zip');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-check-'));
    for (const [topic, texts] of Object.entries(TOPIC_TEXTS)) {
      await mkdir(join(folder(), topic), { recursive: true });
      for (const [i, text] of texts.entries())
        await writeFile(join(folder(), topic, `${i}.txt`), text);
    }
    await writeFile(table(), bigTable(20_000));
    await writeFile(zip(), zipOfTopics(TOPIC_TEXTS));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function project(paths: string[], version = PROJECT_VERSION): Project {
    return {
      format: PROJECT_FORMAT,
      version,
      name: 'Texts',
      // As the Data screen records a text dataset: its scan imported no images.
      datasets: paths.map((path) => ({ path, images: {} })),
      classes: Object.keys(TOPIC_TEXTS),
      settings: DEFAULT_TRAIN_SETTINGS,
      runs: [],
      createdAt: '2026-11-30T00:00:00.000Z',
      updatedAt: '2026-11-30T00:00:00.000Z',
    };
  }

  it('records every file of a folder, a table and a zip, and finds them as recorded', async () => {
    const saved = await withTextFileHashes(dir, project([folder(), table(), zip()]));
    const [texts, csv, zipped] = saved.datasets;
    expect(Object.keys(texts?.texts ?? {})).toHaveLength(30);
    expect(texts?.texts?.['cooking/0.txt']).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(csv?.texts ?? {})).toEqual(['reviews.csv']);
    expect(Object.keys(zipped?.texts ?? {}).sort()).toEqual(
      Object.keys(texts?.texts ?? {}).map((path) => `topics/${path}`),
    );
    const checks = await checkProjectDatasets(dir, saved);
    for (const check of checks) {
      expect(check).toMatchObject({ found: true, holds: 'texts' });
      expect(check.changes).toMatchObject({ moved: [], vanished: [], changed: [], added: [] });
    }
    expect(checks.map((c) => c.changes.unchanged)).toEqual([30, 1, 30]);
  });

  it('notices a row appended to a CSV, edited, removed and new .txt files, a re-written zip', async () => {
    const folderPath = join(dir, 'edits');
    await saveProject(
      folderPath,
      await withTextFileHashes(dir, project([folder(), table(), zip()])),
    );

    await appendFile(table(), '"A late row, added in a spreadsheet",positive\n');
    await writeFile(join(folder(), 'weather', '3.txt'), 'Thick fog all day; no sunshine at all.');
    await unlink(join(folder(), 'football', '7.txt'));
    await writeFile(join(folder(), 'cooking', '10.txt'), 'Poach the pears in red wine.');
    const rewritten = { ...TOPIC_TEXTS, cooking: TOPIC_TEXTS['cooking']?.slice(0, 9) ?? [] };
    await writeFile(zip(), zipOfTopics(rewritten));

    const { project: opened } = await openProject(folderPath);
    const [texts, csv, zipped] = await checkProjectDatasets(folderPath, opened);
    expect(texts).toMatchObject({
      holds: 'texts',
      changes: {
        unchanged: 28,
        moved: [],
        changed: ['weather/3.txt'],
        vanished: ['football/7.txt'],
        added: ['cooking/10.txt'],
      },
    });
    expect(csv?.changes).toMatchObject({ unchanged: 0, changed: ['reviews.csv'], added: [] });
    expect(zipped?.changes).toMatchObject({ unchanged: 29, vanished: ['topics/cooking/9.txt'] });

    const io = memoryIo();
    expect(await runCli(['check-project', folderPath], io)).toBe(3);
    expect(io.out()).toContain(`${table()}: 0 text files as recorded`);
    expect(io.out()).toContain('changed on disk (1):\n    reviews.csv');
    expect(io.out()).toContain('vanished (1):\n    football/7.txt');
    expect(io.out()).toContain('new (1):\n    cooking/10.txt');
  });

  it('notices a text file moved to another class folder as a move', async () => {
    const saved = await withTextFileHashes(dir, project([folder()]));
    await mkdir(join(folder(), 'weather'), { recursive: true });
    await writeFile(
      join(folder(), 'weather', 'moved.txt'),
      await readFile(join(folder(), 'football', '0.txt')),
    );
    await unlink(join(folder(), 'football', '0.txt'));
    const [check] = await checkProjectDatasets(dir, saved);
    expect(check?.changes.moved).toEqual([{ from: 'football/0.txt', to: 'weather/moved.txt' }]);
    expect(check?.changes.added).toEqual([]);
  });

  it('opens a format 2 project whose text datasets have no hashes as not checked, not changed', async () => {
    const folderPath = join(dir, 'old');
    await mkdir(folderPath, { recursive: true });
    await writeFile(join(folderPath, PROJECT_FILE), JSON.stringify(project([table()], 2)));
    const opened = await openProject(folderPath);
    expect(opened.migratedFrom).toBe(2);
    expect(opened.project.datasets[0]).toEqual({ path: table(), images: {} });
    const [check] = await checkProjectDatasets(folderPath, opened.project);
    expect(check).toMatchObject({ found: true, holds: 'texts', notChecked: true });
    expect(check?.changes).toMatchObject({ changed: [], vanished: [], added: [] });
    const io = memoryIo();
    expect(await runCli(['check-project', folderPath], io)).toBe(0);
    expect(io.out()).toContain(`${table()}: not checked (saved by an older version`);

    // Saved again, it records the hashes, and the next opening compares them.
    await saveProject(folderPath, await withTextFileHashes(folderPath, opened.project));
    const again = await openProject(folderPath);
    expect(again.migratedFrom).toBeUndefined();
    const [checked] = await checkProjectDatasets(folderPath, again.project);
    expect(checked).toMatchObject({ holds: 'texts', changes: { unchanged: 1, changed: [] } });
    expect(checked?.notChecked).toBeUndefined();
  });

  it('saves a project whose text zip was damaged meanwhile, keeping its entry as it came', async () => {
    const damaged = join(dir, 'damaged.zip');
    const whole = zipOfTopics(TOPIC_TEXTS);
    await writeFile(damaged, whole.subarray(0, Math.floor(whole.length / 2)));
    const saved = await withTextFileHashes(dir, project([damaged, table()]));
    expect(saved.datasets[0]).toEqual({ path: damaged, images: {} });
    expect(Object.keys(saved.datasets[1]?.texts ?? {})).toEqual(['reviews.csv']);
  });

  it('says a text dataset that is gone is not found, with all its files missing', async () => {
    const gone = join(dir, 'gone.csv');
    await writeFile(gone, 'text,label\nhello there,greeting\nsee you,farewell\n');
    const saved = await withTextFileHashes(dir, project([gone]));
    await unlink(gone);
    const [check] = await checkProjectDatasets(dir, saved);
    expect(check).toMatchObject({
      found: false,
      holds: 'texts',
      changes: { vanished: ['gone.csv'] },
    });
  });
});

/** A review table of realistic size (about 1.5 MB), quoted as a spreadsheet writes it. */
function bigTable(rows: number): string {
  const lines = ['text,label'];
  for (let i = 0; i < rows; i++) {
    const label = i % 3 === 0 ? 'negative' : 'positive';
    lines.push(
      `"Review ${i}: the ""product"" arrived on day ${i % 28}, ${label} overall, would say so again",${label}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function zipOfTopics(topics: Record<string, string[]>): Buffer {
  return writeStoredZip(
    Object.entries(topics).flatMap(([topic, texts]) =>
      texts.map((text, i) => ({
        name: `topics/${topic}/${i}.txt`,
        data: Buffer.from(text),
        deflate: true,
      })),
    ),
  );
}
