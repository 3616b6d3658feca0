import { z } from 'zod';
import { trainSettingsSchema } from '../training.js';
import type { ChannelGroup } from './channelGroup.js';
import { trainRequestSchema, trainResultSchema } from './schemas.js';

/** The training.* channels: transfer training and the from-scratch comparison. */
export const TRAINING_CONTRACT = {
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
} as const satisfies ChannelGroup;
