import type { Session } from 'electron';
import { APP_SCHEME } from './appOrigin.js';
import { CameraGate } from './cameraPermission.js';

/** Schemes the app's own pages may load: its protocol, inline images, and DevTools. */
const ALLOWED_SCHEMES = new Set([
  `${APP_SCHEME}:`,
  'data:',
  'blob:',
  'devtools:',
  'chrome-extension:',
]);

export function isAllowedRequest(url: string): boolean {
  try {
    return ALLOWED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * The session's share of the checklist: no permission is granted (microphone, notifications,
 * geolocation, HID, serial, USB…: the app needs none) but the camera, video only, to the app's
 * own page right after it asked main for it (see CameraGate, returned for the shell to arm; `now`
 * is its clock);
 * and no request leaves the machine: the app is offline by design, so any http(s)/ws/file
 * request is cancelled.
 */
export function hardenSession(
  session: Pick<
    Session,
    | 'setPermissionRequestHandler'
    | 'setPermissionCheckHandler'
    | 'setDevicePermissionHandler'
    | 'setDisplayMediaRequestHandler'
    | 'webRequest'
  >,
  now: () => number = Date.now,
): CameraGate {
  const camera = new CameraGate(now);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(camera.allowsRequest(permission, details ?? {})),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    camera.allowsCheck(permission, requestingOrigin ?? '', details ?? {}),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url) }),
  );
  return camera;
}
