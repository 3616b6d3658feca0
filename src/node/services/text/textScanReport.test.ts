import { describe, expect, it } from 'vitest';
import { scanReportSchema } from '../../../common/dataset.js';
import { AppError } from '../../../common/errors.js';
import { chooseTextColumns } from '../dataset/textColumns.js';
import { scanTextSource } from '../dataset/textDataset.js';
import { parseTextTable } from '../dataset/textTable.js';
import type { DatasetSource, SourceEntry } from '../dataset/source.js';
import { columnsNeededReport, textScanReport } from './textScanReport.js';
import { assertSameEncoder } from './textModelFolder.js';

/** An in-memory folder: path → bytes, listed as a folder source lists files. */
function memorySource(files: Record<string, string | Uint8Array>): DatasetSource {
  const entries: SourceEntry[] = Object.entries(files).map(([path, content]) => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    return {
      kind: 'file',
      segments: path.split('/'),
      size: bytes.length,
      readHead: async (length: number) => bytes.subarray(0, length),
      readAll: async () => bytes,
    };
  });
  return {
    kind: 'folder',
    path: '/data/reviews',
    list: async () => [],
    entries: async function* () {
      yield* entries;
    },
    read: async () => new Uint8Array(),
    close: async () => undefined,
  };
}

describe('textScanReport', () => {
  it('turns a text scan into a valid scan report with texts counted, snippets and reasons', async () => {
    const long = `${'A very long review that goes on and on. '.repeat(20)}The end.`;
    const report = await scanTextSource(
      memorySource({
        'good/1.txt': 'Loved every minute of it, would watch again.',
        'good/2.txt': long,
        'good/3.txt': 'Loved every minute of it, would watch again.',
        'bad/1.txt': 'A dull plot and wooden acting throughout.',
        'bad/2.txt': ' \n ',
        'bad/3.bin': new Uint8Array([0, 159, 146, 150, 0, 0]),
      }),
    );
    const scan = textScanReport(report);
    expect(scanReportSchema.parse(scan)).toEqual(scan);
    expect(scan.modality).toBe('text');
    expect(scan.files).toEqual({ seen: 6, imported: 4, skipped: 2 });
    expect(scan.classes.map((c) => [c.name, c.count, c.snippets?.length])).toEqual([
      ['bad', 1, 1],
      ['good', 3, 3],
    ]);
    const goodSnippets = scan.classes[1]?.snippets ?? [];
    expect(goodSnippets[1]?.endsWith('…')).toBe(true);
    expect(goodSnippets[1]?.length).toBeLessThan(long.length);
    expect(scan.skipped.map((s) => s.code).sort()).toEqual(['binary-file', 'empty-text']);
    expect(scan.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['empty-texts', 'duplicates-within-class']),
    );
  });

  it('describes a table whose columns must be chosen, and nothing for other errors', () => {
    const table = parseTextTable(
      'title,body,mood,lang\n"Great fun for all","Would see it again soon",up,en\n"Boring and long","Left before the end",down,fr\n',
      'films.csv',
    );
    let error: unknown;
    try {
      chooseTextColumns(table, 'films.csv');
    } catch (e) {
      error = e;
    }
    const report = columnsNeededReport('/data/films.csv', error);
    expect(report && scanReportSchema.parse(report)).toEqual(report);
    expect(report?.text).toEqual({
      layout: 'table',
      examples: 0,
      tables: [{ path: 'films.csv', format: 'csv', columns: ['title', 'body', 'mood', 'lang'] }],
      columnsNeeded: true,
    });
    expect(columnsNeededReport('/data/films.csv', new AppError('NOT_FOUND', 'gone'))).toBe(
      undefined,
    );
  });
});

describe('assertSameEncoder', () => {
  const recorded = {
    encoder: { id: 'universal_sentence_encoder_lite', fingerprint: 'a'.repeat(64) },
  };

  it('accepts the encoder the model was trained on', () => {
    expect(() =>
      assertSameEncoder(recorded, {
        summary: { id: 'universal_sentence_encoder_lite' },
        fingerprint: 'a'.repeat(64),
      }),
    ).not.toThrow();
  });

  it('refuses other weights or another encoder with ENCODER_MISMATCH in plain words', () => {
    const otherWeights = () =>
      assertSameEncoder(recorded, {
        summary: { id: 'universal_sentence_encoder_lite' },
        fingerprint: 'b'.repeat(64),
      });
    expect(otherWeights).toThrow(AppError);
    expect(otherWeights).toThrow(/other universal_sentence_encoder_lite weights/);
    const otherEncoder = () =>
      assertSameEncoder(recorded, {
        summary: { id: 'another_encoder' },
        fingerprint: 'a'.repeat(64),
      });
    expect(otherEncoder).toThrow(/trained on the universal_sentence_encoder_lite encoder/);
    try {
      otherEncoder();
    } catch (e) {
      expect((e as AppError).code).toBe('ENCODER_MISMATCH');
    }
  });
});
