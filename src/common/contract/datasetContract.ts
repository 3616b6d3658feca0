import { z } from 'zod';
import { scanReportSchema } from '../dataset.js';
import type { ChannelGroup } from './channelGroup.js';

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

/** The dataset.* channels: scanning, uploads, thumbnails and edits of an open dataset. */
export const DATASET_CONTRACT = {
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
} as const satisfies ChannelGroup;
