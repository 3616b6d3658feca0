import type * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import { checkDeclaredSizes } from './declaredSizes.js';

export interface PackLimits {
  /** Largest model.json read. Default 64 MiB. */
  maxModelJsonBytes: number;
  /** Largest total of weight bytes. Default 1 GiB (VGG16 without its top is 59 MB). */
  maxWeightBytes: number;
  /** Most shard files. Default 4,096. */
  maxShards: number;
}

export const DEFAULT_PACK_LIMITS: PackLimits = {
  maxModelJsonBytes: 64 * 2 ** 20,
  maxWeightBytes: 2 ** 30,
  maxShards: 4096,
};

export interface LayersModelJson {
  modelTopology: unknown;
  weightsManifest: tf.io.WeightsManifestConfig;
  format?: string;
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('INVALID_ARGUMENT', `Invalid model pack: ${message}`, details);
}

/** Parses model.json and checks it is a TF.js layers model with a well-formed weights manifest. */
export function parseModelJson(
  bytes: Uint8Array,
  limits: PackLimits = DEFAULT_PACK_LIMITS,
): LayersModelJson {
  if (bytes.length > limits.maxModelJsonBytes)
    throw invalid(
      `model.json is ${bytes.length} bytes, over the ${limits.maxModelJsonBytes}-byte limit`,
    );
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw invalid(`model.json is not valid JSON (${(error as Error).message})`);
  }
  const model = json as Partial<LayersModelJson> | null;
  if (typeof model !== 'object' || model === null) throw invalid('model.json is not an object');
  if (model.format === 'graph-model') {
    throw invalid(
      'this is a TF.js graph model (converted SavedModel); a layers model is needed to fine-tune',
    );
  }
  if (model.modelTopology === undefined) throw invalid('model.json has no modelTopology');
  if (!Array.isArray(model.weightsManifest)) throw invalid('model.json has no weightsManifest');
  return model as LayersModelJson;
}

/**
 * Everything checked before a pack's model.json is built or its weights decoded: the JSON, the
 * weights manifest against the shard files, and the sizes the topology declares against the
 * manifest (tfjs allocates a layer's weights as it builds it, before any check of its own).
 * Every path that builds a model from a pack's model.json goes through here.
 */
export function validateLayersPack(
  modelJsonBytes: Uint8Array,
  shardSize: (name: string) => number | undefined,
  limits: PackLimits = DEFAULT_PACK_LIMITS,
): LayersModelJson {
  const modelJson = parseModelJson(modelJsonBytes, limits);
  validateWeightsManifest(modelJson.weightsManifest, shardSize, limits);
  checkDeclaredSizes(modelJson.modelTopology, modelJson.weightsManifest);
  return modelJson;
}

/**
 * Checks the manifest against the shard files before anything is decoded: plain shard names that
 * exist, unique weight names, known dtypes, and byte counts that add up exactly, group by group.
 */
export function validateWeightsManifest(
  manifest: tf.io.WeightsManifestConfig,
  shardSize: (name: string) => number | undefined,
  limits: PackLimits = DEFAULT_PACK_LIMITS,
): void {
  const names = new Set<string>();
  const shards = new Set<string>();
  let totalBytes = 0;
  manifest.forEach((group, g) => {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights))
      throw invalid(`weights group ${g} is malformed`);
    let declared = 0;
    for (const weight of group.weights) {
      if (names.has(weight.name))
        throw invalid(`weight name "${weight.name}" appears twice`, { weight: weight.name });
      names.add(weight.name);
      declared += weightBytes(weight);
    }
    let stored = 0;
    for (const path of group.paths) {
      checkShardName(path);
      if (shards.has(path)) throw invalid(`shard "${path}" is listed twice`);
      shards.add(path);
      const size = shardSize(path);
      if (size === undefined) throw invalid(`shard "${path}" is missing`, { shard: path });
      stored += size;
    }
    if (stored !== declared) {
      throw invalid(
        `weights group ${g} declares ${declared} bytes but its shards hold ${stored} (${stored < declared ? 'truncated' : 'extra bytes'})`,
        { group: g, declared, stored },
      );
    }
    totalBytes += declared;
  });
  if (shards.size > limits.maxShards)
    throw invalid(`${shards.size} shards, over the limit of ${limits.maxShards}`);
  if (totalBytes > limits.maxWeightBytes)
    throw invalid(`${totalBytes} bytes of weights, over the ${limits.maxWeightBytes}-byte limit`);
}

/** Shard paths are file names beside model.json: nothing that could reach another folder. */
export function checkShardName(path: unknown): void {
  if (typeof path !== 'string' || path === '' || path === '.' || path === '..')
    throw invalid(`shard path ${JSON.stringify(path)} is not a file name`);
  if (/[/\\]/.test(path) || path.includes('\0') || /^[a-zA-Z]:/.test(path)) {
    throw invalid(`shard path "${path}" must be a plain file name (no folders, no "..")`, {
      shard: path,
    });
  }
}

function weightBytes(weight: tf.io.WeightsManifestEntry): number {
  if (typeof weight.name !== 'string' || weight.name === '') throw invalid('a weight has no name');
  if (!Array.isArray(weight.shape) || !weight.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw invalid(`weight "${weight.name}" has an invalid shape`);
  }
  const dtype = weight.quantization?.dtype ?? weight.dtype;
  const size = BYTES_PER_ELEMENT[dtype];
  if (size === undefined) throw invalid(`weight "${weight.name}" has unsupported dtype ${dtype}`);
  return weight.shape.reduce((a, b) => a * b, 1) * size;
}
