import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type Page, type WebSocketRoute } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../src/node/hosts/web/browserMode.js';
import { findChromium } from './chromium.js';

export interface BrowserModeSession {
  /** The temporary folder everything the test makes goes in (removed afterwards). */
  dir: string;
  app: BrowserMode;
  /** One Chromium page on the app, shared by the serial tests of the block. */
  page: Page;
  /** Opens one of the app's tabs by its exact name. */
  tab(name: string): Promise<void>;
}

export interface BrowserModeSetup {
  /** Names the temporary folder (ts-e2e-<name>-…). */
  name: string;
  /** Writes the test's own files into `dir` before the app starts; returns the engine's env. */
  prepare(dir: string): Promise<Record<string, string>>;
  acceptDownloads?: boolean;
  /** Sits between the page and the engine on the page's socket (set before the page loads). */
  routeSocket?: (route: WebSocketRoute) => void;
}

const browser = findChromium();

/**
 * Browser mode (the real engine behind the built UI) and one Chromium page, for a describe block
 * whose tests run in order on the same page; skipped where no Chromium is found. Call it inside
 * test.describe: the session's fields are set once its beforeAll ran, so before the tests and
 * before any beforeAll the block registers after this call.
 */
export function useBrowserMode(setup: BrowserModeSetup): BrowserModeSession {
  test.skip(!browser.path, browser.missing ?? '');
  test.describe.configure({ mode: 'serial' });
  const session = {
    tab: (name: string) => session.page.getByRole('tab', { name, exact: true }).click(),
  } as BrowserModeSession;

  test.beforeAll(async ({ browser: chromium }) => {
    session.dir = await mkdtemp(join(tmpdir(), `ts-e2e-${setup.name}-`));
    session.app = await startBrowserMode({ env: await setup.prepare(session.dir) });
    session.page = await chromium.newPage({
      viewport: { width: 1280, height: 800 },
      ...(setup.acceptDownloads ? { acceptDownloads: true } : {}),
    });
    const { routeSocket } = setup;
    if (routeSocket) await session.page.routeWebSocket(() => true, routeSocket);
    await session.page.goto(session.app.server.url);
  });

  test.afterAll(async () => {
    await session.page?.close();
    await session.app?.close();
    if (session.dir) await rm(session.dir, { recursive: true, force: true });
  });
  return session;
}
