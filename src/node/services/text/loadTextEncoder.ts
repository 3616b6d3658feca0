import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import {
  SentencePieceTokenizer,
  type VocabularyEntry,
} from '../../../engine/text/sentencePiece.js';
import {
  summarizeTextEncoder,
  textEncoderInfo,
  type TextEncoderSummary,
} from '../../../engine/text/textEncoders.js';
import { UseLiteEncoder } from '../../../engine/text/useLiteEncoder.js';

export interface LoadedTextEncoder {
  encoder: UseLiteEncoder;
  summary: TextEncoderSummary;
  /** SHA-256 over the graph, its weights and the vocabulary: equal fingerprints, equal embeddings. */
  fingerprint: string;
  folder: string;
}

interface GraphModelJson {
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** The folder of an installed encoder package (model.json, shards, vocab.json). */
export function textEncoderFolder(packageName: string): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${packageName}/dist/model.json`));
  } catch {
    throw new AppError(
      'NOT_FOUND',
      `The text encoder package ${packageName} is not installed; reinstall the app's dependencies`,
      { packageName },
    );
  }
}

/**
 * Loads a text encoder from files on disk only: the graph is handed to tfjs through an IO handler
 * that returns bytes already read, so nothing is fetched.
 */
export async function loadTextEncoder(id: string, folder?: string): Promise<LoadedTextEncoder> {
  const info = textEncoderInfo(id);
  if (!info) throw new AppError('NOT_FOUND', `No text encoder is called ${id}`, { id });
  const root = folder ?? textEncoderFolder(info.packageName);
  const hash = createHash('sha256');
  const modelBytes = await readPart(root, 'model.json');
  hash.update(modelBytes);
  const modelJson = parseModelJson(modelBytes, root);
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards: Uint8Array[] = [];
  for (const path of modelJson.weightsManifest.flatMap((group) => group.paths)) {
    const shard = await readPart(root, path);
    hash.update(shard);
    shards.push(shard);
  }
  const vocabBytes = await readPart(root, 'vocab.json');
  hash.update(vocabBytes);
  const vocabulary = parseVocabulary(vocabBytes, root);
  const model = await tf.loadGraphModel({
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      weightSpecs,
      weightData: concatenate(shards),
      format: 'graph-model',
    }),
  });
  const tokenizer = new SentencePieceTokenizer(vocabulary);
  return {
    encoder: new UseLiteEncoder(model, tokenizer, info),
    summary: summarizeTextEncoder(info, weightSpecs, vocabulary.length),
    fingerprint: hash.digest('hex'),
    folder: root,
  };
}

async function readPart(root: string, name: string): Promise<Uint8Array> {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
    throw new AppError('INVALID_ARGUMENT', `The text encoder names an unsafe file: ${name}`);
  }
  try {
    return await readFile(join(root, name));
  } catch (error) {
    throw new AppError('NOT_FOUND', `The text encoder's file ${name} is missing from ${root}`, {
      cause: (error as Error).message,
    });
  }
}

function parseModelJson(bytes: Uint8Array, root: string): GraphModelJson {
  const parsed = parseJson(bytes, 'model.json', root) as Partial<GraphModelJson>;
  if (typeof parsed.modelTopology !== 'object' || !Array.isArray(parsed.weightsManifest)) {
    throw new AppError('INVALID_ARGUMENT', `${root}/model.json is not a TF.js graph model`);
  }
  return parsed as GraphModelJson;
}

function parseVocabulary(bytes: Uint8Array, root: string): VocabularyEntry[] {
  const parsed = parseJson(bytes, 'vocab.json', root);
  const valid =
    Array.isArray(parsed) &&
    parsed.every(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        (typeof entry[1] === 'number' || entry[1] === null),
    );
  if (!valid) {
    throw new AppError('INVALID_ARGUMENT', `${root}/vocab.json is not a [piece, score] list`);
  }
  return parsed as VocabularyEntry[];
}

function parseJson(bytes: Uint8Array, name: string, root: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new AppError('INVALID_ARGUMENT', `${root}/${name} is not valid JSON`);
  }
}

function concatenate(parts: readonly Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out.buffer;
}
