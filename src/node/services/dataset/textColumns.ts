import { AppError } from '../../../common/errors.js';
import type { TextTable } from './textTable.js';

export interface TextColumnChoice {
  textColumn: string;
  labelColumn: string;
  /** How they were chosen, for the report. */
  how: 'given' | 'by-name' | 'by-content';
}

const TEXT_NAMES = [
  'text',
  'sentence',
  'message',
  'review',
  'content',
  'body',
  'document',
  'comment',
];
const LABEL_NAMES = ['label', 'class', 'category', 'target', 'sentiment', 'labels', 'y', 'tag'];

/**
 * Picks the text and label columns: the ones given; else columns with the usual names; else, by
 * content, the one column of long varied strings and the one column with few distinct values.
 * When that is not clear it asks, naming the columns.
 */
export function chooseTextColumns(
  table: TextTable,
  name: string,
  given: { textColumn?: string | undefined; labelColumn?: string | undefined } = {},
): TextColumnChoice {
  for (const column of [given.textColumn, given.labelColumn]) {
    if (column !== undefined && !table.columns.includes(column)) {
      throw new AppError('INVALID_ARGUMENT', `${name} has no column "${column}"`, {
        path: name,
        columns: table.columns,
      });
    }
  }
  const byName = (names: string[]): string | undefined =>
    table.columns.find((column) => names.includes(column.toLowerCase()));
  let textColumn = given.textColumn ?? byName(TEXT_NAMES);
  let labelColumn = given.labelColumn ?? byName(LABEL_NAMES);
  const how =
    given.textColumn !== undefined && given.labelColumn !== undefined
      ? 'given'
      : textColumn !== undefined && labelColumn !== undefined
        ? 'by-name'
        : 'by-content';
  if (textColumn === undefined || labelColumn === undefined) {
    const stats = table.columns.map((column, index) => columnStats(table, column, index));
    textColumn ??= onlyOne(stats.filter((s) => s.column !== labelColumn && s.looksLikeText));
    labelColumn ??= onlyOne(stats.filter((s) => s.column !== textColumn && s.looksLikeLabel));
  }
  if (textColumn === undefined || labelColumn === undefined || textColumn === labelColumn) {
    throw new AppError(
      'COLUMNS_NEEDED',
      `Cannot tell which column of ${name} holds the text and which the label; name them (columns: ${table.columns.join(', ')})`,
      { path: name, columns: table.columns, format: table.format },
    );
  }
  return { textColumn, labelColumn, how };
}

interface ColumnStats {
  column: string;
  looksLikeText: boolean;
  looksLikeLabel: boolean;
}

function columnStats(table: TextTable, column: string, index: number): ColumnStats {
  const values = table.rows.map((row) => (row.cells[index] ?? '').trim()).filter((v) => v !== '');
  const distinct = new Set(values).size;
  const meanLength = values.reduce((sum, v) => sum + v.length, 0) / Math.max(values.length, 1);
  const meanWords =
    values.reduce((sum, v) => sum + v.split(/\s+/).length, 0) / Math.max(values.length, 1);
  return {
    column,
    looksLikeText: meanLength >= 15 && meanWords >= 3 && distinct > values.length / 2,
    // Few classes, each seen several times, and short names.
    looksLikeLabel:
      distinct >= 1 && distinct <= Math.max(2, Math.min(50, values.length / 5)) && meanLength < 40,
  };
}

function onlyOne(stats: ColumnStats[]): string | undefined {
  return stats.length === 1 ? stats[0]?.column : undefined;
}
