import { z } from 'zod';
import { backendReportSchema } from '../backend.js';
import { scanReportSchema } from '../dataset.js';
import { AppError, type SerializedError } from '../errors.js';
import { CHANNEL_NAMES, type ChannelName } from './channels.js';
import { EVENTS } from './events.js';
import { modelSummarySchema } from '../models.js';
import { projectSchema } from '../project.js';
import { epochMetricsSchema, trainSettingsSchema } from '../training.js';
import {
  catalogListingSchema,
  datasetCheckSchema,
  evaluationSchema,
  exportResultSchema,
  packListingSchema,
  predictionSchema,
  textBaseSchema,
  textPredictionSchema,
  trainRequestSchema,
  trainResultSchema,
} from './schemas.js';

/** A camera frame's JPEG as base64: 4 MiB of text holds any sensible frame (a 4K JPEG). */
export const MAX_FRAME_BASE64 = 4 * 2 ** 20;
/** Frames in one dataset.addFrames message: a burst is sent in several. */
export const MAX_FRAMES_PER_MESSAGE = 20;
/**
 * Base64 text of all the frames in one dataset.addFrames message together (about 9 MiB of
 * JPEG). It stays well below browser mode's WebSocket limit (16 MiB, MAX_MESSAGE_BYTES in
 * src/node/hosts/web/webServer.ts), where an over-limit message would close the socket and cancel
 * everything on it; here such a message is refused with a plain error instead.
 */
export const MAX_FRAMES_BASE64_PER_MESSAGE = 12 * 2 ** 20;

/**
 * Every request between renderer, main and trainer, declared once: channel → request and response
 * schemas. Handlers are typed from it (a channel without a handler does not compile) and every
 * incoming payload is validated against it.
 */
