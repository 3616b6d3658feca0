import { isAppUrl } from './appOrigin.js';

/** What Electron tells a permission request handler about a request (media ones say more). */
export interface PermissionRequestFacts {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaTypes?: readonly string[];
  securityOrigin?: string;
}

/** What Electron tells a permission check handler. */
export interface PermissionCheckFacts {
  mediaType?: string;
  securityOrigin?: string;
  isMainFrame?: boolean;
}

/**
 * The one permission the app ever grants: the camera (video, never audio), to its own page
 * (app://ui, main frame), and only when the user has just asked for it. The page tells main
 * first (`shell.requestCamera`, which calls `requested`); that arms the gate for exactly one
 * media request, so no script can reach the camera without the user's click coming first.
 * Once a request was granted, permission checks for the camera answer yes too: Chromium asks
 * them to show camera names (enumerateDevices) and to reopen the camera the user chose.
 */
export class CameraGate {
  private armed = false;
  private granted = false;

  /** The user asked for the camera: let the next video request of the app's page through. */
  requested(): void {
    this.armed = true;
  }

  /** Whether to grant a permission request (every request goes through here). */
  allowsRequest(permission: string, facts: PermissionRequestFacts): boolean {
    if (permission !== 'media') return false;
    // Any media request uses up the user's ask, whether it is then granted or not.
    const armed = this.armed;
    this.armed = false;
    const types = facts.mediaTypes ?? [];
    const allowed =
      armed &&
      facts.isMainFrame === true &&
      isAppUrl(facts.requestingUrl ?? '') &&
      (facts.securityOrigin === undefined || isAppUrl(facts.securityOrigin)) &&
      types.length > 0 &&
      types.every((type) => type === 'video');
    if (allowed) this.granted = true;
    return allowed;
  }

  /** Whether a permission check passes: only the camera, for the app's page, once granted. */
  allowsCheck(permission: string, requestingOrigin: string, facts: PermissionCheckFacts): boolean {
    return (
      this.granted &&
      permission === 'media' &&
      facts.mediaType === 'video' &&
      isAppUrl(requestingOrigin) &&
      (facts.securityOrigin === undefined || isAppUrl(facts.securityOrigin))
    );
  }
}
