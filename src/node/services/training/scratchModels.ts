import type * as tf from '../../../engine/tf.js';
import type { ImportedImage, ScanReport } from '../../../common/dataset.js';
import { AppError } from '../../../common/errors.js';
import { mobilenetPreprocessing, type Preprocessing } from '../../../common/preprocessing.js';
import type { PhaseSettings } from '../../../common/training.js';
import { buildSmallCnn } from '../../../engine/smallCnn.js';
import { decodeImagesForModel } from '../../adapters/image/decodeBatch.js';
import type { DatasetSource } from '../dataset/source.js';

/**
 * A model with no pretrained knowledge, for one kind of dataset. The scratch recipe scans, splits,
 * trains, evaluates and saves; this says what the model is and how examples become its input.
 * Images get the small CNN; a text dataset gets its own (a bag-of-words classifier) here, whose
 * `prepare` builds the vocabulary from the training examples.
 */
export interface ScratchModelKind {
  /** Phase settings that suit this model when the caller gives none (it learns from nothing). */
  phase: PhaseSettings;
  /** Looks at the training examples once (a text model would build its vocabulary here). */
  prepare(source: DatasetSource, train: readonly ImportedImage[]): Promise<PreparedScratchModel>;
}

export interface PreparedScratchModel {
  /** In words, for progress events and the Runs table. */
  description: string;
  /** The decode record saved with the model, so evaluate, predict and export read inputs alike. */
  preprocessing: Preprocessing;
  /** The shape of one example's input. */
  inputShape: number[];
  /** Model-ready inputs for these examples, row after row; stops between chunks when aborted. */
  inputs(examples: readonly ImportedImage[], signal?: AbortSignal): Promise<Float32Array>;
  build(classCount: number, seed: number): tf.LayersModel;
}

const CNN_INPUT_SIZE = 32;
/** Images decoded between two looks at the cancel signal. */
const DECODE_CHUNK = 64;

/**
 * 32×32, stretched: at that size the small CNN learns shapes and clothing in seconds on a CPU, and
 * stretching keeps the whole object in view where a center crop could cut it.
 */
export const SCRATCH_CNN_PREPROCESSING: Preprocessing = {
  ...mobilenetPreprocessing(CNN_INPUT_SIZE),
  resize: 'stretch',
};

const smallCnnKind: ScratchModelKind = {
  phase: { epochs: 30, learningRate: 0.003, optimizer: 'adam', batchSize: 16 },
  prepare: async (source) => ({
    description: 'small CNN from scratch',
    preprocessing: SCRATCH_CNN_PREPROCESSING,
    inputShape: [CNN_INPUT_SIZE, CNN_INPUT_SIZE, 3],
    inputs: (examples, signal) => decodeInChunks(source, examples, signal),
    build: (classCount, seed) => buildSmallCnn({ inputSize: CNN_INPUT_SIZE, classCount, seed }),
  }),
};

/**
 * The from-scratch model for a scanned dataset. Text datasets branch here to their own kind (a
 * bag-of-words classifier whose `prepare` builds the vocabulary from the training texts); the
 * recipe around it stays as it is.
 */
export function scratchModelFor(report: ScanReport): ScratchModelKind {
  if (report.images.length === 0)
    throw new AppError('NOT_A_DATASET', 'A model from scratch needs a dataset with images');
  return smallCnnKind;
}

async function decodeInChunks(
  source: DatasetSource,
  examples: readonly ImportedImage[],
  signal: AbortSignal | undefined,
): Promise<Float32Array> {
  const { width, height } = SCRATCH_CNN_PREPROCESSING;
  const rowLength = width * height * 3;
  const all = new Float32Array(examples.length * rowLength);
  for (let start = 0; start < examples.length; start += DECODE_CHUNK) {
    if (signal?.aborted) throw scratchCancelled();
    const chunk = examples.slice(start, start + DECODE_CHUNK);
    const decoded = await decodeImagesForModel(
      chunk.map((image) => () => source.read(image.path)),
      SCRATCH_CNN_PREPROCESSING,
    );
    all.set(decoded, start * rowLength);
  }
  return all;
}

export function scratchCancelled(): AppError {
  return new AppError('CANCELLED', 'Training from scratch was cancelled; no model was written');
}
