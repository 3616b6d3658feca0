/**
 * The renderer is served from app://ui/ (a standard, secure custom scheme registered before the
 * app is ready), never from file://: file:// pages can read the whole disk, and a custom scheme
 * gives the page a real origin that navigation checks and the CSP can name.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ui';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Whether a URL belongs to the app's own pages. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
