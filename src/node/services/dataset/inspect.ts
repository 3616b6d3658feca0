import { createHash } from 'node:crypto';
import type { SkipCode } from '../../../common/dataset.js';
import { AppError } from '../../../common/errors.js';
import {
  detectImageFormat,
  isSupportedFormat,
  MAGIC_BYTES_NEEDED,
  type SupportedImageFormat,
} from '../../../common/imageFormat.js';
import { readImageHeader, verifyDecodes } from '../../adapters/image/decode.js';
import type { SourceEntry } from './source.js';

export interface InspectOptions {
  /** Files larger than this are skipped unread. */
  maxFileBytes: number;
  maxPixels: number;
  /** `decode` proves each image decodes to the end; `header` trusts the header (faster). */
  verify: 'decode' | 'header';
}

export type Inspection =
  | {
      ok: true;
      format: SupportedImageFormat;
      width: number;
      height: number;
      bytes: number;
      sha256: string;
    }
  | { ok: false; code: SkipCode; reason: string };

const FORMAT_LIST = 'JPEG, PNG, WebP, GIF, BMP, TIFF or AVIF';

/** Decides whether one file is a usable image, and why not when it is not. */
export async function inspectFile(
  entry: SourceEntry,
  options: InspectOptions,
): Promise<Inspection> {
  try {
    return await inspectReadable(entry, options);
  } catch (error) {
    return readFailure(error);
  }
}

async function inspectReadable(entry: SourceEntry, options: InspectOptions): Promise<Inspection> {
  if (entry.size === 0 && (await entry.readHead(1)).length === 0) {
    return skip('empty-file', 'empty file (0 bytes)');
  }
  if (entry.size > options.maxFileBytes) {
    return skip(
      'file-too-large',
      `file is ${entry.size} bytes, over the ${options.maxFileBytes}-byte limit`,
    );
  }
  const format = detectImageFormat(await entry.readHead(MAGIC_BYTES_NEEDED));
  if (format === undefined)
    return skip('not-an-image', `not an image (content is not ${FORMAT_LIST})`);
  if (!isSupportedFormat(format)) {
    return skip(
      'unsupported-format',
      `${format.toUpperCase()} images are not supported; convert to JPEG or PNG`,
    );
  }
  const data = await entry.readAll();
  try {
    const header = await readImageHeader(data, options.maxPixels);
    if (options.verify === 'decode') await verifyDecodes(data, { maxPixels: options.maxPixels });
    return {
      ok: true,
      format,
      width: header.width,
      height: header.height,
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  } catch (error) {
    return decodeFailure(error);
  }
}

function decodeFailure(error: unknown): Inspection {
  if (error instanceof AppError && error.details?.['reason'] === 'too-many-pixels') {
    return skip('too-many-pixels', error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return skip('corrupt-image', message);
}

function readFailure(error: unknown): Inspection {
  if (error instanceof AppError) return skip('unreadable', error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM')
    return skip('unreadable', 'cannot be read: permission denied');
  if (code === 'ENOENT') return skip('unreadable', 'file vanished during the scan');
  const message = error instanceof Error ? error.message : String(error);
  return skip('unreadable', `cannot be read (${code ?? message})`);
}

function skip(code: SkipCode, reason: string): Inspection {
  return { ok: false, code, reason };
}
