import { z } from 'zod';

/** What the app says about a base model and its layers; crosses IPC and prints in the CLI. */
export const MODEL_FAMILIES = [
  'mobilenet_v1',
  'mobilenet_v2',
  'vgg16',
  'resnet50',
  'custom',
] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export const blockInfoSchema = z.object({
  /** Stable id: 'stem', 'block_3', 'top'. */
  id: z.string(),
  /** Student-facing label: "Stem", "Block 3", "Top". */
  label: z.string(),
  /** Block number as keras.applications names it (MobileNetV2 0..16, ResNet50 stages 2..5); absent for stem/top. */
  number: z.number().int().optional(),
  layers: z.array(z.string()),
  params: z.number().int().nonnegative(),
});
export type BlockInfo = z.infer<typeof blockInfoSchema>;

const shapeSchema = z.array(z.number().int().nullable());

export const layerRowSchema = z.object({
  name: z.string(),
  className: z.string(),
  outputShape: z.union([shapeSchema, z.array(shapeSchema)]),
  params: z.number().int().nonnegative(),
  trainableParams: z.number().int().nonnegative(),
  trainable: z.boolean(),
  /** BatchNormalization only: true when it normalises with its moving statistics during training. */
  inferenceMode: z.boolean().optional(),
  block: z.string(),
});
export type LayerRow = z.infer<typeof layerRowSchema>;

export const modelSummarySchema = z.object({
  name: z.string(),
  family: z.enum(MODEL_FAMILIES),
  rows: z.array(layerRowSchema),
  blocks: z.array(blockInfoSchema),
  totalParams: z.number().int().nonnegative(),
  trainableParams: z.number().int().nonnegative(),
  nonTrainableParams: z.number().int().nonnegative(),
  /** Multiply-accumulates for one image through the convolutions and dense layers. */
  multiplyAdds: z.number().nonnegative(),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

/**
 * Which layers train. Keras' advice is the default: freeze the base, then unfreeze the top blocks
 * for fine-tuning, with BatchNormalization kept in inference mode.
 */
export const freezePlanSchema = z.object({
  unfreeze: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('all') }),
    /** This block and everything above it train. */
    z.object({
      kind: z.literal('from-block'),
      block: z.union([z.number().int(), z.literal('top')]),
    }),
    /** This layer and everything after it train. */
    z.object({ kind: z.literal('from-layer'), layer: z.string() }),
  ]),
  /** Per-layer switches applied after `unfreeze`: layer name → trainable. */
  overrides: z.record(z.string(), z.boolean()).default({}),
  /** `inference`: BatchNorm always uses its moving statistics (Keras' fine-tuning advice). */
  batchNorm: z.enum(['inference', 'train']).default('inference'),
});
export type FreezePlan = z.infer<typeof freezePlanSchema>;

export const FREEZE_ALL: FreezePlan = {
  unfreeze: { kind: 'none' },
  overrides: {},
  batchNorm: 'inference',
};
