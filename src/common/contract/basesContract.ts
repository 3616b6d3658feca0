import { z } from 'zod';
import { modelSummarySchema } from '../models.js';
import type { ChannelGroup } from './channelGroup.js';
import { catalogListingSchema, packListingSchema, textBaseSchema } from './schemas.js';

/** The bases.* channels: pretrained base packs, their summaries and what they see. */
export const BASES_CONTRACT = {
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
} as const satisfies ChannelGroup;
