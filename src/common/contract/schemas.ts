import { z } from 'zod';
import { backendReportSchema } from '../backend.js';
import { scanReportSchema } from '../dataset.js';
import { ERROR_CODES } from '../errors.js';
import { PACK_KINDS } from '../modelPack.js';
import { phaseSecondsSchema } from '../phaseSeconds.js';
import {
  epochMetricsSchema,
  fineTuningOutcomeSchema,
  refitOutcomeSchema,
  trainEventSchema,
  trainSettingsSchema,
} from '../training.js';

/** Response shapes the engine produces, declared once so both sides share their types. */
const classMetricsSchema = z.object({
  name: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int(),
});
const verdictSchema = z.object({
  index: z.number().int(),
  actual: z.number().int(),
  predicted: z.number().int(),
  loss: z.number(),
  probabilities: z.array(z.number()),
  path: z.string().optional(),
  /** Text models: the start of the text (its path is its file, or its table and line). */
  text: z.string().optional(),
});

export const evaluationSchema = z.object({
  classes: z.array(z.string()),
  count: z.number().int(),
  accuracy: z.number(),
  topK: z.object({ k: z.number().int(), accuracy: z.number() }),
  confusion: z.array(z.array(z.number().int())),
  perClass: z.array(classMetricsSchema),
  misclassified: z.array(verdictSchema),
  highestLoss: z.array(verdictSchema),
  correct: z.array(verdictSchema).optional(),
});

export const packListingSchema = z.object({
  path: z.string(),
  kind: z.enum(PACK_KINDS).optional(),
  name: z.string(),
  architecture: z.string().optional(),
  /** A plain TF.js model imported with a chosen feature layer. */
  featureLayer: z.string().optional(),
  problem: z.string().optional(),
});

export const catalogListingSchema = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  inputSize: z.number().int(),
  featureSize: z.number().int(),
  imagenetTop1: z.number(),
});

/** How a model was trained: a new head on a pretrained base, or a small network from scratch. */
export const recipeSchema = z.enum(['transfer', 'scratch']);

export const trainResultSchema = z.object({
  modelDir: z.string(),
  /** Absent: transfer (runs from before recipes were recorded). */
  recipe: recipeSchema.optional(),
  classes: z.array(z.string()),
  counts: z.object({ train: z.number().int(), validation: z.number().int() }),
  history: z.array(epochMetricsSchema),
  bestEpoch: z.number().int(),
  stopped: z.string().optional(),
  /** Present when fine-tuning was asked: whether it was kept, and the epochs it ran. */
  fineTuning: fineTuningOutcomeSchema.optional(),
  /** Present when the saved model was refit on training + validation images (what it trained on). */
  refit: refitOutcomeSchema.omit({ validationProbabilities: true }).optional(),
  /** Wall seconds of each training phase, every ensemble head included (absent: from scratch). */
  phaseSeconds: phaseSecondsSchema.optional(),
  validation: evaluationSchema.optional(),
  validationPaths: z.array(z.string()),
  backend: z.string(),
  embedding: z.object({
    engine: z.enum(['onnxruntime', 'tfjs']),
    device: z.string(),
    imagesPerSecond: z.number(),
    cached: z.number().int(),
  }),
  timings: z.record(z.string(), z.number()),
});

export const trainRequestSchema = z.object({
  dataset: z.string().min(1),
  base: z.string().min(1),
  /** The model folder; default: a new folder in the runs folder (~/.transfer-studio/runs). */
  out: z.string().min(1).optional(),
  settings: trainSettingsSchema,
});

export const parityResultSchema = z.object({
  agreement: z.number(),
  maxAbsDifference: z.number(),
  count: z.number().int(),
  inputs: z.enum(['validation images', 'random images', 'validation texts', 'sample texts']),
});

export const exportResultSchema = z.object({
  format: z.enum(['tfjs', 'onnx', 'keras']),
  path: z.string(),
  files: z.array(z.string()),
  parity: parityResultSchema,
  /** The model card (README.md) written beside the export. */
  modelCard: z.string().optional(),
});

export const predictionSchema = z.object({
  path: z.string(),
  prediction: z.string(),
  probabilities: z.array(z.object({ class: z.string(), probability: z.number() })),
});

/**
 * One file of a `model.predict` request: its prediction, or (with `prediction` empty and no
 * probabilities) the `error` that kept that one file from being classified while the others were.
 */
export const filePredictionSchema = predictionSchema.extend({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).optional(),
});

export const textPredictionSchema = z.object({
  prediction: z.string(),
  probabilities: z.array(z.object({ class: z.string(), probability: z.number() })),
});

/** A frozen text encoder, as the Model screen shows it (see TextEncoderSummary). */
export const textBaseSchema = z.object({
  id: z.string(),
  name: z.string(),
  totalParams: z.number().int().nonnegative(),
  input: z.string(),
  output: z.string(),
  vocabularySize: z.number().int().nonnegative(),
  maxTokens: z.number().int().positive(),
  frozenReason: z.string(),
  license: z.string(),
});

/** What a training job reports while it runs: the engine's events plus the job's own steps. */
export const jobEventSchema = z.union([
  trainEventSchema,
  z.object({ type: z.literal('scanned'), report: scanReportSchema }),
  z.object({ type: z.literal('backend'), report: backendReportSchema }),
  z.object({
    type: z.literal('base'),
    name: z.string(),
    architecture: z.string().optional(),
    engine: z.enum(['onnxruntime', 'tfjs']),
    device: z.string(),
    fallbackReason: z.string().optional(),
  }),
]);
export type JobEvent = z.infer<typeof jobEventSchema>;

/** What opening a project found on disk for one of its datasets (see checkProjectDatasets). */
export const datasetCheckSchema = z.object({
  path: z.string(),
  found: z.boolean(),
  /** `texts`: a text dataset, whose changes list its files; absent: images. */
  holds: z.enum(['images', 'texts']).optional(),
  /** A text dataset recorded without its files' hashes: there was nothing to compare. */
  notChecked: z.boolean().optional(),
  /** Why: saved by an older version, or the dataset was missing (unreadable) at every save. */
  whyNotChecked: z.enum(['older-version', 'missing-when-saved']).optional(),
  changes: z.object({
    unchanged: z.number().int(),
    moved: z.array(z.object({ from: z.string(), to: z.string() })),
    vanished: z.array(z.string()),
    changed: z.array(z.string()),
    added: z.array(z.string()),
  }),
});
