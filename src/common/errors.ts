/**
 * Errors that cross a process boundary travel as plain `{ code, message, details }` objects so the
 * receiving side can pick a user-facing message from the code without parsing text.
 */
export const ERROR_CODES = [
  'NOT_FOUND',
  /** A path that names a folder where one file was expected (e.g. an image to classify). */
  'IS_A_FOLDER',
  'NOT_A_DATASET',
  'ZIP_INVALID',
  'ZIP_LIMIT_EXCEEDED',
  'BACKEND_UNAVAILABLE',
  'IMAGE_DECODE_FAILED',
  'INVALID_ARGUMENT',
  /** A plain TF.js model needs a feature layer; details: featureLayers (name, shape), suggested. */
  'FEATURE_LAYER_NEEDED',
  /** A text table whose text and label columns cannot be told apart; details: path, columns. */
  'COLUMNS_NEEDED',
  /** A text model trained on another encoder than the one installed; details: expected, found. */
  'ENCODER_MISMATCH',
  'ALREADY_EXISTS',
  'WRITE_FAILED',
  'PARITY_MISMATCH',
  'CANCELLED',
  'FORBIDDEN',
  'UNSUPPORTED',
  'TRAINER_CRASHED',
  'OUT_OF_MEMORY',
  /** A training was asked for while another one runs in the same trainer. */
  'TRAINING_BUSY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

export function isAbortError(error: unknown): boolean {
  return error instanceof AppError && error.code === 'CANCELLED';
}
