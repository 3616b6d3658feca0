import { z } from 'zod';

/** The new classifier that sits on the frozen base. */
export const headConfigSchema = z.object({
  /** `average`: global average pooling of the base's feature map; `flatten`: keep every position. */
  pooling: z.enum(['average', 'flatten']),
  /** Hidden Dense layers (ReLU) before the softmax, e.g. [256]. */
  hidden: z.array(z.number().int().positive().max(8192)).max(4),
  /** Dropout rate before each Dense layer. */
  dropout: z.number().min(0).max(0.9),
  /**
   * Train on standardised features (mean 0, deviation 1 per feature over the training images);
   * the scaling is folded into the first Dense layer, so the saved model takes raw features.
   */
  standardize: z.boolean().optional(),
  /**
   * Heads trained from different seeds and averaged (their logits), folded into one head whose
   * hidden layers are this many times wider, so the saved model is an ordinary Dense stack.
   * Absent: 1.
   */
  members: z.number().int().min(1).max(8).optional(),
  /** L2 weight decay on the head's Dense kernels while it trains (λ·Σw² added to the loss). */
  weightDecay: z.number().min(0).max(0.1).optional(),
  /** Dropout rate on the input features alone (the first Dense layer's input). Absent: `dropout`. */
  inputDropout: z.number().min(0).max(0.9).optional(),
});
export type HeadConfig = z.infer<typeof headConfigSchema>;

export const HEAD_PRESETS = {
  /**
   * Pooled features, one hidden layer of 100 ReLU units, a little dropout, the softmax: on the
   * quality benchmark (`npm run bench:quality`) it beat a linear head under domain shift. Three
   * such heads from different seeds, averaged (saved as one head with 300 hidden units): one head's
   * accuracy swings by up to 4 points with the seed under domain shift, their average far less.
   */
  default: { pooling: 'average', hidden: [100], dropout: 0.2, members: 3 },
  /** Keras' transfer-learning guide (the default before issue #15): pooled features, dropout, the softmax. */
  linear: { pooling: 'average', hidden: [], dropout: 0.2 },
  /** The classic recipe: Flatten → Dense 256 ReLU → Dense N softmax. */
  classic: { pooling: 'flatten', hidden: [256], dropout: 0 },
  /** A middle ground: pooled features and one hidden layer. */
  hidden128: { pooling: 'average', hidden: [128], dropout: 0.3 },
} as const satisfies Record<string, HeadConfig>;
export type HeadPreset = keyof typeof HEAD_PRESETS;

/**
 * Augmented views: each training image also goes through the base as `views` altered copies, made
 * once and cached like the originals, so phase 1 stays fast. Strengths are maxima; each view draws
 * its own values from the image's hash and the view number, so the same image always gets the same views.
 */
export const augmentationSchema = z.object({
  views: z.number().int().min(0).max(16),
  flip: z.boolean(),
  /** Largest rotation, degrees. */
  rotation: z.number().min(0).max(45),
  /** Largest zoom into the image (0.2: crop up to 20% away). */
  zoom: z.number().min(0).max(0.5),
  /** Largest brightness change (0.2: ±20%). */
  brightness: z.number().min(0).max(0.5),
  /** Largest contrast change (0.2: ±20%). */
  contrast: z.number().min(0).max(0.5),
  /**
   * Images with transparent pixels also go through the base composited onto other backgrounds
   * (black, white, grey and a colour drawn per image, less the one the model's own decoding
   * gives), cached like views, so the head learns the drawing rather than one background. Opaque
   * images get no extra view.
   */
  backgrounds: z.boolean().optional(),
  /**
   * Every training image also goes through the base mirrored left to right, cached like views,
   * and the head trains on both rows (validation keeps the originals; a refit adds the mirrors of
   * the validation images too). Off by default: +0.2–0.5 points on the emoji shift, −0.2 on
   * Fashion-MNIST, within the seed spread (README, `scripts/quality/featureVariants.js`).
   */
  mirror: z.boolean().optional(),
});
export type Augmentation = z.infer<typeof augmentationSchema>;

export const phaseSettingsSchema = z.object({
  epochs: z.number().int().min(0).max(1000),
  learningRate: z.number().positive().max(10),
  optimizer: z.enum(['adam', 'sgd-momentum']),
  batchSize: z.number().int().positive().max(4096),
});
export type PhaseSettings = z.infer<typeof phaseSettingsSchema>;

export const trainSettingsSchema = z.object({
  head: headConfigSchema,
  augmentation: augmentationSchema,
  phase1: phaseSettingsSchema,
  /** Fine-tuning; 0 epochs skips it. Its learning rate should be 10–100× below phase 1's. */
  phase2: phaseSettingsSchema,
  /** Fine-tuning trains this block and everything above it ("top": only the layers after the last block). */
  unfreezeFrom: z.union([z.number().int().nonnegative(), z.literal('top')]),
  /** Single layers switched on or off after unfreezeFrom (layer name → trains in fine-tuning). */
  layerOverrides: z.record(z.string(), z.boolean()).default({}),
  /** `inference`: BatchNorm keeps its moving statistics while fine-tuning (Keras' advice). */
  batchNorm: z.enum(['inference', 'train']),
  /** Stop when validation loss has not improved for this many epochs, and keep the best weights; 0 turns it off. */
  earlyStoppingPatience: z.number().int().min(0),
  /** Halve the learning rate when validation loss has not improved for this many epochs; 0 turns it off. */
  reduceLearningRatePatience: z.number().int().min(0),
  /** Training targets put this much probability on the other classes (0: plain one-hot). */
  labelSmoothing: z.number().min(0).max(0.5).optional(),
  /**
   * Mixup's α for the head (phase 1): each training row is blended with another row of its batch,
   * features and targets, by a share drawn from Beta(α, α); 0 or absent: off.
   */
  mixup: z.number().min(0).max(1).optional(),
  /** `balanced`: weigh each class by n / (classes · its count), as sklearn does. */
  classWeights: z.enum(['none', 'balanced']),
  validationSplit: z.number().min(0).max(0.9),
  /**
   * After validation chose the epoch count (early stopping), train the head again from scratch on
   * training and validation images together for that many epochs, and save that model; the
   * validation metrics reported stay those of the model validation chose. Without fine-tuning only.
   */
  refit: z.boolean().optional(),
  seed: z.number().int().nonnegative(),
});
export type TrainSettings = z.infer<typeof trainSettingsSchema>;

