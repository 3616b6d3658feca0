import { describe, expect, it } from 'vitest';
import { cameraProblem, fitWithin } from './cameraProblem.js';

/** What browsers reject getUserMedia with: a DOMException-like error with a name. */
const rejection = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('why the camera did not start', () => {
  it('tells a missing camera from a refused permission and a busy camera', () => {
    expect(cameraProblem(rejection('NotFoundError', 'Requested device not found'))).toEqual({
      kind: 'noCamera',
    });
    expect(cameraProblem(rejection('OverconstrainedError'))).toEqual({ kind: 'noCamera' });
    expect(cameraProblem(rejection('NotAllowedError', 'Permission denied'))).toEqual({
      kind: 'refused',
    });
    expect(cameraProblem(rejection('PermissionDeniedError'))).toEqual({ kind: 'refused' });
    expect(cameraProblem(rejection('SecurityError'))).toEqual({ kind: 'refused' });
    expect(cameraProblem(rejection('NotReadableError', 'Could not start video source'))).toEqual({
      kind: 'busy',
    });
  });

  it('keeps the reason of anything else, whatever was thrown', () => {
    expect(cameraProblem(rejection('AbortError', 'Timeout starting video source'))).toEqual({
      kind: 'failed',
      reason: 'Timeout starting video source',
    });
    expect(cameraProblem('weird')).toEqual({ kind: 'failed', reason: 'weird' });
    expect(cameraProblem(rejection('NotSupportedError'))).toEqual({
      kind: 'failed',
      reason: 'NotSupportedError',
    });
  });
});

describe('the size a frame is drawn at', () => {
  it('shrinks a camera frame to fit, keeping its shape, and never enlarges one', () => {
    expect(fitWithin(1920, 1080, 640)).toEqual({ width: 640, height: 360 });
    expect(fitWithin(480, 640, 320)).toEqual({ width: 240, height: 320 });
    expect(fitWithin(320, 240, 640)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(4000, 1, 100)).toEqual({ width: 100, height: 1 });
  });
});
