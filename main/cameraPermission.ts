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

/** How long an ask (`shell.requestCamera`) lets a video request through, in milliseconds. */
export const CAMERA_ASK_MS = 15_000;

/**
 * The one permission the app ever grants: the camera (video, never audio), to its own page
 * (app://ui, main frame), and only right after the page said the user asked for it
 * (`shell.requestCamera`, which calls `requested`). That arms the gate for one media request
 * within CAMERA_ASK_MS: the first media request spends it, granted or not, and an ask that no
 * request followed (an opening stopped meanwhile) lapses. What this guards, honestly: it does not
 * prove a click, since a script in the app's own page could call shell.requestCamera itself; it
 * keeps grants to the app's origin, to video only, and to the moments right after a request, so
 * no other page or frame, no audio, and no stale ask ever reaches the camera.
 * Once a request was granted, permission checks for the camera answer yes too: Chromium asks
 * them to show camera names (enumerateDevices) and to reopen the camera the user chose.
 */
export class CameraGate {
  /** When the current ask lapses (`now()` time); undefined: not armed. */
  private armedUntil: number | undefined;
  private granted = false;

  /** `now`: the clock, in milliseconds (tests pass their own). */
  constructor(private readonly now: () => number = Date.now) {}

  /** The user asked for the camera: let the next video request of the app's page through soon. */
  requested(): void {
    this.armedUntil = this.now() + CAMERA_ASK_MS;
  }

  /** Whether to grant a permission request (every request goes through here). */
  allowsRequest(permission: string, facts: PermissionRequestFacts): boolean {
    if (permission !== 'media') return false;
    // Any media request uses up the user's ask, whether it is then granted or not.
    const armed = this.armedUntil !== undefined && this.now() <= this.armedUntil;
    this.armedUntil = undefined;
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
