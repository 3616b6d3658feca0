import { z } from 'zod';
import { projectSchema } from '../project.js';
import type { ChannelGroup } from './channelGroup.js';
import { datasetCheckSchema } from './schemas.js';

/** The project.*, samples.* and output.* channels: project files, hand-ins, sample data, output paths. */
export const PROJECT_CONTRACT = {
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
      /** Names the copy for its copy.progress events (the caller cancels with its signal). */
      copyId: z.string().min(1).max(100).optional(),
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
} as const satisfies ChannelGroup;
