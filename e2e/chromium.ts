import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Flags for Debian's Chromium on a headless machine with no network: no sandbox (root in a
 * container), no GPU, and none of the background services that would try to reach the internet.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium to drive: $CHROMIUM_PATH, Debian's /usr/bin/chromium, or a browser Playwright
 * downloaded itself (`npx playwright install`, where the network allows it).
 */
export function findChromium(): { path?: string; missing?: string } {
  const candidates = [
    process.env['CHROMIUM_PATH'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    safe(() => chromium.executablePath()),
  ];
  const path = candidates.find((candidate) => candidate && existsSync(candidate));
  if (path) return { path };
  return {
    missing:
      'No Chromium found: install Debian\'s "chromium" package (.ci/run does), set CHROMIUM_PATH, or run "npx playwright install chromium" where the network allows',
  };
}

function safe(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
