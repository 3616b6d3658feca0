import { z } from 'zod';
import { phaseSecondsSchema } from './phaseSeconds.js';
import { preprocessingSchema } from './preprocessing.js';
import {
  epochMetricsSchema,
  fineTuningOutcomeSchema,
  refitOutcomeSchema,
  trainSettingsSchema,
} from './training.js';

/** metadata.json of a trained model folder: what the app needs to evaluate and predict with it. */
export const trainedModelMetadataSchema = z.object({
  format: z.literal('transfer-studio-model'),
  version: z.literal(1),
  /** `scratch`: no pretrained base (the comparison run); absent: transfer learning. */
  recipe: z.enum(['transfer', 'scratch']).optional(),
  classes: z.array(z.string()).min(2),
  preprocessing: preprocessingSchema,
  base: z.object({
    architecture: z.string().optional(),
    name: z.string(),
    source: z.string(),
    kind: z.string(),
  }),
  settings: trainSettingsSchema,
  history: z.array(epochMetricsSchema),
  bestEpoch: z.number().int().nonnegative(),
  /** Present when fine-tuning was asked: whether it was kept, and the epochs it ran. */
  fineTuning: fineTuningOutcomeSchema.optional(),
  /** Present when the saved head was refit on training + validation images (`settings.refit`). */
  refit: refitOutcomeSchema.optional(),
  /** Wall seconds of each training phase, every ensemble head included (absent in older models). */
  phaseSeconds: phaseSecondsSchema.optional(),
  /** Images per class used for training and validation. */
  counts: z
    .object({
      train: z.record(z.string(), z.number().int()),
      validation: z.record(z.string(), z.number().int()),
    })
    .optional(),
  validation: z
    .object({
      count: z.number().int(),
      accuracy: z.number(),
      confusion: z.array(z.array(z.number().int())).optional(),
      perClass: z
        .array(
          z.object({
            name: z.string(),
            precision: z.number(),
            recall: z.number(),
            f1: z.number(),
            support: z.number().int(),
          }),
        )
        .optional(),
    })
    .optional(),
  /** Where the validation images were, so an export can check itself on them. */
  validationImages: z.object({ dataset: z.string(), paths: z.array(z.string()) }).optional(),
  backend: z.string(),
  embeddingEngine: z.enum(['onnxruntime', 'tfjs']),
  timings: z.record(z.string(), z.number()),
  createdAt: z.string(),
  appVersion: z.string(),
});
export type TrainedModelMetadata = z.infer<typeof trainedModelMetadataSchema>;
