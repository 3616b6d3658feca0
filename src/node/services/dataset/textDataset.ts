import { AppError } from '../../../common/errors.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { openAnyDatasetSource } from './anySource.js';
import { displayPath, type DatasetSource, type SourceEntry } from './source.js';
import { chooseTextColumns, type TextColumnChoice } from './textColumns.js';
import { decodeText, type DecodedText, type TextEncoding } from './textDecode.js';
import {
  snippet,
  textHealthWarnings,
  type FileNotUtf8,
  type TextExample,
  type TextWarning,
} from './textHealth.js';
import { parseTextTable, type TextTable } from './textTable.js';

export interface TextSkip {
  path: string;
  code:
    | 'binary-file'
    | 'not-utf8'
    | 'empty-file'
    | 'empty-text'
    | 'not-a-file'
    | 'file-too-large'
    | 'outside-class-folder'
    | 'zip-entry-invalid';
  reason: string;
}

export interface TextClassSummary {
  name: string;
  count: number;
  /** The starts of a few texts, for class cards. */
  snippets: string[];
}

export interface TextDatasetReport {
  modality: 'text';
  path: string;
  sourceKind: 'folder' | 'zip';
  layout: 'class-folders' | 'table';
  tables: TextTableSummary[];
  classes: TextClassSummary[];
  examples: TextExample[];
  skipped: TextSkip[];
  /** Files read although they are not (all) UTF-8; also told in `warnings`. */
  notUtf8: FileNotUtf8[];
  warnings: TextWarning[];
}

export type TextTableSummary = {
  path: string;
  format: TextTable['format'];
  columns: string[];
  encoding: TextEncoding;
  rows: TableRowCounts;
} & TextColumnChoice;

/** What became of a table's rows: each row read is kept or left out for one reason. */
export interface TableRowCounts {
  read: number;
  kept: number;
  emptyText: number;
  noLabel: number;
  /** Lines that could not be read as a row (a wrong number of fields, not JSON). */
  unreadable: number;
}

export interface TextScanOptions {
  /** Column names for a table, when the automatic choice is not wanted or not possible. */
  textColumn?: string | undefined;
  labelColumn?: string | undefined;
  /**
   * With `cutPieces` (the pieces of a text the encoder leaves unread), texts it cuts are reported
   * as longer than the encoder reads (at most `maxPieces`).
   */
  maxPieces?: number | undefined;
  cutPieces?: ((text: string) => number) | undefined;
  signal?: AbortSignal | undefined;
}

/** Files larger than this are not read as one example or one table. */
const MAX_FILE_BYTES = 512 * 2 ** 20;
const SNIPPETS_PER_CLASS = 3;

/** Opens a folder, a zip, or a single table file and scans it as a text dataset. */
export async function scanTextDataset(
  path: string,
  options: TextScanOptions = {},
): Promise<TextDatasetReport> {
  const source = await openAnyDatasetSource(path);
  try {
    return await scanTextSource(source, options);
  } finally {
    await source.close();
  }
}

export async function scanTextSource(
  source: DatasetSource,
  options: TextScanOptions = {},
): Promise<TextDatasetReport> {
  const files = await listFiles(source, options.signal);
  const skipped: TextSkip[] = files.skipped;
  const base = commonWrapper(files.entries);
  const rootFiles = files.entries.filter((e) => e.segments.length === base.length + 1);
  const nested = files.entries.filter((e) => e.segments.length > base.length + 1);
  // Class folders when there are any; files beside them (a README) are then not examples.
  const layout = nested.length > 0 ? 'class-folders' : 'table';
  if (layout === 'class-folders') {
    for (const entry of rootFiles) {
      skipped.push({
        path: displayPath(entry.segments),
        code: 'outside-class-folder',
        reason: 'not inside a class folder',
      });
    }
  }
  const gathered: Gathered = {
    examples: [],
    emptyOrigins: [],
    unlabeledOrigins: [],
    badRows: [],
    notUtf8: [],
    tables: [],
    skipped,
  };
  for (const entry of layout === 'table' ? rootFiles : nested) {
    throwIfAborted(options.signal);
    const path = displayPath(entry.segments);
    const decoded = await readText(entry, path, gathered);
    if (!decoded) continue;
    if (layout === 'table') gatherTable(path, decoded, options, gathered);
    else gatherClassFile(entry.segments[base.length] as string, path, decoded.text, gathered);
  }
  const { examples, tables } = gathered;
  if (examples.length === 0) {
    throw new AppError(
      'NOT_A_DATASET',
      `No usable text was found in ${source.path}: expected a folder per class of .txt files, or a CSV/TSV/JSON-lines table with a text and a label column.${whyNothingWasUsable(skipped, tables)}`,
      { path: source.path, skipped: skipped.slice(0, 20) },
    );
  }
  const warnings = textHealthWarnings({
    ...gathered,
    maxPieces: options.maxPieces,
    cutPieces: options.cutPieces,
  });
  return {
    modality: 'text',
    path: source.path,
    sourceKind: source.kind,
    layout,
    tables,
    classes: summarizeClasses(examples),
    examples,
    skipped,
    notUtf8: gathered.notUtf8,
    warnings,
  };
}

