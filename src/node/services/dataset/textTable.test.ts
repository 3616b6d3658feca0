import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { chooseTextColumns } from './textColumns.js';
import { parseDelimited, parseTextTable, sniffTableFormat } from './textTable.js';

describe('parseDelimited', () => {
  it('reads quoted commas, doubled quotes, quoted newlines and CRLF', () => {
    const csv =
      'text,label\r\n"Hello, world",pos\r\n"She said ""no""",neg\r\n"two\r\nlines",pos\r\n';
    const records = parseDelimited(csv, ',', 'a.csv');
    expect(records.map((r) => r.cells)).toEqual([
      ['text', 'label'],
      ['Hello, world', 'pos'],
      ['She said "no"', 'neg'],
      ['two\r\nlines', 'pos'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a lone quote inside an unquoted field and an empty quoted field', () => {
    const records = parseDelimited('a 5" screen,"",x\nlast', ',', 'a.csv');
    expect(records.map((r) => r.cells)).toEqual([['a 5" screen', '', 'x'], ['last']]);
  });

  it('names the line where a quoted field opens and never closes', () => {
    const csv = 'text,label\nfine,pos\n"also fine\nacross lines",neg\n"broken,pos\nmore,neg\n';
    expect(() => parseDelimited(csv, ',', 'reviews.csv')).toThrow(/reviews\.csv, line 5/);
    try {
      parseDelimited(csv, ',', 'reviews.csv');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toMatchObject({ line: 5 });
    }
  });

  it('names the line of text right after a closing quote', () => {
    expect(() => parseDelimited('a,b\n"x"y,1\n', ',', 't.csv')).toThrow(/line 2/);
  });
});

describe('parseTextTable', () => {
  it('sniffs TSV, CSV and JSON lines by content', () => {
    expect(sniffTableFormat('text\tlabel\nhi\tx')).toBe('tsv');
    expect(sniffTableFormat('text,label\nhi\tthere,x')).toBe('csv');
    expect(sniffTableFormat('{"text":"hi","label":"x"}')).toBe('jsonl');
  });

  it('reports rows with the wrong number of fields by line, and keeps the rest', () => {
    const table = parseTextTable(
      'text,label\ngood one,a\nthree,fields,here\n\nalso good,b\n',
      'x.csv',
    );
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['good one', 'a'],
      ['also good', 'b'],
    ]);
    expect(table.badRows).toEqual([{ line: 3, reason: 'has 3 fields where the header has 2' }]);
  });

  it('reads JSON lines with missing keys and reports lines that are not objects', () => {
    const jsonl = '{"text":"hi there","label":"a"}\r\n[1,2]\n{"text":"no label"}\nnot json\n';
    const table = parseTextTable(jsonl, 'x.jsonl');
    expect(table.columns).toEqual(['text', 'label']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['hi there', 'a'],
      ['no label', ''],
    ]);
    expect(table.badRows.map((r) => r.line)).toEqual([2, 4]);
  });
});

describe('chooseTextColumns', () => {
  const reviews = ['great phone, battery lasts two days', 'screen cracked within a week of use'];
  const rows = Array.from({ length: 40 }, (_, i) => ({
    line: i + 2,
    cells: [String(i), `${reviews[i % 2]} (#${i})`, i % 2 ? 'bad' : 'good', `2024-01-${i}`],
  }));

  it('picks columns by their usual names', () => {
    const table = {
      format: 'csv' as const,
      columns: ['id', 'Text', 'Label'],
      rows: [],
      badRows: [],
    };
    expect(chooseTextColumns(table, 't.csv')).toEqual({
      textColumn: 'Text',
      labelColumn: 'Label',
      how: 'by-name',
    });
  });

  it('picks the long varied column and the few-valued column by content', () => {
    const table = {
      format: 'csv' as const,
      columns: ['n', 'review', 'verdict', 'date'],
      rows,
      badRows: [],
    };
    expect(chooseTextColumns(table, 't.csv')).toMatchObject({
      textColumn: 'review',
      labelColumn: 'verdict',
      how: 'by-content',
    });
  });

  it('asks, naming the columns, when it cannot tell', () => {
    const table = {
      format: 'csv' as const,
      columns: ['a', 'b'],
      rows: rows.map((r) => ({
        line: r.line,
        cells: [r.cells[1] as string, r.cells[1] as string],
      })),
      badRows: [],
    };
    expect(() => chooseTextColumns(table, 't.csv')).toThrow(/columns: a, b/);
    expect(chooseTextColumns(table, 't.csv', { textColumn: 'a', labelColumn: 'b' }).how).toBe(
      'given',
    );
  });

  it('refuses a column that does not exist', () => {
    const table = { format: 'csv' as const, columns: ['text', 'label'], rows: [], badRows: [] };
    expect(() => chooseTextColumns(table, 't.csv', { textColumn: 'body' })).toThrow(
      /no column "body"/,
    );
  });
});
