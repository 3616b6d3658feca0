import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../common/dataset.js';
import { scanDataset } from './services/dataset/scanner.js';
import { DEFAULT_PACK_LIMITS, validateLayersPack } from './services/models/validatePack.js';
import * as img from './testing/images.js';
import { DISK_CASES, OUTSIDE_FILE, OUTSIDE_FOLDER } from './adversarial/diskCases.js';
import { EDIT_CASES } from './adversarial/editCases.js';
import { PACK_CASES } from './adversarial/packCases.js';
import { validPack } from './adversarial/packHelpers.js';
import { makeImageFixtures, outcome, reported } from './adversarial/shared.js';
import { ZIP_CASES } from './adversarial/zipCases.js';

/**
 * The adversarial corpus, beside the scanner's (dataset/scanner.corpus.test.ts): hostile zips,
 * hostile names on disk, hostile dataset edits and hostile model packs. Every case is real input
 * the test writes itself, with the exact outcome it must give, as one line:
 *   "imported <format> <w>x<h>" | "skipped <code>" | "refused <ERROR_CODE>" | "ok" | …
 * The case tables, each with its own helpers, live in adversarial/ (one module per table); this
 * file runs them.
 */

// ---------------------------------------------------------------------------------------------

const TOTAL = ZIP_CASES.length + DISK_CASES.length + EDIT_CASES.length + PACK_CASES.length;

describe('the adversarial corpus', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ts-adversarial-'));
    await makeImageFixtures();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('holds at least 120 cases, each with its exact outcome', () => {
    expect(TOTAL).toBeGreaterThanOrEqual(120);
    for (const table of [ZIP_CASES, DISK_CASES, EDIT_CASES, PACK_CASES])
      expect(new Set(table.map((c) => c.name)).size).toBe(table.length);
  });

  describe('zips', () => {
    it.each(ZIP_CASES)('$name → $expect', async (testCase) => {
      const zip = join(root, `zip-${ZIP_CASES.indexOf(testCase)}.zip`);
      await writeFile(zip, await testCase.zip());
      const result = await outcome(async () => {
        const report = await scanDataset(zip);
        // The good image beside the hostile entry is never lost.
        expect(reported(report, 'good/ok.jpg')).toBe('imported jpeg 64x48');
        const skip = report.skipped.find((f) => f.path === testCase.path);
        if (testCase.reason) expect(skip?.reason).toMatch(testCase.reason);
        return reported(report, testCase.path);
      });
      expect(result).toBe(testCase.expect);
    });
  });

  describe('names and file kinds on disk', () => {
    let report: ScanReport;
    beforeAll(async () => {
      const dataset = join(root, 'disk', 'dataset');
      await mkdir(join(dataset, 'cats'), { recursive: true });
      await writeFile(join(root, 'disk', OUTSIDE_FILE), await img.makePng());
      await mkdir(join(root, 'disk', OUTSIDE_FOLDER));
      await writeFile(join(root, 'disk', OUTSIDE_FOLDER, 'x.png'), await img.makePng());
      for (const testCase of DISK_CASES) {
        // Paths as bytes, so a name that is not UTF-8 is written as it is.
        const absolute = Buffer.concat([Buffer.from(`${dataset}/`), Buffer.from(testCase.path)]);
        await mkdir(absolute.subarray(0, absolute.lastIndexOf(0x2f)), { recursive: true });
        await testCase.write(absolute);
      }
      report = await scanDataset(dataset, { concurrency: 2 });
    });

    it.each(DISK_CASES)('$name → $expect', (testCase) => {
      expect(reported(report, testCase.report)).toBe(testCase.expect);
    });

    it('reads nothing outside the dataset through a link', () => {
      expect(report.images.some((i) => i.path.includes('outside'))).toBe(false);
      expect(report.images.some((i) => i.path.startsWith('linked-class'))).toBe(false);
    });
  });

  describe('dataset edits with hostile names', () => {
    let template: string;
    beforeAll(async () => {
      template = join(root, 'edits-template');
      for (const label of ['cats', 'dogs']) {
        await mkdir(join(template, label), { recursive: true });
        await writeFile(join(template, label, 'a.png'), await img.makePng());
      }
    });

    /** Every path under `folder`, sorted, links not followed. */
    async function tree(folder: string): Promise<string[]> {
      const entries = await readdir(folder, { recursive: true });
      return entries.map(String).sort();
    }

    it.each(EDIT_CASES)('$name → $expect', async (testCase) => {
      const caseRoot = join(root, `edit-${EDIT_CASES.indexOf(testCase)}`);
      const dataset = join(caseRoot, 'dataset');
      const outside = join(caseRoot, 'outside');
      await cp(template, dataset, { recursive: true });
      await mkdir(outside);
      await writeFile(join(outside, 'victim.png'), await img.makePng());
      const before = await tree(dataset);
      const result = await outcome(async () => {
        await testCase.run(dataset, outside);
        const after = await tree(dataset);
        const added = after.filter((p) => !before.includes(p));
        const removed = before.filter((p) => !after.includes(p));
        return `ok: +${added.join(', ')} -${removed.join(', ')}`;
      });
      expect(result).toBe(testCase.expect);
      // Whatever happened, nothing outside the dataset was touched.
      expect(await readdir(outside)).toEqual(['victim.png']);
      if (result.startsWith('refused')) {
        const after = (await tree(dataset)).filter(
          (p) => !['sneaky', 'linked'].includes(p.split('/')[0] ?? ''),
        );
        expect(after).toEqual(before);
      }
    });
  });

  describe('model packs', () => {
    it.each(PACK_CASES)('$name', (testCase) => {
      const json = validPack();
      const bytes =
        typeof testCase.change === 'function'
          ? (testCase.change(json), Buffer.from(JSON.stringify(json)))
          : testCase.change.raw;
      const shards = testCase.shards ?? { 'w.bin': 32 };
      const limits = { ...DEFAULT_PACK_LIMITS, ...testCase.limits };
      let result: string;
      try {
        validateLayersPack(bytes, (name) => shards[name], limits);
        result = 'ok';
      } catch (error) {
        result = `refused ${(error as { code: string }).code}: ${(error as Error).message}`;
      }
      if (typeof testCase.expect === 'string') expect(result).toBe(testCase.expect);
      else expect(result).toMatch(testCase.expect);
    });
  });
});
