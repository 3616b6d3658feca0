/** Why the camera did not start, in the few cases a student can act on. */
export type CameraProblem =
  | { kind: 'noCamera' }
  | { kind: 'refused' }
  | { kind: 'busy' }
  | { kind: 'failed'; reason: string };

/**
 * What a getUserMedia failure means for the user. Browsers name the cause in the DOMException's
 * `name`; older ones used other names for the same causes, and a page where `mediaDevices` does
 * not exist at all (no camera support, or not a secure context) has no camera to offer.
 */
export function cameraProblem(error: unknown): CameraProblem {
  const name = typeof error === 'object' && error !== null ? (error as Error).name : '';
  if (['NotFoundError', 'DevicesNotFoundError', 'OverconstrainedError'].includes(name))
    return { kind: 'noCamera' };
  if (['NotAllowedError', 'PermissionDeniedError', 'SecurityError'].includes(name))
    return { kind: 'refused' };
  if (['NotReadableError', 'TrackStartError'].includes(name)) return { kind: 'busy' };
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: 'failed', reason: reason || name || 'unknown error' };
}

/** The size to draw a frame at: the camera's own, shrunk (never enlarged) to fit `maxSide`. */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
