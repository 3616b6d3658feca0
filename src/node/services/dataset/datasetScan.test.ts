import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedSource, countingOpener, readsByFile } from '../../testing/countingSource.js';
import { storedZipOf, writeFileTree } from '../../testing/fileTrees.js';
import { makeNoisyJpeg, makePng } from '../../testing/images.js';
import { scanDatasetOnce, withTrainingDataset } from './datasetScan.js';
import { openDatasetSource } from './openSource.js';
import { scanSource } from './scanner.js';

/** More images than the modality decision ever judges, so its early stop shows. */
const IMAGES_PER_CLASS = 40;
const TEXTS_PER_CLASS = 30;

describe('one scan decides the modality and makes the report', () => {
  let dir: string;
  const files = new Map<string, Buffer>();
  const texts = new Map<string, Buffer>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-scan-once-'));
    // Camera-like JPEGs (tens of kB), so a file's head is not the whole file; a few tiny PNGs
    // that are, whose one read then serves both the decision and the image check.
    for (let i = 0; i < IMAGES_PER_CLASS; i++) {
      files.set(`cats/cat-${i}.jpg`, await makeNoisyJpeg(320, 240, i + 1));
      files.set(`dogs/dog-${i}.jpg`, await makeNoisyJpeg(240, 320, i + 100));
    }
    for (let i = 0; i < 3; i++)
      files.set(`dogs/icon-${i}.png`, await makePng(224, 224, { r: 60 * i, g: 120, b: 30 }));
    for (let i = 0; i < TEXTS_PER_CLASS; i++) {
      texts.set(
        `spam/${i}.txt`,
        Buffer.from(`WIN a free cruise now, offer number ${i}! Reply YES.`),
      );
      texts.set(`ham/${i}.txt`, Buffer.from(`Hi, the meeting moved to room ${i}; see you at ten.`));
    }
    await writeFileTree(join(dir, 'images'), files);
    await writeFileTree(join(dir, 'texts'), texts);
    await writeFile(join(dir, 'images.zip'), storedZipOf(files));
    await writeFile(join(dir, 'texts.zip'), storedZipOf(texts));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const name of ['images', 'images.zip']) {
    it(`reads an image ${name} once, and each image no more than a plain image scan does`, async () => {
      const baseline = countingOpener().reads;
      const plain = countedSource(await openDatasetSource(join(dir, name)), baseline);
      const expected = await scanSource(plain).finally(() => plain.close());

      const { openDatasetSource: open, reads } = countingOpener();
      const scanned = await scanDatasetOnce(join(dir, name), { openSource: open });

      expect(scanned.modality).toBe('image');
      expect(scanned.report).toEqual(expected);
      expect(expected.files.imported).toBe(2 * IMAGES_PER_CLASS + 3);
      expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
      // No text sniff: the heads the decision read are the ones the image checks then use; a
      // file smaller than such a head is not read again, any other is read whole once, as before.
      expect(readsByFile(reads.heads)).toEqual(readsByFile(baseline.heads));
      for (const [path, data] of files) {
        const whole = reads.wholes.get(path) ?? 0;
        if (data.length >= 4096) expect(whole).toBe(baseline.wholes.get(path));
        else expect(whole).toBeLessThanOrEqual(baseline.wholes.get(path) ?? 0);
      }
    });
  }

  for (const name of ['texts', 'texts.zip']) {
    it(`reads a text ${name} once, each text file read whole once`, async () => {
      const { openDatasetSource: open, reads } = countingOpener();
      const scanned = await scanDatasetOnce(join(dir, name), { openSource: open });

      expect(scanned.modality).toBe('text');
      if (scanned.modality !== 'text') return;
      expect(scanned.report.classes.map((c) => [c.name, c.count])).toEqual([
        ['ham', TEXTS_PER_CLASS],
        ['spam', TEXTS_PER_CLASS],
      ]);
      expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
      const paths = [...texts.keys()].sort();
      if (name.endsWith('.zip')) {
        // Each entry is read whole once, through the zip's size and CRC check; the decision's
        // short heads come on top (a few KB, decompressed again) rather than skip that check.
        expect(readsByFile(reads.wholes)).toEqual(paths.map((p) => [p, 1]));
        for (const [, n] of reads.heads) expect(n).toBe(1);
        return;
      }
      // Short files: the bytes read to decide are the whole text, so nothing is read twice.
      const everyRead = new Map(reads.heads);
      for (const [path, n] of reads.wholes) everyRead.set(path, (everyRead.get(path) ?? 0) + n);
      expect(readsByFile(everyRead)).toEqual(paths.map((p) => [p, 1]));
    });
  }

  it('hands an image dataset to the training after at most half of the files the decision may judge', async () => {
    const { openDatasetSource: open, reads } = countingOpener();
    const handed = await withTrainingDataset(
      join(dir, 'images.zip'),
      { openSource: open },
      async (dataset) => ({
        modality: dataset.modality,
        sourceOpen: dataset.modality === 'image' && dataset.source !== undefined,
        heads: reads.heads.size,
        wholes: reads.wholes.size,
      }),
    );
    expect(handed).toEqual({ modality: 'image', sourceOpen: true, heads: 32, wholes: 0 });
    expect(reads.opens).toBe(1);
  });

  it('scans a single CSV file as a table of texts, and refuses a lone image as before', async () => {
    const csv = join(dir, 'reviews.csv');
    await writeFile(csv, 'review,label\n"Loved it, would buy again",good\nBroke in a day,bad\n');
    const scanned = await scanDatasetOnce(csv);
    expect(scanned.modality).toBe('text');
    expect(scanned.report.classes.map((c) => c.name)).toEqual(['bad', 'good']);
    const photo = join(dir, 'photo.jpg');
    await writeFile(photo, files.get('cats/cat-0.jpg') as Buffer);
    await expect(scanDatasetOnce(photo)).rejects.toMatchObject({ code: 'ZIP_INVALID' });
  });
});

describe('a damaged zip entry', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-scan-crc-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is skipped with the zip's reason, also when it is smaller than the head the decision read", async () => {
    const texts = new Map<string, Buffer>();
    for (const topic of ['cooking', 'football'])
      for (let i = 0; i < 4; i++)
        texts.set(`${topic}/${i}.txt`, Buffer.from(`${topic} note number ${i}: all is well.`));
    const zip = storedZipOf(texts);
    // Stored entries: the file's bytes sit in the zip as they are; one changed byte breaks its CRC.
    const at = zip.indexOf(Buffer.from('football note number 2'));
    zip[at] = 'F'.charCodeAt(0);
    const path = join(dir, 'notes.zip');
    await writeFile(path, zip);
    const scanned = await scanDatasetOnce(path);
    expect(scanned.modality).toBe('text');
    if (scanned.modality !== 'text') return;
    expect(scanned.report.classes.map((c) => [c.name, c.count])).toEqual([
      ['cooking', 4],
      ['football', 3],
    ]);
    expect(scanned.report.skipped).toEqual([
      expect.objectContaining({ path: 'football/2.txt', code: 'zip-entry-invalid' }),
    ]);
  });
});
