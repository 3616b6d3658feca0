import { z } from 'zod';
import { phaseSecondsSchema } from '../phaseSeconds.js';
import { epochMetricsSchema, refitOutcomeSchema } from '../training.js';
import type { ChannelGroup } from './channelGroup.js';
import { MAX_FRAME_BASE64 } from './datasetContract.js';
import {
  evaluationSchema,
  exportResultSchema,
  filePredictionSchema,
  predictionSchema,
  textPredictionSchema,
} from './schemas.js';

/** A refit, as model.info says it: the epochs and images, not the recorded probabilities. */
export const modelRefitSchema = refitOutcomeSchema.pick({ epochs: true, images: true });

/** The model.* channels: a trained model evaluated, asked, explained and exported. */
export const MODEL_CONTRACT = {
  'model.evaluate': {
    request: z.object({ modelDir: z.string().min(1), dataset: z.string().min(1) }),
    /** skippedClasses: the dataset's classes the model does not know (their images not counted). */
    response: evaluationSchema.extend({ skippedClasses: z.array(z.string()).optional() }),
  },
  /** A trained model run again on the validation images it recorded (an earlier session's run). */
  'model.evaluateValidation': {
    request: z.object({ modelDir: z.string().min(1) }),
    response: evaluationSchema,
  },
  /** What a trained model folder records: its classes, curves and validation accuracy. */
  'model.info': {
    request: z.object({ modelDir: z.string().min(1) }),
    response: z.object({
      classes: z.array(z.string()),
      history: z.array(epochMetricsSchema),
      validationAccuracy: z.number().optional(),
      base: z.string(),
      /** `scratch`: no pretrained base; absent: transfer learning. */
      recipe: z.enum(['transfer', 'scratch']).optional(),
      /** What the model classifies; absent: images. */
      modality: z.enum(['image', 'text']).optional(),
      /** The epoch whose weights the model kept (its validation accuracy is this epoch's). */
      bestEpoch: z.number().int().nonnegative(),
      createdAt: z.string(),
      /**
       * Present when the saved model was trained again on training + validation images after
       * validation chose its epochs: its validation scores are from before that refit.
       */
      refit: modelRefitSchema.optional(),
      /** Wall seconds of each training phase, every ensemble head included (absent: older models). */
      phaseSeconds: phaseSecondsSchema.optional(),
    }),
  },
  'model.predict': {
    request: z.object({
      modelDir: z.string().min(1),
      images: z.array(z.string().min(1)).min(1).max(1000),
    }),
    response: z.array(filePredictionSchema),
  },
  /**
   * One camera frame (a JPEG, base64) through a trained model, for live predictions: the model
   * stays loaded between frames, and nothing is written to disk.
   */
  'model.predictFrame': {
    request: z.object({
      modelDir: z.string().min(1),
      jpeg: z.string().min(1).max(MAX_FRAME_BASE64),
    }),
    response: predictionSchema.omit({ path: true }),
  },
  /** Texts through a trained text model: every class's probability, per text. */
  'model.predictText': {
    request: z.object({
      modelDir: z.string().min(1),
      texts: z.array(z.string().max(100_000)).min(1).max(100),
    }),
    response: z.array(textPredictionSchema),
  },
  /**
   * Where a text model looked: each of the text's first words (at most 64; `capped` says when
   * there were more) scored by how much the class's probability falls without it (occlusion).
   * `class` defaults to the predicted one; offsets are UTF-16 indexes into the text.
   */
  'model.explainText': {
    request: z.object({
      modelDir: z.string().min(1),
      text: z.string().min(1).max(100_000),
      class: z.string().min(1).optional(),
    }),
    response: z.object({
      class: z.string(),
      prediction: z.string(),
      probability: z.number(),
      words: z.array(
        z.object({
          text: z.string(),
          start: z.number().int().nonnegative(),
          end: z.number().int().nonnegative(),
          score: z.number(),
        }),
      ),
      totalWords: z.number().int().nonnegative(),
      capped: z.boolean(),
    }),
  },
  /**
   * Where the model looked (Grad-CAM): per image, a heatmap over the whole image (rows top to
   * bottom, values in [0, 1]) for the predicted class or `class`, and the image with it laid over.
   * Images are engine paths, or paths inside `dataset` (folder or zip) when it is given.
   */
  'model.explain': {
    request: z.object({
      modelDir: z.string().min(1),
      images: z.array(z.string().min(1)).min(1).max(50),
      dataset: z.string().min(1).optional(),
      class: z.string().min(1).optional(),
    }),
    response: z.array(
      z.object({
        path: z.string(),
        prediction: z.string(),
        probability: z.number(),
        class: z.string(),
        heatmap: z.array(z.array(z.number().min(0).max(1))),
        /** A PNG data: URL of the image with the heatmap over it. */
        overlay: z.string(),
      }),
    ),
  },
  'model.export': {
    request: z.object({
      modelDir: z.string().min(1),
      formats: z.array(z.enum(['tfjs', 'onnx', 'keras'])).min(1),
      out: z.string().min(1),
      overwrite: z.boolean().default(false),
    }),
    response: z.array(exportResultSchema),
  },
} as const satisfies ChannelGroup;
