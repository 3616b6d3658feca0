import { z } from 'zod';
import { SUPPORTED_IMAGE_FORMATS } from './imageFormat.js';

/**
 * The dataset report: what a scan found. It crosses the IPC boundary and is printed by
 * `transfer-studio scan --json`, so it is declared once here as a schema.
 */

export const SKIP_CODES = [
  'not-an-image',
  'unsupported-format',
  'corrupt-image',
  'empty-file',
  'file-too-large',
  'too-many-pixels',
  'symlink',
  'special-file',
  'unreadable',
  'unreadable-folder',
  'folder-too-deep',
  'undecodable-name',
  'system-file',
  'outside-class-folder',
  'unsafe-zip-entry',
  'zip-entry-invalid',
  // Text datasets: files that are not readable text, and texts with nothing in them.
  'binary-file',
  'not-utf8',
  'empty-text',
] as const;
export type SkipCode = (typeof SKIP_CODES)[number];

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export const splitNameSchema = z.enum(SPLIT_NAMES);
export type SplitName = z.infer<typeof splitNameSchema>;

export const skippedFileSchema = z.object({
  path: z.string(),
  code: z.enum(SKIP_CODES),
  reason: z.string(),
});
export type SkippedFile = z.infer<typeof skippedFileSchema>;

export const importedImageSchema = z.object({
  path: z.string(),
  className: z.string(),
  split: splitNameSchema.optional(),
  format: z.enum(SUPPORTED_IMAGE_FORMATS),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ImportedImage = z.infer<typeof importedImageSchema>;

export const classSummarySchema = z.object({
  name: z.string(),
  count: z.number().int().nonnegative(),
  splits: z.partialRecord(splitNameSchema, z.number().int().nonnegative()).optional(),
  /** Text datasets: the starts of a few of the class's texts, for its card. */
  snippets: z.array(z.string()).optional(),
});
export type ClassSummary = z.infer<typeof classSummarySchema>;

export const WARNING_CODES = [
  'no-classes',
  'single-class',
  'empty-class',
  'duplicates-across-classes',
  'duplicates-within-class',
  'small-images',
  'class-imbalance',
  'class-missing-from-split',
  'empty-texts',
  'long-texts',
  'bad-rows',
  /** Table rows with a text but no label. */
  'unlabeled-rows',
  /** A text file or table not in UTF-8, read in the encoding it most likely has. */
  'not-utf8-text',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export const datasetWarningSchema = z.object({
  code: z.enum(WARNING_CODES),
  message: z.string(),
  classes: z.array(z.string()).optional(),
  files: z.array(z.string()).optional(),
});
export type DatasetWarning = z.infer<typeof datasetWarningSchema>;

export const datasetLayoutSchema = z.enum(['class-folders', 'split-folders']);
export type DatasetLayout = z.infer<typeof datasetLayoutSchema>;

/** How a text dataset was read: class folders of .txt files, or tables and the columns used. */
export const textDatasetInfoSchema = z.object({
  layout: z.enum(['class-folders', 'table']),
  /** Every text read (an image dataset counts images in `images` instead). */
  examples: z.number().int().nonnegative(),
  tables: z.array(
    z.object({
      path: z.string(),
      format: z.enum(['csv', 'tsv', 'jsonl']),
      columns: z.array(z.string()),
      /** Absent when the columns could not be told apart (see `columnsNeeded`). */
      textColumn: z.string().optional(),
      labelColumn: z.string().optional(),
    }),
  ),
  /** A table's text and label columns must be chosen (dataset.scan textColumn/labelColumn). */
  columnsNeeded: z.boolean().optional(),
});
export type TextDatasetInfo = z.infer<typeof textDatasetInfoSchema>;

export const scanReportSchema = z.object({
  /** What the examples are; absent in reports from before text datasets (images). */
  modality: z.enum(['image', 'text']).optional(),
  /** Text datasets only: `images` is then empty. */
  text: textDatasetInfoSchema.optional(),
  source: z.object({ path: z.string(), kind: z.enum(['folder', 'zip']) }),
  layout: datasetLayoutSchema,
  classes: z.array(classSummarySchema),
  files: z.object({
    seen: z.number().int().nonnegative(),
    imported: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
  }),
  skipped: z.array(skippedFileSchema),
  warnings: z.array(datasetWarningSchema),
  images: z.array(importedImageSchema),
});
export type ScanReport = z.infer<typeof scanReportSchema>;

export interface ScanProgress {
  seen: number;
  imported: number;
  skipped: number;
  /** Path of the file most recently finished, relative to the dataset root. */
  lastPath: string;
}
