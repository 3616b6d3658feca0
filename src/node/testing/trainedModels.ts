import { join } from 'node:path';
import * as tf from '../../engine/tf.js';
import { mobilenetPreprocessing } from '../../common/preprocessing.js';
import type { TrainedModelMetadata } from '../../common/trainedModel.js';
import { DEFAULT_TRAIN_SETTINGS, HEAD_PRESETS } from '../../common/training.js';
import { calibrateBatchNorm, seedWeights } from '../../engine/testing/calibrateBatchNorm.js';
import { applyHead } from '../../engine/training/head.js';
import { writeLayersModel } from '../services/models/writeLayersModel.js';

export interface TestTrainedModelOptions {
  /** Input side in pixels; the base must have been built for it. */
  size: number;
  classes: string[];
}

/** Metadata as `train` writes it, for a model with no validation images on disk. */
export function testTrainedModelMetadata(options: TestTrainedModelOptions): TrainedModelMetadata {
  return {
    format: 'transfer-studio-model',
    version: 1,
    classes: options.classes,
    preprocessing: mobilenetPreprocessing(options.size),
    base: { name: 'test base', source: 'test', kind: 'pack' },
    settings: DEFAULT_TRAIN_SETTINGS,
    history: [],
    bestEpoch: 0,
    backend: 'wasm',
    embeddingEngine: 'onnxruntime',
    timings: {},
    createdAt: new Date().toISOString(),
    appVersion: '0.0.0',
  };
}

/**
 * A trained-model folder as `train` writes it: a base with seeded weights and calibrated
 * BatchNorm statistics (so activations stay in a realistic range), the default head on top.
 */
export async function writeTestTrainedModel(
  dir: string,
  name: string,
  buildBase: () => tf.LayersModel,
  options: TestTrainedModelOptions,
): Promise<string> {
  const base = buildBase();
  seedWeights(base, 13);
  const calibration = tf.randomUniform([4, options.size, options.size, 3], -1, 1, 'float32', 2);
  calibrateBatchNorm(base, calibration);
  calibration.dispose();
  const output = applyHead(
    base.outputs[0] as tf.SymbolicTensor,
    HEAD_PRESETS.default,
    options.classes.length,
    5,
  );
  const classifier = tf.model({ inputs: base.inputs, outputs: output });
  const path = join(dir, name);
  await writeLayersModel(classifier, path, {
    extraFiles: { 'metadata.json': JSON.stringify(testTrainedModelMetadata(options)) },
  });
  classifier.dispose();
  return path;
}