export const CONTRACT = {
  'backend.report': { request: z.object({}), response: backendReportSchema },
  'dataset.scan': {
    request: z.object({
      path: z.string().min(1),
      minSide: z.number().int().positive().optional(),
      /** Names the scan for its scan.progress events (the caller cancels with its signal). */
      scanId: z.string().min(1).max(100).optional(),
      /** A text table's columns, when the automatic choice is not wanted (or COLUMNS_NEEDED). */
      textColumn: z.string().min(1).max(500).optional(),
      labelColumn: z.string().min(1).max(500).optional(),
    }),
    response: scanReportSchema,
  },
  'dataset.upload': {
    request: z.object({
      /** The dropped folder's name (shortened by the engine; long names get a clear error). */
      name: z.string().min(1).max(1000),
      files: z
        .array(
          z.object({
            path: z.string().min(1).max(1000),
            base64: z.string(),
            /**
             * Where these bytes go in the file: a large file comes in several chunks, each in its
             * own message, so no message is large. 0 (the default) starts the file anew; any
             * other offset must equal the bytes already written.
             */
            offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
          }),
        )
        .min(1)
        .max(2000),
      /** The folder an earlier batch of the same drop created (`folder` of its response). */
      into: z.string().min(1).optional(),
    }),
    response: z.object({
      /** What to scan: the folder, or the zip when the drop was one zip file. */
      path: z.string(),
      /** Where the files went: `into` for the next batch of the same drop. */
      folder: z.string(),
    }),
  },
  'dataset.thumbnails': {
    request: z.object({
      dataset: z.string().min(1),
      paths: z.array(z.string().min(1)).min(1).max(200),
      size: z.number().int().min(32).max(256).default(96),
    }),
    response: z.array(
      z.object({
        path: z.string(),
        dataUrl: z.string().optional(),
        problem: z.string().optional(),
      }),
    ),
  },
  'dataset.addFiles': {
    request: z.object({
      dataset: z.string().min(1),
      className: z.string().min(1),
      files: z.array(z.string().min(1)).min(1).max(10_000),
    }),
    response: z.object({
      added: z.array(z.string()),
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
    }),
  },
  /**
   * Camera frames (JPEG, encoded by the page) saved as new image files in a class folder of an
   * open dataset. A burst comes in several requests of a few frames each, so no message is large.
   */
  'dataset.addFrames': {
    request: z.object({
      dataset: z.string().min(1),
      className: z.string().min(1),
      frames: z
        .array(z.object({ base64: z.string().min(1).max(MAX_FRAME_BASE64) }))
        .min(1)
        .max(MAX_FRAMES_PER_MESSAGE)
        .refine(
          (frames) =>
            frames.reduce((total, frame) => total + frame.base64.length, 0) <=
            MAX_FRAMES_BASE64_PER_MESSAGE,
          {
            message: `The frames of one message may hold at most ${MAX_FRAMES_BASE64_PER_MESSAGE / 2 ** 20} MiB of base64 text together: send fewer frames at a time.`,
          },
        ),
    }),
    response: z.object({ added: z.array(z.string()) }),
  },
  'dataset.moveToClass': {
    request: z.object({
      dataset: z.string().min(1),
      path: z.string().min(1),
      toClass: z.string().min(1),
    }),
    response: z.object({ path: z.string() }),
  },
  'dataset.renameClass': {
    request: z.object({
      dataset: z.string().min(1),
      from: z.string().min(1),
      to: z.string().min(1),
    }),
    response: z.object({ renamed: z.number().int() }),
  },
  'dataset.removeFiles': {
    request: z.object({
      dataset: z.string().min(1),
      paths: z.array(z.string().min(1)).min(1).max(10_000),
    }),
    response: z.object({ trash: z.string() }),
  },
  'bases.list': {
    request: z.object({}),
    response: z.object({
      store: z.string(),
      packs: z.array(packListingSchema),
      catalog: z.array(catalogListingSchema),
      /** Frozen text encoders installed with the app, for text datasets. */
      textBases: z.array(textBaseSchema).optional(),
    }),
  },
  'bases.import': {
    request: z.object({
      path: z.string().min(1),
      /** For a plain TF.js model; without it such a model is refused with FEATURE_LAYER_NEEDED. */
      featureLayer: z.string().min(1).max(500).optional(),
    }),
    response: packListingSchema,
  },
  'bases.summary': {
    request: z.object({
      base: z.string().min(1),
      unfreezeFrom: z.union([z.number().int().nonnegative(), z.literal('top')]).optional(),
      /** Single layers switched on or off after unfreezeFrom. */
      overrides: z.record(z.string(), z.boolean()).optional(),
    }),
    response: modelSummarySchema,
  },
  /**
   * Trains a model: answered when the training ends (with its result, or its error; CANCELLED
   * when the caller's signal stopped it). Progress comes meanwhile as job.event events.
   */
  'training.start': {
    request: trainRequestSchema.extend({
      /** Names the job for its job.event events. Default: a new random name. */
      jobId: z.string().min(1).max(100).optional(),
    }),
    response: trainResultSchema,
  },
  /**
   * What transfer learning is compared with: a small network from random weights, on the split and
   * seed a transfer run with these settings uses, saved as a run (recipe "scratch"). Answered when
   * it ends, like training.start (CANCELLED when the caller's signal stopped it, no folder left);
   * progress comes meanwhile as job.event events.
   */
  'training.scratch': {
    request: z.object({
      dataset: z.string().min(1),
      settings: trainSettingsSchema,
      /** The model folder; default: a new folder in the runs folder. */
      out: z.string().min(1).optional(),
      /** Names the job for its job.event events. Default: a new random name. */
      jobId: z.string().min(1).max(100).optional(),
    }),
    response: trainResultSchema,
  },
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
    }),
  },
  'model.predict': {
    request: z.object({
      modelDir: z.string().min(1),
      images: z.array(z.string().min(1)).min(1).max(1000),
    }),
    response: z.array(predictionSchema),
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
  'project.open': {
    request: z.object({ folder: z.string().min(1) }),
    response: z.object({
      project: projectSchema,
      recoveredFromBackup: z.boolean(),
      /** The format version the file had when it was older (it is saved as the current one). */
      migratedFrom: z.number().int().optional(),
      datasets: z.array(datasetCheckSchema),
    }),
  },
  'project.save': {
    request: z.object({ folder: z.string().min(1), project: projectSchema }),
    response: z.object({ savedAt: z.string() }),
  },
  'project.create': {
    request: z.object({ name: z.string().min(1).max(200) }),
    response: z.object({ folder: z.string() }),
  },
  'project.recent': {
    request: z.object({}),
    response: z.object({ folder: z.string(), name: z.string(), updatedAt: z.string() }).nullable(),
  },
  'project.copyImages': {
    request: z.object({
      folder: z.string().min(1),
      dataset: z.string().min(1),
      name: z.string().min(1),
    }),
    response: z.object({ path: z.string() }),
  },
  'project.handIn': {
    request: z.object({
      modelDir: z.string().min(1),
      out: z.string().min(1),
      project: z.string().min(1).optional(),
      data: z.string().min(1).optional(),
      student: z.string().max(200).optional(),
      overwrite: z.boolean().default(false),
    }),
    response: z.object({ path: z.string(), bytes: z.number().int(), files: z.number().int() }),
  },
  /** What a pretrained network sees in images (its own ImageNet classes), before any training. */
  'bases.imagenet': {
    request: z.object({
      images: z.array(z.string().min(1)).min(1).max(100),
      top: z.number().int().min(1).max(10).default(3),
      /** When given, images are paths inside this dataset (folder or zip), as its scan lists them. */
      dataset: z.string().min(1).optional(),
    }),
    response: z.object({
      model: z.string(),
      results: z.array(
        z.object({
          path: z.string(),
          guesses: z.array(z.object({ label: z.string(), probability: z.number() })),
        }),
      ),
    }),
  },
  /** The datasets that ship with the app ("Try it with sample images"), as the user's own copies. */
  'samples.list': {
    request: z.object({}),
    response: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        path: z.string(),
        imageCount: z.number().int(),
      }),
    ),
  },
  /** A new, free folder (export) or zip (hand-in) under the app's exports folder. */
  'output.suggestPath': {
    request: z.object({
      kind: z.enum(['export', 'handIn']),
      /** Named after this (the project's name), made safe for a file name. */
      name: z.string().max(200).optional(),
    }),
    response: z.object({ path: z.string() }),
  },
  /**
   * One chunk of an export (zipped) or hand-in this engine wrote, for a browser-mode download: a
   * web page cannot open files on disk. Any other path is refused.
   */
  'output.download': {
    request: z.object({
      path: z.string().min(1),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    }),
    response: z.object({ name: z.string(), size: z.number().int(), base64: z.string() }),
  },
  'shell.pickDataset': {
    request: z.object({ kind: z.enum(['folder', 'zip']) }),
    response: z.object({ path: z.string().nullable() }),
  },
  'shell.pickFolder': {
    request: z.object({ purpose: z.enum(['export', 'project', 'pack']) }),
    response: z.object({ path: z.string().nullable() }),
  },
  'shell.showInFolder': {
    request: z.object({ path: z.string().min(1) }),
    response: z.object({ shown: z.boolean() }),
  },
  /**
   * The user asked for the camera: the desktop app then lets this page's next video request
   * through (`armed`); browser mode leaves the question to the browser.
   */
  'shell.requestCamera': {
    request: z.object({}),
    response: z.object({ armed: z.boolean() }),
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
} as const satisfies Record<ChannelName, { request: z.ZodType; response: z.ZodType }>;

