import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import {
  trainedModelMetadataSchema,
  type TrainedModelMetadata,
} from '../../../common/trainedModel.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { loadFullLayersModel } from '../models/loadPack.js';

export interface TrainedModel {
  model: tf.LayersModel;
  metadata: TrainedModelMetadata;
}

/**
 * A model folder written by `train`: the TF.js classifier and its metadata.json. A request
 * cancelled while the weights load gets CANCELLED and leaves no model in memory.
 */
export async function loadTrainedModel(dir: string, signal?: AbortSignal): Promise<TrainedModel> {
  throwIfAborted(signal);
  const metadata = await readTrainedModelMetadata(dir);
  const model = await loadFullLayersModel(dir);
  if (signal?.aborted) {
    model.dispose();
    throwIfAborted(signal);
  }
  return { model, metadata };
}

/** metadata.json of a trained model folder, validated. */
export async function readTrainedModelMetadata(dir: string): Promise<TrainedModelMetadata> {
  let raw: string;
  try {
    raw = await readFile(join(dir, 'metadata.json'), 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `${dir} is not a trained model folder (no metadata.json)`);
  }
  const parsed = trainedModelMetadataSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${dir}/metadata.json is not valid: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return parsed.data;
}
