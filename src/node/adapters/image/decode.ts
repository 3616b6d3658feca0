import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../../common/errors.js';
import { detectImageFormat } from '../../../common/imageFormat.js';
import type { Preprocessing, Rgb } from '../../../common/preprocessing.js';
import { decodeBmp, readBmpHeader } from './bmp.js';

/** Decoded pixels: interleaved 8-bit sRGB, three channels, row-major (HWC). */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface DecodeOptions {
  /**
   * Images with more pixels than this are refused from their header, before any decoding, so a
   * decompression bomb costs milliseconds. Default 100 megapixels.
   */
  maxPixels?: number;
  /** Colour transparent pixels are flattened onto. Default white. */
  background?: Rgb;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;

export interface ImageHeader {
  format: string;
  /** Width and height after EXIF orientation is applied. */
  width: number;
  height: number;
}

/** Reads dimensions from the header only; refuses images over the pixel limit. */
export async function readImageHeader(
  input: Uint8Array,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<ImageHeader> {
  const { format, width, height } = await headerFacts(input);
  if (width * height > maxPixels) {
    throw new AppError(
      'IMAGE_DECODE_FAILED',
      `image is ${width}×${height} pixels, over the limit of ${maxPixels} pixels`,
      { reason: 'too-many-pixels', width, height },
    );
  }
  return { format, width, height };
}

async function headerFacts(input: Uint8Array): Promise<ImageHeader> {
  if (detectImageFormat(input) === 'bmp') return { format: 'bmp', ...readBmpHeader(input) };
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeError(error);
  }
  const { width, height } = metadata.autoOrient;
  if (!width || !height) throw corrupt('image has no dimensions');
  return { format: metadata.format, width, height };
}

/** Decodes a whole image (first frame of an animation) to sRGB, orientation applied. */
export async function decodeImage(
  input: Uint8Array,
  options: DecodeOptions = {},
): Promise<RgbImage> {
  await readImageHeader(input, options.maxPixels);
  return toRgb(pipeline(input, options));
}

/**
 * Decodes and resizes to the model's input size with the recorded policy, so every later step
 * (training, evaluation, export checks) sees the same pixels.
 */
export async function decodeForModel(
  input: Uint8Array,
  preprocessing: Preprocessing,
  options: ModelDecodeOptions = {},
): Promise<RgbImage> {
  const likeCanvas =
    preprocessing.transparency === 'canvas' &&
    !(options.opaqueShortcut !== false && cannotHoldAlpha(input));
  const source = likeCanvas
    ? open(input, options.maxPixels ?? DEFAULT_MAX_PIXELS)
        .toColourspace('srgb')
        .ensureAlpha()
    : pipeline(input, { ...options, background: preprocessing.alphaBackground });
  const resized = source.resize(preprocessing.width, preprocessing.height, {
    fit: FIT_BY_POLICY[preprocessing.resize],
    position: 'centre',
    background: {
      r: preprocessing.padColor[0],
      g: preprocessing.padColor[1],
      b: preprocessing.padColor[2],
      alpha: 1,
    },
    kernel: preprocessing.kernel,
  });
  return likeCanvas ? toRgbLikeCanvas(resized) : toRgb(resized);
}

export interface ModelDecodeOptions extends Pick<DecodeOptions, 'maxPixels'> {
  /**
   * JPEGs cannot hold alpha, so by default they skip the alpha channel, the premultiplied resize
   * and the canvas read-back: with alpha 255 everywhere those change no pixel (tested) and cost
   * 9–25% of a photo's decoding CPU (`npm run bench:pipeline`). `false` sends them through those
   * steps anyway, so tests and benchmarks can compare the two.
   */
  opaqueShortcut?: boolean;
}

function cannotHoldAlpha(input: Uint8Array): boolean {
  return detectImageFormat(input) === 'jpeg';
}

/**
 * What `tf.browser.fromPixels` reads from a canvas the image was drawn on: the browser keeps
 * pixels premultiplied (sharp resizes premultiplied too), so a fully transparent pixel has lost
 * its colour and reads as black, while a partly transparent one reads back un-premultiplied, its
 * own colour; then the alpha channel is simply dropped. Measured in Chromium on a sticker with a
 * 40%-opaque band, at 224×224: 0.48 mean absolute difference per channel (0–255) from the
 * browser's pixels, against 7.1 for flattening onto black and 137 for flattening onto white
 * (e2e/exportClients.spec.ts measures it on every run).
 */
async function toRgbLikeCanvas(image: Sharp): Promise<RgbImage> {
  try {
    const { data, info } = await image
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw corrupt(`decoded to ${info.channels} channels, expected 4`);
    const pixels = info.width * info.height;
    const rgb = new Uint8Array(pixels * 3);
    for (let p = 0; p < pixels; p++) {
      const alpha = data[p * 4 + 3] ?? 0;
      if (alpha === 0) continue;
      for (let c = 0; c < 3; c++)
        rgb[p * 3 + c] = throughPremultiplied(data[p * 4 + c] ?? 0, alpha);
    }
    return { data: rgb, width: info.width, height: info.height };
  } catch (error) {
    throw decodeError(error);
  }
}

/** Decodes to a small size only to prove the file decodes to the end (truncation is an error). */
export async function verifyDecodes(input: Uint8Array, options: DecodeOptions = {}): Promise<void> {
  await toRgb(pipeline(input, options).resize(64, 64, { fit: 'inside' }));
}

const FIT_BY_POLICY = { stretch: 'fill', 'center-crop': 'cover', pad: 'contain' } as const;

function pipeline(input: Uint8Array, options: DecodeOptions): Sharp {
  const [r, g, b] = options.background ?? [255, 255, 255];
  return open(input, options.maxPixels ?? DEFAULT_MAX_PIXELS)
    .flatten({ background: { r, g, b } })
    .toColourspace('srgb');
}

/**
 * sharp refuses images over `limitInputPixels` from their header, before decoding any pixel. Its
 * constructor throws at once on some inputs (an empty buffer), so it is mapped here too: callers
 * chain on the result outside their own try.
 */
function open(input: Uint8Array, maxPixels: number): Sharp {
  if (input.length === 0) throw decodeFailure('empty');
  if (detectImageFormat(input) === 'bmp') return openBmp(input, maxPixels);
  try {
    return sharp(input, {
      failOn: 'truncated',
      limitInputPixels: maxPixels,
      autoOrient: true,
      pages: 1,
    });
  } catch (error) {
    throw decodeError(error);
  }
}

function openBmp(input: Uint8Array, maxPixels: number): Sharp {
  const { width, height } = readBmpHeader(input);
  if (width * height > maxPixels) {
    throw new AppError(
      'IMAGE_DECODE_FAILED',
      `image is ${width}×${height} pixels, over the limit of ${maxPixels} pixels`,
      { reason: 'too-many-pixels', width, height },
    );
  }
  const bmp = decodeBmp(input);
  return sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
}

async function toRgb(image: Sharp): Promise<RgbImage> {
  try {
    const { data, info } = await image
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw corrupt(`decoded to ${info.channels} channels, expected 3`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw decodeError(error);
  }
}

/**
 * A colour stored premultiplied in 8 bits and read back, as the browser does (Skia rounds both
 * ways): at low alpha the colour loses precision, by up to 255 / (2 × alpha) levels.
 */
function throughPremultiplied(colour: number, alpha: number): number {
  if (alpha === 255) return colour;
  const stored = Math.round((colour * alpha) / 255);
  return Math.min(255, Math.round((stored * 255) / alpha));
}

/** Decoded, but not into a picture: as good as cut short, with what went wrong kept aside. */
function corrupt(message: string): AppError {
  return decodeFailure('truncated', message);
}

/**
 * Why sharp could not decode a file, as a stable `details.reason` a caller can choose words from:
 * libvips' own text varies with the codec and even the run ("Unknown error"), so it is kept only
 * as `details.library`, never as the message.
 */
export type DecodeFailure = 'empty' | 'truncated' | 'unsupported' | 'too-many-pixels';

const FAILURE_MESSAGES: Record<DecodeFailure, string> = {
  empty: 'the file is empty (0 bytes)',
  truncated: 'the image is cut short or damaged, so it does not decode to the end',
  unsupported: 'not a supported image format',
  'too-many-pixels': 'image is over the pixel limit',
};

function decodeFailure(reason: DecodeFailure, library?: string): AppError {
  return new AppError('IMAGE_DECODE_FAILED', FAILURE_MESSAGES[reason], {
    reason,
    ...(library ? { library } : {}),
  });
}

/** sharp's errors carry no code; their messages are sorted into the reasons users can act on. */
function decodeError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const library = firstLibraryMessage(message);
  if (/buffer is empty/i.test(message)) return decodeFailure('empty');
  if (/unsupported image format/i.test(message)) return decodeFailure('unsupported');
  if (/pixel limit/i.test(message)) return decodeFailure('too-many-pixels');
  // Premature end, bad Huffman table, corrupt header, libpng read error, "Unknown error": a file
  // whose header named a format sharp knows, but whose bytes stop or go wrong before the end.
  return decodeFailure('truncated', library);
}

/** libvips repeats itself across lines; the first distinct phrase says enough. */
function firstLibraryMessage(message: string): string {
  const phrases = [
    ...new Set(
      message
        .split(/\n|(?<=:) /)
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
  const text = phrases.join(' ').replace(/\s+/g, ' ');
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