/** What the files gave so far: the examples, and every file, text and row left out, by reason. */
interface Gathered {
  examples: TextExample[];
  emptyOrigins: string[];
  unlabeledOrigins: string[];
  badRows: string[];
  notUtf8: FileNotUtf8[];
  tables: TextTableSummary[];
  skipped: TextSkip[];
}

type ReadText = Extract<DecodedText, { ok: true }>;

/** A file's text, or undefined once it is skipped with the reason (too large, damaged, not text). */
async function readText(
  entry: SourceEntry,
  path: string,
  gathered: Gathered,
): Promise<ReadText | undefined> {
  if (entry.size > MAX_FILE_BYTES) {
    const reason = `larger than ${MAX_FILE_BYTES / 2 ** 20} MB`;
    gathered.skipped.push({ path, code: 'file-too-large', reason });
    return undefined;
  }
  const bytes = await readWholeEntry(entry);
  if (bytes instanceof AppError) {
    gathered.skipped.push({ path, code: 'zip-entry-invalid', reason: bytes.message });
    return undefined;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    gathered.skipped.push({ path, code: decoded.code, reason: decoded.reason });
    return undefined;
  }
  if (decoded.notUtf8) gathered.notUtf8.push({ path, ...decoded.notUtf8 });
  return decoded;
}

function gatherClassFile(label: string, path: string, text: string, gathered: Gathered): void {
  if (text.trim() !== '') {
    gathered.examples.push({ text, label, origin: path });
    return;
  }
  gathered.emptyOrigins.push(path);
  gathered.skipped.push({
    path,
    code: 'empty-text',
    reason: 'the text is empty or only whitespace',
  });
}

/**
 * A table's rows: each kept as an example, or left out as an empty text (whatever its label), a
 * row without a label, or a line that is not a row; counted per table for the report.
 */
function gatherTable(
  path: string,
  decoded: ReadText,
  options: TextScanOptions,
  gathered: Gathered,
): void {
  const table = parseTextTable(decoded.text, path);
  const choice = chooseTextColumns(table, path, options);
  gathered.badRows.push(...table.badRows.map((row) => `${path}:${row.line} ${row.reason}`));
  const rows: TableRowCounts = {
    read: table.rows.length + table.badRows.length,
    kept: 0,
    emptyText: 0,
    noLabel: 0,
    unreadable: table.badRows.length,
  };
  const textIndex = table.columns.indexOf(choice.textColumn);
  const labelIndex = table.columns.indexOf(choice.labelColumn);
  for (const row of table.rows) {
    const text = row.cells[textIndex] ?? '';
    const label = (row.cells[labelIndex] ?? '').trim();
    const origin = `${path}:${row.line}`;
    if (text.trim() === '') {
      rows.emptyText++;
      gathered.emptyOrigins.push(origin);
    } else if (label === '') {
      rows.noLabel++;
      gathered.unlabeledOrigins.push(origin);
    } else {
      rows.kept++;
      gathered.examples.push({ text, label, origin });
    }
  }
  const { format, columns } = table;
  gathered.tables.push({ path, format, columns, encoding: decoded.encoding, rows, ...choice });
}

