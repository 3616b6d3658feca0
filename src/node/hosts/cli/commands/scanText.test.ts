import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanReportSchema } from '../../../../common/dataset.js';
import { makeJpeg } from '../../../testing/images.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

/** `scan` tells texts from images by content, as the app does, and reports texts as texts. */
describe('transfer-studio scan on texts', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-cli-scan-text-'));
    for (const [label, lines] of [
      ['praise', ['Lovely staff and a quiet room.', 'Would stay again, great breakfast.']],
      ['complaint', ['The shower was cold all week.', 'Noisy street, thin walls.']],
    ] as const) {
      await mkdir(join(dir, 'reviews', label), { recursive: true });
      for (const [i, line] of lines.entries())
        await writeFile(join(dir, 'reviews', label, `${i}.txt`), line);
    }
    // A photo among the texts is skipped with its reason, not read as an image dataset.
    await writeFile(join(dir, 'reviews', 'praise', 'lobby.jpg'), await makeJpeg(640, 480));
    // Excel's "CSV" on Windows: Windows-1252, CRLF, an extra column, rows with gaps.
    const rows = [
      'id,review,stars,sentiment',
      '1,Lovely staff and a quiet room,5,praise',
      '2,The shower was cold all week,1,complaint',
      '3,Would stay again; great café,5,praise',
      '4,Noisy street and thin walls,2,',
      '5,,3,complaint',
      '6,Too many fields,1,complaint,extra',
      '7,Thin towels and a broken lamp,2,complaint',
    ];
    await writeFile(join(dir, 'hotel.csv'), Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('scan --json prints the text report in the image report shape', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', join(dir, 'reviews'), '--json'], io)).toBe(0);
    const report = scanReportSchema.omit({ images: true }).parse(JSON.parse(io.out()));
    expect(report.modality).toBe('text');
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['complaint', 2],
      ['praise', 2],
    ]);
    expect(report.files).toEqual({ seen: 5, imported: 4, skipped: 1 });
    expect(report.skipped.map((s) => [s.path, s.code])).toEqual([
      ['praise/lobby.jpg', 'binary-file'],
    ]);
  });

  it('scan prints a table of texts per class', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', join(dir, 'reviews')], io)).toBe(0);
    expect(io.out()).toMatch(/Class\s+Texts/);
    expect(io.out()).toMatch(/praise\s+2/);
  });

  it('scan of a CSV says what the table is: file, columns used, classes, rows kept and left out', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', join(dir, 'hotel.csv')], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(`Dataset: ${join(dir, 'hotel.csv')} (a table of texts)\n`);
    expect(out).toMatch('Table: hotel.csv (CSV, Windows-1252, not UTF-8)\n');
    expect(out).toMatch('  Columns: id, review, stars, sentiment\n');
    expect(out).toMatch('  Text column: review; label column: sentiment (chosen by their names)\n');
    expect(out).toMatch(
      '  7 rows read: 4 kept, 1 without a label, 1 with an empty text, 1 unreadable\n',
    );
    expect(out).toMatch(/complaint\s+2\n\s*praise\s+2\n/);
    expect(out).toMatch(/1 row has text but no label.*\n\s+hotel\.csv:5\n/);
    expect(out).toMatch(
      /read as Windows-1252.*\n\s+hotel\.csv: line 4, byte offset \d+ \(0xE9\)\n/,
    );
    expect(out).not.toMatch(/one folder per class|Files:/);
  });
});
