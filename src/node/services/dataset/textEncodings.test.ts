import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicExamples } from '../../testing/topicTexts.js';
import { scanDatasetOnce } from './datasetScan.js';
import type { TextDatasetReport } from './textDataset.js';

/**
 * Tables as users bring them: Excel's "CSV" on Western Windows (Windows-1252), its "Unicode text"
 * and Notepad's UTF-16 (with a byte order mark), rows someone forgot to label. Each is scanned the
 * way the app and the CLI scan a dropped file: one opening decides texts or images, then scans.
 */

const NOTES = topicExamples(200);
const ACCENTED = 'Le café était délicieux après le match';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-encodings-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `header` then rows of notes (each made unique) until `minBytes`; `row(i)` may replace one. */
function topicTable(
  minBytes: number,
  separator: string,
  row: (index: number) => string | undefined = () => undefined,
): { text: string; rows: number } {
  const lines = [`text${separator}label`];
  let length = lines[0]?.length ?? 0;
  for (let i = 0; length < minBytes; i++) {
    const note = NOTES[i % NOTES.length];
    const line = row(i) ?? `${note?.text} (${i})${separator}${note?.label}`;
    lines.push(line);
    length += line.length + 2;
  }
  return { text: `${lines.join('\r\n')}\r\n`, rows: lines.length - 1 };
}

async function scanText(path: string): Promise<TextDatasetReport> {
  const scanned = await scanDatasetOnce(path);
  if (scanned.modality !== 'text') throw new Error(`${path} was scanned as images`);
  return scanned.report;
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

describe('a CSV saved as Windows-1252 (Excel on Western Windows)', () => {
  for (const [where, accentedRow] of [
    ['within the first 4 KB', 3],
    ['after the first 4 KB of a 5 MB file', 20_000],
  ] as const) {
    it(`is read, with a warning naming the line and byte offset, when é is ${where}`, async () => {
      const { text, rows } = topicTable(5 * 2 ** 20, ',', (i) =>
        i === accentedRow ? `${ACCENTED},cooking` : undefined,
      );
      const bytes = Buffer.from(text, 'latin1');
      const offset = bytes.indexOf(0xe9);
      expect(offset > 4096).toBe(accentedRow > 1000);
      const path = join(dir, `excel-${accentedRow}.csv`);
      await writeFile(path, bytes);

      const report = await scanText(path);
      expect(report.examples).toHaveLength(rows);
      expect(report.examples[accentedRow]?.text).toBe(ACCENTED);
      expect(report.tables[0]).toMatchObject({ encoding: 'windows-1252', textColumn: 'text' });
      const where = `excel-${accentedRow}.csv: line ${accentedRow + 2}, byte offset ${offset} (0xE9)`;
      const warning = report.warnings.find((w) => w.examples.includes(where));
      expect(warning?.code).toBe('not-utf8-text');
      expect(warning?.message).toMatch(/not UTF-8 and was read as Windows-1252.*"CSV UTF-8"/);
    });
  }

  it('is refused, naming the file, line and byte offset, when it reads as no Western text', async () => {
    // Cyrillic in Windows-1251: nearly every letter is above ASCII, read as 1252 it is garbage.
    const cyrillic = Buffer.from(Array.from({ length: 40 }, (_, i) => 0xe0 + (i % 32)));
    const bytes = Buffer.concat([Buffer.from('text,label\r\n'), cyrillic, Buffer.from(',a\r\n')]);
    const path = join(dir, 'cyrillic.csv');
    await writeFile(path, bytes);
    await expect(scanDatasetOnce(path)).rejects.toMatchObject({
      code: 'NOT_A_DATASET',
      message: expect.stringMatching(
        /cyrillic\.csv: not UTF-8: line 2 \(byte offset 12\) holds the byte 0xE0.*"CSV UTF-8"/,
      ),
    });
  });

  it('keeps a UTF-8 file with one stray byte as UTF-8, the byte shown as "�"', async () => {
    const body =
      'text,label\nNaïve café owners smile every morning,a\nA second line of text here,b\n';
    const bytes = Buffer.concat([
      Buffer.from(body),
      Buffer.from([0x93]),
      Buffer.from('quoted,a\n'),
    ]);
    const path = join(dir, 'mostly-utf8.csv');
    await writeFile(path, bytes);
    const report = await scanText(path);
    expect(report.examples.map((e) => e.text)).toEqual([
      'Naïve café owners smile every morning',
      'A second line of text here',
      '\uFFFDquoted',
    ]);
    expect(report.notUtf8).toEqual([
      {
        path: 'mostly-utf8.csv',
        readAs: 'utf-8-replaced',
        line: 4,
        offset: Buffer.byteLength(body),
        byte: 0x93,
      },
    ]);
  });
});

describe('UTF-16 text with a byte order mark (Excel "Unicode text", Notepad)', () => {
  for (const order of ['le', 'be'] as const) {
    it(`reads a UTF-16${order.toUpperCase()} TSV as text`, async () => {
      const { text, rows } = topicTable(64 * 1024, '\t', (i) =>
        i === 1 ? `${ACCENTED} — «cité»\tcooking` : undefined,
      );
      const path = join(dir, `unicode-${order}.txt`);
      await writeFile(path, utf16(text, order));
      const report = await scanText(path);
      expect(report.tables[0]).toMatchObject({ format: 'tsv', encoding: `utf-16${order}` });
      expect(report.examples).toHaveLength(rows);
      expect(report.examples[1]?.text).toBe(`${ACCENTED} — «cité»`);
      expect(report.notUtf8).toEqual([]);
    });
  }

  it('reads UTF-16 .txt files in class folders', async () => {
    const folder = join(dir, 'notepad');
    for (const [label, order] of [
      ['cooking', 'le'],
      ['football', 'be'],
    ] as const) {
      await mkdir(join(folder, label), { recursive: true });
      for (const [i, note] of NOTES.filter((n) => n.label === label)
        .slice(0, 3)
        .entries())
        await writeFile(join(folder, label, `${i}.txt`), utf16(note.text, order));
    }
    const report = await scanText(folder);
    expect(report.skipped).toEqual([]);
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['cooking', 3],
      ['football', 3],
    ]);
  });
});

describe('rows without a label', () => {
  it('are told apart from empty texts, by row', async () => {
    const csv = [
      'text,label',
      'The chef roasted the onions,cooking',
      'The striker scored a penalty,',
      ',football',
      'The coach booked the referee,football',
      'Our baker kneaded the dough,  ',
      'The winger crossed the ball,football,extra',
    ].join('\n');
    const path = join(dir, 'unlabeled.csv');
    await writeFile(path, csv);
    const report = await scanText(path);
    expect(report.examples.map((e) => e.origin)).toEqual(['unlabeled.csv:2', 'unlabeled.csv:5']);
    expect(report.tables[0]?.rows).toEqual({
      read: 6,
      kept: 2,
      emptyText: 1,
      noLabel: 2,
      unreadable: 1,
    });
    const unlabeled = report.warnings.find((w) => /no label/.test(w.message));
    expect(unlabeled?.code).toBe('unlabeled-rows');
    expect(unlabeled?.message).toMatch(/^2 rows have text but no label and were left out/);
    expect(unlabeled?.examples).toEqual(['unlabeled.csv:3', 'unlabeled.csv:6']);
    const empty = report.warnings.find((w) => w.code === 'empty-texts');
    expect(empty?.message).toMatch(/^1 text was empty/);
    expect(empty?.examples).toEqual(['unlabeled.csv:4']);
  });
});
