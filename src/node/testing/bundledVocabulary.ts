import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { VocabularyEntry } from '../../engine/text/sentencePiece.js';
import { TEXT_ENCODERS, USE_LITE_ID } from '../../engine/text/textEncoders.js';
import { parseEncoderVocabulary } from '../services/text/encoderVocabulary.js';

const require = createRequire(import.meta.url);

/** The folder of the text encoder package installed with the app (model.json, vocab.json). */
export function bundledEncoderFolder(): string {
  const packageName = TEXT_ENCODERS[USE_LITE_ID]?.packageName ?? '';
  return dirname(require.resolve(`${packageName}/dist/vocab.json`));
}

/** That encoder's vocabulary, read and checked as the app reads it. */
export function bundledVocabulary(): VocabularyEntry[] {
  const folder = bundledEncoderFolder();
  return parseEncoderVocabulary(readFileSync(join(folder, 'vocab.json')), folder);
}
