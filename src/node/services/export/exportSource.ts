import type { ExportFormat } from './modelCard.js';
import type { Parity } from './parity.js';

export type ExportFiles = Map<string, Uint8Array | string>;

/** How one format of one model is written, checked and described. */
export interface FormatWriter {
  /** The format's files, labels.txt and the model card aside. */
  files(): Promise<ExportFiles>;
  /** Loads the written folder back with the runtime the format's users have, against the app. */
  parity(folder: string): Promise<Parity>;
  /** README.md: what the model is, how good, how to load this format. */
  card(parity: Parity): string;
}

/**
 * A trained model as the export reads it: loaded once, with the inputs its exports are checked
 * on and the app's own probabilities for them, and a writer for each format it exports to.
 */
export interface ExportSource {
  modality: 'image' | 'text';
  classes: readonly string[];
  /** What transfer-studio.json records of the model, beside the export's own facts. */
  metadata: object;
  writer(format: ExportFormat): FormatWriter;
  dispose(): void;
}
