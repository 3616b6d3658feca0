import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import type { VocabularyEntry } from '../../../engine/text/sentencePiece.js';

/**
 * A text encoder's vocab.json, checked: a list of [piece, score] pairs (score a number, or null
 * for the reserved pieces). `folder` is only for the message.
 */
export function parseEncoderVocabulary(bytes: Uint8Array, folder: string): VocabularyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new AppError('INVALID_ARGUMENT', `${folder}/vocab.json is not valid JSON`);
  }
  if (!Array.isArray(parsed) || !parsed.every(isVocabularyEntry)) {
    throw new AppError('INVALID_ARGUMENT', `${folder}/vocab.json is not a [piece, score] list`);
  }
  return parsed;
}

/** The checked vocabulary of the encoder package in `folder`. */
export async function readEncoderVocabulary(folder: string): Promise<VocabularyEntry[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(folder, 'vocab.json'));
  } catch (error) {
    throw new AppError(
      'NOT_FOUND',
      `The text encoder's file vocab.json is missing from ${folder}`,
      {
        cause: (error as Error).message,
      },
    );
  }
  return parseEncoderVocabulary(bytes, folder);
}

function isVocabularyEntry(entry: unknown): entry is VocabularyEntry {
  return (
    Array.isArray(entry) &&
    typeof entry[0] === 'string' &&
    (typeof entry[1] === 'number' || entry[1] === null)
  );
}
