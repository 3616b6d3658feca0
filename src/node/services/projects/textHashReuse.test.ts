import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../../common/project.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { runCli } from '../../hosts/cli/main.js';
import { memoryIo } from '../../hosts/cli/testIo.js';
import { countingOpener } from '../../testing/countingSource.js';
import { TOPIC_TEXTS } from '../../testing/textModels.js';
import { checkProjectDatasets, withTextFileHashes } from './checkDatasets.js';
import { openProject, PROJECT_FILE, saveProject } from './projectStore.js';

/**
 * Saving a project hashes its text datasets; saves come often, so what is unchanged since it was
 * hashed is not read again, while any rewrite, even one that keeps the size and the modification
 * time, is hashed again.
 */
describe('saving a project reuses the hashes of unchanged text datasets', () => {
  let dir: string;
  const zip = () => join(dir, 'reviews.zip');
  const topics = () => join(dir, 'topics');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-reuse-'));
    await writeFile(zip(), reviewsZip(reviewRows(20_000)));
    for (const [topic, texts] of Object.entries(TOPIC_TEXTS)) {
      await mkdir(join(topics(), topic), { recursive: true });
      for (const [i, text] of texts.entries())
        await writeFile(join(topics(), topic, `${i}.txt`), text);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('does not open a zip again when it is unchanged, and re-hashes it once rewritten', async () => {
    expect((await stat(zip())).size).toBeGreaterThan(1_500_000);
    const first = countingOpener();
    const saved = await withTextFileHashes(dir, project([zip()]), {
      openSource: first.openDatasetSource,
    });
    expect(first.reads.wholes.get('reviews.csv')).toBe(1);
    const recorded = saved.datasets[0]?.texts?.['reviews.csv'];
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);

    const second = countingOpener();
    const again = await withTextFileHashes(dir, project([zip()]), {
      openSource: second.openDatasetSource,
    });
    expect(second.reads).toMatchObject({ opens: 0, listings: 0 });
    expect(second.reads.wholes.size).toBe(0);
    expect(again.datasets).toEqual(saved.datasets);

    // One review's label flipped: the zip keeps its size to the byte, only its time moves.
    const before = await stat(zip());
    await writeFile(zip(), reviewsZip(withLabelFlipped(reviewRows(20_000), 1234)));
    expect((await stat(zip())).size).toBe(before.size);
    await utimes(zip(), before.atime, new Date(before.mtimeMs + 5_000));

    const third = countingOpener();
    const rewritten = await withTextFileHashes(dir, project([zip()]), {
      openSource: third.openDatasetSource,
    });
    expect(third.reads.wholes.get('reviews.csv')).toBe(1);
    const rehashed = rewritten.datasets[0]?.texts?.['reviews.csv'];
    expect(rehashed).toMatch(/^[0-9a-f]{64}$/);
    expect(rehashed).not.toBe(recorded);
  });

  it('re-hashes a zip rewritten with the same size and its old modification time put back', async () => {
    const path = join(dir, 'sneaky.zip');
    await writeFile(path, reviewsZip(reviewRows(20_000)));
    // Whole seconds, so the time put back below is exactly the one the save saw.
    await utimes(path, LAST_WEEK, LAST_WEEK);
    const saved = await withTextFileHashes(dir, project([path]));
    const before = await stat(path);
    await writeFile(path, reviewsZip(withLabelFlipped(reviewRows(20_000), 77)));
    await utimes(path, LAST_WEEK, LAST_WEEK);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);

    const counted = countingOpener();
    const again = await withTextFileHashes(dir, project([path]), {
      openSource: counted.openDatasetSource,
    });
    expect(counted.reads.wholes.get('reviews.csv')).toBe(1);
    expect(again.datasets[0]?.texts?.['reviews.csv']).not.toBe(
      saved.datasets[0]?.texts?.['reviews.csv'],
    );
  });

  it('re-hashes a .txt file in a folder rewritten with the same size and modification time', async () => {
    const file = join(topics(), 'weather', '2.txt');
    await utimes(file, LAST_WEEK, LAST_WEEK);
    const saved = await withTextFileHashes(dir, project([topics()]));
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.toUpperCase());
    await utimes(file, LAST_WEEK, LAST_WEEK);
    expect((await stat(file)).size).toBe(before.size);

    const again = await withTextFileHashes(dir, project([topics()]));
    const [was, now] = [saved.datasets[0]?.texts ?? {}, again.datasets[0]?.texts ?? {}];
    const differing = Object.keys(now).filter((path) => now[path] !== was[path]);
    expect(differing).toEqual(['weather/2.txt']);
  });
});

