import { AppError } from '../../../common/errors.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { openAnyDatasetSource } from './anySource.js';
import { displayPath, type DatasetSource, type SourceEntry } from './source.js';
import { chooseTextColumns, type TextColumnChoice } from './textColumns.js';
import { decodeText } from './textDecode.js';
import { snippet, textHealthWarnings, type TextExample, type TextWarning } from './textHealth.js';
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
  tables: Array<
    { path: string; format: TextTable['format']; columns: string[] } & TextColumnChoice
  >;
  classes: TextClassSummary[];
  examples: TextExample[];
  skipped: TextSkip[];
  warnings: TextWarning[];
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
  const examples: TextExample[] = [];
  const emptyOrigins: string[] = [];
  const badRows: string[] = [];
  const tables: TextDatasetReport['tables'] = [];
  const entries = layout === 'table' ? rootFiles : nested;
  for (const entry of entries) {
    throwIfAborted(options.signal);
    const path = displayPath(entry.segments);
    if (entry.size > MAX_FILE_BYTES) {
      skipped.push({
        path,
        code: 'file-too-large',
        reason: `larger than ${MAX_FILE_BYTES / 2 ** 20} MB`,
      });
      continue;
    }
    const bytes = await readWholeEntry(entry);
    if (bytes instanceof AppError) {
      skipped.push({ path, code: 'zip-entry-invalid', reason: bytes.message });
      continue;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      skipped.push({ path, code: decoded.code, reason: decoded.reason });
      continue;
    }
    if (layout === 'class-folders') {
      const label = entry.segments[base.length] as string;
      if (decoded.text.trim() === '') {
        emptyOrigins.push(path);
        skipped.push({ path, code: 'empty-text', reason: 'the text is empty or only whitespace' });
      } else examples.push({ text: decoded.text, label, origin: path });
      continue;
    }
    const table = parseTextTable(decoded.text, path);
    const choice = chooseTextColumns(table, path, options);
    tables.push({ path, format: table.format, columns: table.columns, ...choice });
    badRows.push(...table.badRows.map((row) => `${path}:${row.line} ${row.reason}`));
    const textIndex = table.columns.indexOf(choice.textColumn);
    const labelIndex = table.columns.indexOf(choice.labelColumn);
    for (const row of table.rows) {
      const text = row.cells[textIndex] ?? '';
      const label = (row.cells[labelIndex] ?? '').trim();
      const origin = `${path}:${row.line}`;
      if (text.trim() === '' || label === '') emptyOrigins.push(origin);
      else examples.push({ text, label, origin });
    }
  }
  if (examples.length === 0) {
    throw new AppError(
      'NOT_A_DATASET',
      `No usable text was found in ${source.path}: expected a folder per class of .txt files, or a CSV/TSV/JSON-lines table with a text and a label column`,
      { path: source.path, skipped: skipped.slice(0, 20) },
    );
  }
  const warnings = textHealthWarnings({
    examples,
    emptyOrigins,
    badRows,
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
    warnings,
  };
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
