import type { WebContents } from 'electron';
import { isAppUrl } from './appOrigin.js';

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Navigation and new windows: the app's pages never navigate away from app:// and never open
 * windows or <webview>s. (Links to the outside world are not followed at all, so `openExternal`
 * is never handed anything a page controls.)
 */
export function guardContents(contents: GuardedContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
