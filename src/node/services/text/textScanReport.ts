import { AppError } from '../../../common/errors.js';
import type {
  DatasetWarning,
  ScanReport,
  SkippedFile,
  WarningCode,
} from '../../../common/dataset.js';
import type { TextDatasetReport, TextSkip } from '../dataset/textDataset.js';
import type { TextWarning, TextWarningCode } from '../dataset/textHealth.js';

/**
 * A text dataset's scan in the shape every screen reads (the image report's), with what only
 * texts have beside it: the layout, the tables and their columns, and snippets on each class.
 * `images` stays empty; `files.imported` counts texts.
 */
export function textScanReport(report: TextDatasetReport): ScanReport {
  const seen = report.examples.length + report.skipped.length;
  return {
    modality: 'text',
    text: {
      layout: report.layout,
      examples: report.examples.length,
      tables: report.tables.map(({ path, format, columns, textColumn, labelColumn }) => ({
        path,
        format,
        columns,
        textColumn,
        labelColumn,
      })),
    },
    source: { path: report.path, kind: report.sourceKind },
    layout: 'class-folders',
    classes: report.classes.map(({ name, count, snippets }) => ({ name, count, snippets })),
    files: { seen, imported: report.examples.length, skipped: report.skipped.length },
    skipped: report.skipped.map(skippedFile),
    warnings: report.warnings.map(datasetWarning),
    images: [],
  };
}

const SKIP_CODE_OF: Record<TextSkip['code'], SkippedFile['code']> = {
  'binary-file': 'binary-file',
  'not-utf8': 'not-utf8',
  'empty-file': 'empty-file',
  'empty-text': 'empty-text',
  'not-a-file': 'special-file',
  'file-too-large': 'file-too-large',
  'outside-class-folder': 'outside-class-folder',
  'zip-entry-invalid': 'zip-entry-invalid',
};

const WARNING_CODE_OF: Record<TextWarningCode, WarningCode> = {
  'empty-texts': 'empty-texts',
  duplicates: 'duplicates-within-class',
  'conflicting-duplicates': 'duplicates-across-classes',
  'long-texts': 'long-texts',
  'single-class': 'single-class',
  'class-imbalance': 'class-imbalance',
  'bad-rows': 'bad-rows',
  'unlabeled-rows': 'unlabeled-rows',
  'not-utf8-text': 'not-utf8-text',
};

function skippedFile(skip: TextSkip): SkippedFile {
  return { path: skip.path, code: SKIP_CODE_OF[skip.code], reason: skip.reason };
}

function datasetWarning(warning: TextWarning): DatasetWarning {
  return {
    code: WARNING_CODE_OF[warning.code],
    message: warning.message,
    ...(warning.examples.length > 0 ? { files: warning.examples } : {}),
  };
}

/**
 * What a scan says of a table whose text and label columns cannot be told apart: its columns,
 * no texts yet, and `columnsNeeded`, so the Data screen can ask for them and scan again.
 */
export function columnsNeededReport(path: string, error: unknown): ScanReport | undefined {
  if (!(error instanceof AppError) || error.code !== 'COLUMNS_NEEDED') return undefined;
  const details = error.details ?? {};
  const columns = details['columns'];
  const format = details['format'];
  const table = details['path'];
  if (!Array.isArray(columns) || typeof table !== 'string') return undefined;
  return {
    modality: 'text',
    text: {
      layout: 'table',
      examples: 0,
      tables: [
        {
          path: table,
          format: format === 'tsv' || format === 'jsonl' ? format : 'csv',
          columns: columns.map(String),
        },
      ],
      columnsNeeded: true,
    },
    source: { path, kind: /\.zip$/i.test(path) ? 'zip' : 'folder' },
    layout: 'class-folders',
    classes: [],
    files: { seen: 1, imported: 0, skipped: 0 },
    skipped: [],
    warnings: [],
    images: [],
  };
}
