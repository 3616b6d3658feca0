import { z } from 'zod';
import { preprocessingSchema } from './preprocessing.js';

/** manifest.json of a model pack: which catalog architecture the weights fill, and where they came from. */
export const packManifestSchema = z.object({
  format: z.literal('transfer-studio-model-pack'),
  version: z.literal(1),
  /** A catalog id, e.g. mobilenet_v2_0.35_224. */
  architecture: z.string().min(1),
  name: z.string().min(1),
  source: z.string().min(1),
  license: z.string().min(1),
  /** Defaults to the catalog entry's preprocessing. */
  preprocessing: preprocessingSchema.optional(),
  /** SHA-256 of the file the pack was made from (a Keras .h5), to check other copies against. */
  sourceSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type PackManifest = z.infer<typeof packManifestSchema>;

export const PACK_KINDS = ['pack', 'teachable-machine', 'tfjs-layers', 'keras-h5'] as const;
export type PackKind = (typeof PACK_KINDS)[number];
