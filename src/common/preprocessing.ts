import { z } from 'zod';

/**
 * Everything that turns a decoded image into model input. It is stored with every trained model so
 * that evaluation, prediction and exported models see exactly what training saw.
 */

const rgbSchema = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);
export type Rgb = z.infer<typeof rgbSchema>;

export const RESIZE_POLICIES = ['stretch', 'center-crop', 'pad'] as const;
export type ResizePolicy = (typeof RESIZE_POLICIES)[number];

const rangeScalingSchema = z.object({
  mode: z.literal('range'),
  /** Value a 0 pixel maps to. */
  min: z.number(),
  /** Value a 255 pixel maps to. */
  max: z.number(),
});

const meanStdScalingSchema = z.object({
  mode: z.literal('mean-std'),
  /** Per-channel mean, in 0..255 pixel units, in the model's channel order. */
  mean: z.tuple([z.number(), z.number(), z.number()]),
  /** Per-channel divisor, in 0..255 pixel units, in the model's channel order. */
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
});

export const preprocessingSchema = z.object({
  version: z.literal(1),
  width: z.number().int().positive().max(4096),
  height: z.number().int().positive().max(4096),
  resize: z.enum(RESIZE_POLICIES),
  /** Fill colour for the bars `pad` adds. */
  padColor: rgbSchema,
  /** Transparent pixels are flattened onto this colour before anything else (`flatten` only). */
  alphaBackground: rgbSchema,
  /**
   * What transparent pixels become. `flatten` (new models, and models recorded without this
   * field): composited onto `alphaBackground`. `canvas` (models recorded with it keep it): what a
   * browser canvas hands to `tf.browser.fromPixels` and to Teachable Machine's library: resized
   * with premultiplied alpha, then alpha dropped, so fully transparent pixels are black and
   * partly transparent ones keep their colour.
   */
  transparency: z.enum(['flatten', 'canvas']).optional(),
  /** Caffe-style models (VGG16, ResNet50 from keras.applications) expect BGR. */
  channelOrder: z.enum(['rgb', 'bgr']),
  scaling: z.discriminatedUnion('mode', [rangeScalingSchema, meanStdScalingSchema]),
  /** Resampling kernel used when resizing (sharp's kernel names). */
  kernel: z.enum(['nearest', 'linear', 'cubic', 'lanczos3']),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

/**
 * What new models flatten transparent pixels onto: white, not the black a canvas gives. On the
 * emoji domain shift of `npm run bench:quality` (transparent drawings: train on one artist's,
 * test on another's) it beat black by 5 and 4 points and mid grey by 1.3 on one direction (a
 * 0.2-point loss on the other, within the seed spread): README, "The default recipe". Models
 * recorded before the canvas rule flattened onto white too.
 */
export const DEFAULT_ALPHA_BACKGROUND: Rgb = [255, 255, 255];

/** MobileNet (V1/V2) style: RGB scaled to [-1, 1]. */
export function mobilenetPreprocessing(size: number): Preprocessing {
  return {
    version: 1,
    width: size,
    height: size,
    resize: 'center-crop',
    padColor: [0, 0, 0],
    alphaBackground: [...DEFAULT_ALPHA_BACKGROUND],
    transparency: 'flatten',
    channelOrder: 'rgb',
    scaling: { mode: 'range', min: -1, max: 1 },
    kernel: 'linear',
  };
}

/** keras.applications "caffe" mode (VGG16, ResNet50): BGR with ImageNet means subtracted. */
export function caffePreprocessing(size: number): Preprocessing {
  return {
    ...mobilenetPreprocessing(size),
    channelOrder: 'bgr',
    scaling: { mode: 'mean-std', mean: [103.939, 116.779, 123.68], std: [1, 1, 1] },
  };
}

/**
 * Converts interleaved 8-bit RGB pixels (HWC) into the model's float input, applying channel order
 * and value scaling. `out` may be passed to fill a slice of a larger batch buffer.
 */
export function scalePixels(
  rgb: Uint8Array,
  preprocessing: Preprocessing,
  out: Float32Array = new Float32Array(rgb.length),
): Float32Array {
  if (rgb.length % 3 !== 0) throw new RangeError('RGB data length must be a multiple of 3');
  if (out.length < rgb.length) throw new RangeError('Output buffer is too small');
  const order = preprocessing.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const { scale, offset } = channelAffine(preprocessing);
  for (let i = 0; i < rgb.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      const source = rgb[i + (order[c] ?? c)] ?? 0;
      out[i + c] = source * (scale[c] ?? 1) + (offset[c] ?? 0);
    }
  }
  return out;
}

/** The scaling as a per-channel `value * scale + offset`, in the model's channel order. */
export function channelAffine(preprocessing: Preprocessing): {
  scale: number[];
  offset: number[];
} {
  const { scaling } = preprocessing;
  if (scaling.mode === 'range') {
    const scale = (scaling.max - scaling.min) / 255;
    return { scale: [scale, scale, scale], offset: [scaling.min, scaling.min, scaling.min] };
  }
  return {
    scale: scaling.std.map((s) => 1 / s),
    offset: scaling.mean.map((m, c) => -m / (scaling.std[c] ?? 1)),
  };
}