/**
 * The recipe a student gets without touching anything, chosen on `npm run bench:quality` (README):
 * an ensemble of three Dense(100) heads with label smoothing 0.1 (which keeps the validation loss from rising on
 * over-confidence, so early stopping does not stop after a handful of epochs), up to 60 epochs with
 * patience 10, then a refit on training and validation images for the epochs validation chose.
 */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  head: HEAD_PRESETS.default,
  augmentation: { views: 0, flip: true, rotation: 10, zoom: 0.1, brightness: 0.15, contrast: 0.15 },
  phase1: { epochs: 60, learningRate: 1e-3, optimizer: 'adam', batchSize: 32 },
  phase2: { epochs: 0, learningRate: 1e-4, optimizer: 'adam', batchSize: 32 },
  unfreezeFrom: 'top',
  layerOverrides: {},
  batchNorm: 'inference',
  earlyStoppingPatience: 10,
  reduceLearningRatePatience: 3,
  labelSmoothing: 0.1,
  classWeights: 'balanced',
  validationSplit: 0.2,
  refit: true,
  seed: 42,
};

/** What phase 2 did, for the run record and the UI: was fine-tuning kept, and how long did it run. */
export const fineTuningOutcomeSchema = z.object({
  epochsAsked: z.number().int().nonnegative(),
  epochsRun: z.number().int().nonnegative(),
  /** Early stopping ended it before the epochs asked. */
  stoppedEarly: z.boolean(),
  /** false: no fine-tuning epoch beat phase 1's validation loss, so phase 1's model is kept. */
  improved: z.boolean(),
  /** In words, as the run record and the UI say it. */
  message: z.string(),
});
export type FineTuningOutcome = z.infer<typeof fineTuningOutcomeSchema>;

/**
 * A refit's record: the saved head trained on all `images` (training and validation) for
 * `epochs` epochs. The saved model has seen its validation images, so they are not held out for
 * it any more: what the app reports on them is the validation-phase model's scores, recorded here.
 */
export const refitOutcomeSchema = z.object({
  epochs: z.number().int().positive(),
  /** Images trained on: the training and the validation images. */
  images: z.number().int().positive(),
  /** Which images the saved model trained on, in words (the run record says it plainly). */
  trainedOn: z.literal('training and validation images').optional(),
  /**
   * The validation-phase model's class probabilities for each validation image (row by row, in
   * `validationImages.paths` order): what Evaluate shows for them, since the saved model trained on them.
   */
  validationProbabilities: z.array(z.number().min(0).max(1)).optional(),
  message: z.string(),
});
export type RefitOutcome = z.infer<typeof refitOutcomeSchema>;

export const epochMetricsSchema = z.object({
  /** 1: head on the frozen base; 2: fine-tuning unfrozen blocks. Epochs number on across phases. */
  phase: z.union([z.literal(1), z.literal(2)]),
  epoch: z.number().int().positive(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number().optional(),
  valAccuracy: z.number().optional(),
  /** The learning rate the epoch trained with. */
  learningRate: z.number().positive(),
  seconds: z.number().nonnegative(),
});
export type EpochMetrics = z.infer<typeof epochMetricsSchema>;

export const trainEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('embedding'),
    /** "original": features for the head; "aug:…": an augmented view; "cut:<layer>": activations at the freeze line. */
    view: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    cached: z.number().int(),
    imagesPerSecond: z.number(),
  }),
  z.object({
    type: z.literal('batch'),
    phase: z.union([z.literal(1), z.literal(2)]),
    epoch: z.number().int(),
    batch: z.number().int(),
    batches: z.number().int(),
    loss: z.number(),
    accuracy: z.number(),
  }),
  z.object({ type: z.literal('epoch'), metrics: epochMetricsSchema, etaSeconds: z.number() }),
  z.object({
    type: z.literal('stopped'),
    reason: z.enum(['early-stopping', 'cancelled', 'not-finite']),
    epoch: z.number().int(),
    message: z.string(),
  }),
  z.object({
    /** A refit epoch (training + validation images, so no validation metrics): k of n. */
    type: z.literal('refit'),
    epoch: z.number().int().positive(),
    epochs: z.number().int().positive(),
    loss: z.number(),
    accuracy: z.number(),
    etaSeconds: z.number().nonnegative(),
    /** Ensemble heads refit one after another, this event's the first's; absent: one head. */
    members: z.number().int().positive().optional(),
  }),
  z.object({
    /**
     * Ensemble head k of n (k ≥ 2; the first reports ordinary epochs) training after the first:
     * epoch 0 as it starts, then each epoch it finishes, of at most `epochs`; `refit` in a refit.
     */
    type: z.literal('member'),
    member: z.number().int().min(2),
    members: z.number().int().min(2),
    epoch: z.number().int().nonnegative(),
    epochs: z.number().int().positive(),
    loss: z.number().optional(),
    accuracy: z.number().optional(),
    refit: z.boolean().optional(),
    etaSeconds: z.number().nonnegative(),
  }),
]);
export type TrainEvent = z.infer<typeof trainEventSchema>;