describe('a text dataset missing when the project was saved', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-missing-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is said to have been missing at the save, not to come from an older version', async () => {
    const table = join(dir, 'late.csv');
    const folder = join(dir, 'project');
    await saveProject(folder, await withTextFileHashes(folder, project([table])));
    await writeFile(table, reviewRows(500).join('\n'));

    const opened = await openProject(folder);
    expect(opened.migratedFrom).toBeUndefined();
    const [check] = await checkProjectDatasets(folder, opened.project, {
      migratedFrom: opened.migratedFrom,
    });
    expect(check).toMatchObject({
      found: true,
      holds: 'texts',
      notChecked: true,
      whyNotChecked: 'missing-when-saved',
    });
    const io = memoryIo();
    expect(await runCli(['check-project', folder], io)).toBe(0);
    expect(io.out()).toContain(`${table}: not checked (it was missing or unreadable when`);
    expect(io.out()).not.toContain('older version');
  });

  it('keeps the hashes recorded before when a later save finds the dataset gone', async () => {
    const table = join(dir, 'unplugged.csv');
    const folder = join(dir, 'kept');
    await writeFile(table, reviewRows(2_000).join('\n'));
    await saveProject(folder, await withTextFileHashes(folder, project([table])));
    const recorded = (await openProject(folder)).project.datasets[0]?.texts;
    expect(Object.keys(recorded ?? {})).toEqual(['unplugged.csv']);

    await rm(table);
    // The app sends the project as its screens hold it: the text dataset without hashes.
    await saveProject(folder, await withTextFileHashes(folder, project([table])));
    const raw = JSON.parse(await readFile(join(folder, PROJECT_FILE), 'utf8')) as Project;
    expect(raw.datasets[0]?.texts).toEqual(recorded);
    const [check] = await checkProjectDatasets(folder, raw);
    expect(check).toMatchObject({ found: false, changes: { vanished: ['unplugged.csv'] } });
  });
});

const LAST_WEEK = new Date('2026-11-24T09:30:00.000Z');

function project(paths: string[]): Project {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: 'Reviews',
    // As the Data screen records a text dataset: its scan imported no images.
    datasets: paths.map((path) => ({ path, images: {} })),
    classes: ['negative', 'positive'],
    settings: DEFAULT_TRAIN_SETTINGS,
    runs: [],
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
}

/** Review rows as a spreadsheet exports them (about 110 bytes each), with a header. */
function reviewRows(count: number): string[] {
  const rows = ['text,label'];
  for (let i = 0; i < count; i++) {
    const label = i % 3 === 0 ? 'negative' : 'positive';
    rows.push(
      `"Review ${i}: the ""kettle"" arrived on day ${i % 28}, ${label} overall, I would say so again",${label}`,
    );
  }
  return rows;
}

/** The rows with one review's label swapped; both labels have 8 letters, so the size stays. */
function withLabelFlipped(rows: string[], row: number): string[] {
  const flipped = [...rows];
  const line = flipped[row] ?? '';
  flipped[row] = line.endsWith(',positive')
    ? line.replace(/,positive$/, ',negative')
    : line.replace(/,negative$/, ',positive');
  expect(flipped[row]).not.toBe(line);
  return flipped;
}

/** Stored, not deflated, so a same-length edit keeps the zip's size to the byte. */
function reviewsZip(rows: string[]): Buffer {
  return writeStoredZip([{ name: 'reviews.csv', data: Buffer.from(`${rows.join('\n')}\n`) }]);
}