export { EVENTS };

export type Channel = keyof typeof CONTRACT;
/** Channels the desktop shell answers itself (native dialogs); the trainer answers the rest. */
export type ShellChannel = Extract<Channel, `shell.${string}`>;
export type EngineChannel = Exclude<Channel, ShellChannel>;
export type RequestOf<C extends Channel> = z.input<(typeof CONTRACT)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CONTRACT)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof CONTRACT)[C]['response']>;
export type EventName = keyof typeof EVENTS;
export type EventOf<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** What a handler knows of its request besides the payload. */
export interface RequestContext {
  /** Aborted when the caller cancels (or goes away): the handler stops and rejects CANCELLED. */
  signal: AbortSignal;
}

/**
 * One handler per channel: leaving one out is a type error. The transports always pass a
 * context; a direct call (a test, a host wiring handlers together) may leave it out.
 */
export type ContractHandlers = {
  [C in Channel]: (request: ParsedRequestOf<C>, context?: RequestContext) => Promise<ResponseOf<C>>;
};
export type EngineHandlers = Pick<ContractHandlers, EngineChannel>;
export type ShellHandlers = Pick<ContractHandlers, ShellChannel>;

export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;
export const SHELL_CHANNELS = CHANNELS.filter((c): c is ShellChannel => c.startsWith('shell.'));
export const ENGINE_CHANNELS = CHANNELS.filter((c): c is EngineChannel => !c.startsWith('shell.'));

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(CONTRACT, value);
}

/** Validates an incoming request; a bad payload is an INVALID_ARGUMENT error naming the fields. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): ParsedRequestOf<C> {
  const parsed = CONTRACT[channel].request.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(payload)'}: ${i.message}`,
    );
    throw new AppError('INVALID_ARGUMENT', `Invalid ${channel} request: ${problems.join('; ')}`, {
      problems,
    });
  }
  return parsed.data as ParsedRequestOf<C>;
}

export type { SerializedError };
