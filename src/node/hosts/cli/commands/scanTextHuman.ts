import { resolve } from 'node:path';
import type { TextEncoding } from '../../../services/dataset/textDecode.js';
import {
  describeRows,
  type TextDatasetReport,
  type TextTableSummary,
} from '../../../services/dataset/textDataset.js';
import { shown } from '../shown.js';
import { renderTable, skippedSection } from '../table.js';

/** Places shown under each warning: enough to find the rows, few enough to read. */
const PLACES_SHOWN = 3;

const FORMAT_NAMES: Record<TextTableSummary['format'], string> = {
  csv: 'CSV',
  tsv: 'TSV',
  jsonl: 'JSON-lines',
};

const ENCODING_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252, not UTF-8',
};

const HOW_CHOSEN: Record<TextTableSummary['how'], string> = {
  given: 'as given',
  'by-name': 'chosen by their names',
  'by-content': 'chosen by their content',
};

/**
 * `scan` on a text dataset, for people: what was read (the path given, a table file or class
 * folders), each table's columns and what became of its rows, the classes, what was skipped and
 * the warnings with the rows they concern.
 */
export function humanTextReport(path: string, report: TextDatasetReport): string {
  const lines = [`Dataset: ${shown(resolve(path))} (${describeSource(report)})`];
  for (const table of report.tables) lines.push('', ...tableLines(table));
  lines.push(
    '',
    renderTable(
      ['Class', 'Texts'],
      report.classes.map((c) => [c.name, c.count]),
    ),
  );
  if (report.layout === 'class-folders') {
    const seen = report.examples.length + report.skipped.length;
    lines.push(
      '',
      `Files: ${seen} seen, ${report.examples.length} imported, ${report.skipped.length} skipped`,
    );
  }
  lines.push(...skippedSection(report.skipped));
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...warningLines(report));
  return `${lines.join('\n')}\n`;
}

function describeSource(report: TextDatasetReport): string {
  if (report.layout === 'class-folders')
    return `${report.sourceKind}, texts in one folder per class`;
  const tables = report.tables.length === 1 ? 'a table' : `${report.tables.length} tables`;
  return report.sourceKind === 'zip' ? `zip holding ${tables} of texts` : `${tables} of texts`;
}

function tableLines(table: TextTableSummary): string[] {
  return [
    `Table: ${shown(table.path)} (${FORMAT_NAMES[table.format]}, ${ENCODING_NAMES[table.encoding]})`,
    `  Columns: ${table.columns.map(shown).join(', ')}`,
    `  Text column: ${shown(table.textColumn)}; label column: ${shown(table.labelColumn)} (${HOW_CHOSEN[table.how]})`,
    `  ${describeRows(table.rows)}`,
  ];
}

function warningLines(report: TextDatasetReport): string[] {
  return report.warnings.flatMap((warning) => [
    `  ! ${shown(warning.message)}`,
    ...warning.examples.slice(0, PLACES_SHOWN).map((place) => `      ${shown(place)}`),
    ...(warning.examples.length > PLACES_SHOWN ? ['      …'] : []),
  ]);
}