const EXPLAINED = 3;

/** The files and tables that were there, and why none gave a text: the user's next step. */
function whyNothingWasUsable(
  skipped: readonly TextSkip[],
  tables: readonly TextTableSummary[],
): string {
  const reasons = [
    ...skipped.slice(0, EXPLAINED).map((skip) => `${skip.path}: ${skip.reason}`),
    ...tables.slice(0, EXPLAINED).map((table) => `${table.path}: ${describeRows(table.rows)}`),
  ];
  return reasons.length === 0 ? '' : ` Found: ${reasons.join('; ')}.`;
}

/** "12 rows read: 10 kept, 1 without a label, 1 with an empty text, 0 unreadable", zeros left out. */
export function describeRows(rows: TableRowCounts): string {
  const parts = [
    `${rows.kept} kept`,
    ...(rows.noLabel > 0 ? [`${rows.noLabel} without a label`] : []),
    ...(rows.emptyText > 0 ? [`${rows.emptyText} with an empty text`] : []),
    ...(rows.unreadable > 0 ? [`${rows.unreadable} unreadable`] : []),
  ];
  return `${rows.read} ${rows.read === 1 ? 'row' : 'rows'} read: ${parts.join(', ')}`;
}

async function listFiles(
  source: DatasetSource,
  signal: AbortSignal | undefined,
): Promise<{ entries: SourceEntry[]; skipped: TextSkip[] }> {
  const entries: SourceEntry[] = [];
  const skipped: TextSkip[] = [];
  for await (const entry of source.entries(signal)) {
    if (entry.kind === 'folder' || isSystemFile(entry.segments)) continue;
    if (entry.kind === 'file') entries.push(entry);
    else {
      skipped.push({
        path: displayPath(entry.segments),
        code: 'not-a-file',
        reason:
          entry.problem?.reason ??
          `a ${entry.kind === 'symlink' ? 'link' : 'special file'}, not read`,
      });
    }
  }
  // Sorted, so examples (and the splits made from them) do not depend on the listing order.
  entries.sort((a, b) => displayPath(a.segments).localeCompare(displayPath(b.segments), 'en'));
  return { entries, skipped };
}

/**
 * The folders every file sits in when a zip or folder wraps the dataset in one more folder: kept
 * while the files stay inside class folders below it, or when a lone file (a table) is inside.
 */
function commonWrapper(entries: readonly SourceEntry[]): string[] {
  const first = entries[0];
  if (!first) return [];
  const wrapper: string[] = [];
  for (let depth = 0; depth < first.segments.length - 1; depth++) {
    const name = first.segments[depth] as string;
    const shared = entries.every((e) => e.segments[depth] === name);
    const deeper = entries.every((e) => e.segments.length > depth + 2);
    const loneFile = entries.length === 1 && first.segments.length === depth + 2;
    if (!shared || !(deeper || loneFile)) break;
    wrapper.push(name);
  }
  return wrapper;
}

function isSystemFile(segments: readonly string[]): boolean {
  const name = segments.at(-1) ?? '';
  return (
    segments.some((s) => s === '__MACOSX' || s.startsWith('.')) ||
    name === 'Thumbs.db' ||
    name === 'desktop.ini'
  );
}

function summarizeClasses(examples: readonly TextExample[]): TextClassSummary[] {
  const byLabel = new Map<string, TextExample[]>();
  for (const example of examples) {
    const group = byLabel.get(example.label);
    if (group) group.push(example);
    else byLabel.set(example.label, [example]);
  }
  return [...byLabel.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([name, group]) => ({
      name,
      count: group.length,
      snippets: group.slice(0, SNIPPETS_PER_CLASS).map((e) => snippet(e.text)),
    }));
}

/** A damaged zip entry (size or CRC wrong) is skipped with the zip's reason, like a bad image. */
async function readWholeEntry(entry: SourceEntry): Promise<Uint8Array | AppError> {
  try {
    return await entry.readAll();
  } catch (error) {
    if (error instanceof AppError && error.code === 'ZIP_INVALID') return error;
    throw error;
  }
}
