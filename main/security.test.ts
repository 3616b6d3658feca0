import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONTENT_SECURITY_POLICY } from '../src/common/security.js';
import { APP_START_URL } from './appOrigin.js';
import { CAMERA_ASK_MS } from './cameraPermission.js';
import { serveAppRequest } from './appProtocol.js';
import { guardContents } from './guardContents.js';
import { hardenSession, isAllowedRequest } from './hardenSession.js';
import { electronShellHandlers } from './shellHandlers.js';
import { createMainWindow } from './windowOptions.js';

describe("Electron's security checklist, item by item", () => {
  it('window: context isolation, sandbox, no Node, web security on, no webviews, all explicit', () => {
    let options: BrowserWindowConstructorOptions = {};
    function FakeWindow(given: BrowserWindowConstructorOptions) {
      options = given;
    }
    createMainWindow(FakeWindow as never, '/app/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(options).toMatchObject({ minWidth: 1024, minHeight: 700 });
  });

  it('session: every permission denied unasked, every request leaving the machine cancelled', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const record =
      (name: string) =>
      (handler: (...args: never[]) => unknown): void => {
        handlers[name] = handler;
      };
    hardenSession({
      setPermissionRequestHandler: record('request'),
      setPermissionCheckHandler: record('check'),
      setDevicePermissionHandler: record('device'),
      setDisplayMediaRequestHandler: record('display'),
      webRequest: { onBeforeRequest: record('beforeRequest') },
    } as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid']) {
      let granted: boolean | undefined;
      (handlers['request'] as (...args: unknown[]) => void)(
        {},
        permission,
        (answer: boolean) => (granted = answer),
      );
      expect(granted, permission).toBe(false);
    }
    expect((handlers['check'] as () => boolean)()).toBe(false);
    expect((handlers['device'] as () => boolean)()).toBe(false);
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      (handlers['beforeRequest'] as (...args: unknown[]) => void)(
        { url },
        (response: { cancel: boolean }) => (cancel = response.cancel),
      );
      return cancel;
    };
    expect(decide('app://ui/assets/index.js')).toBe(false);
    expect(decide('data:image/png;base64,AAAA')).toBe(false);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'ws://localhost/',
      'file:///etc/passwd',
      'ftp://x/',
    ])
      expect(decide(url), url).toBe(true);
    expect(isAllowedRequest('not a url')).toBe(false);
  });

  describe('the camera: video only, for app://ui, only right after the user asked', () => {
    type Request = (permission: string, details?: object) => boolean | undefined;
    type Check = (permission: string, origin: string, details: object) => boolean;
    /** The handlers hardenSession really installs, and the gate it hands the shell. */
    const hardened = (now?: () => number) => {
      const handlers: Record<string, (...args: never[]) => unknown> = {};
      const record =
        (name: string) =>
        (handler: (...args: never[]) => unknown): void => {
          handlers[name] = handler;
        };
      const camera = hardenSession(
        {
          setPermissionRequestHandler: record('request'),
          setPermissionCheckHandler: record('check'),
          setDevicePermissionHandler: record('device'),
          setDisplayMediaRequestHandler: record('display'),
          webRequest: { onBeforeRequest: record('beforeRequest') },
        } as never,
        now,
      );
      const request: Request = (permission, details) => {
        let granted: boolean | undefined;
        (handlers['request'] as (...args: unknown[]) => void)(
          {},
          permission,
          (answer: boolean) => (granted = answer),
          details,
        );
        return granted;
      };
      const check: Check = (permission, origin, details) =>
        (handlers['check'] as (...args: unknown[]) => boolean)(null, permission, origin, details);
      return { camera, request, check };
    };
    const video = {
      requestingUrl: 'app://ui/index.html',
      isMainFrame: true,
      mediaTypes: ['video'],
      securityOrigin: 'app://ui/',
    };
    const videoCheck = { mediaType: 'video', securityOrigin: 'app://ui/', isMainFrame: true };

    it('is refused before the user asked, granted once after, then refused again', () => {
      const { camera, request, check } = hardened();
      expect(request('media', video)).toBe(false);
      expect(check('media', 'app://ui', videoCheck)).toBe(false);
      camera.requested();
      expect(request('media', video)).toBe(true);
      expect(check('media', 'app://ui', videoCheck)).toBe(true);
      // One ask, one request: a script cannot reopen the camera on its own later.
      expect(request('media', video)).toBe(false);
    });

    it('refuses audio, other origins, frames inside the page and every other permission', () => {
      const { camera, request } = hardened();
      const refused: [string, object][] = [
        ['media', { ...video, mediaTypes: ['audio'] }],
        ['media', { ...video, mediaTypes: ['video', 'audio'] }],
        ['media', { ...video, mediaTypes: [] }],
        ['media', { ...video, requestingUrl: 'https://evil.example/', securityOrigin: undefined }],
        ['media', { ...video, requestingUrl: 'http://127.0.0.1:8080/' }],
        ['media', { ...video, requestingUrl: 'app://other/index.html' }],
        ['media', { ...video, securityOrigin: 'https://evil.example/' }],
        ['media', { ...video, isMainFrame: false }],
        ['media', {}],
        ['geolocation', video],
        ['notifications', video],
        ['display-capture', video],
        ['clipboard-read', video],
      ];
      for (const [permission, details] of refused) {
        camera.requested();
        expect(request(permission, details), `${permission} ${JSON.stringify(details)}`).toBe(
          false,
        );
      }
    });

    it('checks pass only for video on app://ui after a grant; never for audio or others', () => {
      const { camera, request, check } = hardened();
      camera.requested();
      expect(request('media', video)).toBe(true);
      expect(check('media', 'app://ui', videoCheck)).toBe(true);
      expect(check('media', 'app://ui', { ...videoCheck, mediaType: 'audio' })).toBe(false);
      expect(check('media', 'app://ui', { ...videoCheck, mediaType: 'unknown' })).toBe(false);
      expect(check('media', 'https://evil.example', videoCheck)).toBe(false);
      expect(check('media', 'app://other', videoCheck)).toBe(false);
      expect(
        check('media', 'app://ui', { ...videoCheck, securityOrigin: 'https://evil.example/' }),
      ).toBe(false);
      for (const permission of ['geolocation', 'notifications', 'hid', 'usb', 'serial'])
        expect(check(permission, 'app://ui', videoCheck), permission).toBe(false);
    });

    it('an ask lapses after CAMERA_ASK_MS: a request that comes later is refused', () => {
      let time = 1_000;
      const { camera, request, check } = hardened(() => time);
      camera.requested();
      time += CAMERA_ASK_MS;
      expect(request('media', video)).toBe(true);
      // An opening stopped after asking: no request spent the ask, yet it does not stay armed.
      camera.requested();
      time += CAMERA_ASK_MS + 1;
      expect(request('media', video)).toBe(false);
      camera.requested();
      expect(request('media', video)).toBe(true);
      expect(check('media', 'app://ui', videoCheck)).toBe(true);
    });

    it('the first media request spends the ask, even a refused one', () => {
      let time = 0;
      const { camera, request } = hardened(() => time);
      camera.requested();
      // Other permissions are refused and leave the ask alone; a media request uses it up.
      expect(request('geolocation', video)).toBe(false);
      expect(request('media', { ...video, mediaTypes: ['audio'] })).toBe(false);
      time += 1;
      expect(request('media', video)).toBe(false);
    });

    it("the shell's requestCamera arms the session's gate, which main hands it", async () => {
      const { camera, request } = hardened();
      const shell = electronShellHandlers({
        dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
        shell: { showItemInFolder: () => undefined },
        window: () => undefined,
        camera,
      });
      expect(request('media', video)).toBe(false);
      expect(await shell['shell.requestCamera']({})).toEqual({ armed: true });
      expect(request('media', video)).toBe(true);
      // That main hands this gate to the shell is checked in startMain.test.ts.
    });
  });

  it('navigation: only app:// pages, no new windows, no webviews', () => {
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler(handler: () => unknown): void;
      openHandler?: () => unknown;
    };
    contents.setWindowOpenHandler = (handler) => (contents.openHandler = handler);
    guardContents(contents as never);
    const attempt = (event: string, url?: string) => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', 'file:///home/student/')).toBe(true);
    expect(attempt('will-navigate', 'app://ui/index.html')).toBe(false);
    expect(attempt('will-navigate', 'app://other/index.html')).toBe(true);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-attach-webview')).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  describe('the app:// protocol', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ts-protocol-'));
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>T</title>');
      await writeFile(join(dir, 'secret.txt.outside'), 'x');
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('serves the renderer with the Content Security Policy, and nothing outside it', async () => {
      const page = await serveAppRequest(APP_START_URL, dir);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect((await serveAppRequest('app://ui/', dir)).status).toBe(200);
      expect((await serveAppRequest('app://ui/..%2F..%2Fetc%2Fpasswd', dir)).status).toBe(404);
      expect((await serveAppRequest('app://ui/missing.js', dir)).status).toBe(404);
      expect((await serveAppRequest('app://elsewhere/index.html', dir)).status).toBe(404);
    });
  });

  it("the CSP allows only the app's own scripts: no inline, no eval, no remote code", () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('the packaged build flips the fuses: no run-as-node, no NODE_OPTIONS, no inspect, asar integrity', async () => {
    const config = parse(
      await readFile(new URL('../electron-builder.yml', import.meta.url), 'utf8'),
    );
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/onnxruntime-node/**', 'node_modules/sharp/**']),
    );
    expect(config.extraResources[0]).toMatchObject({ to: 'models' });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toBe('nsis');
    expect(config.mac.target).toBe('dmg');
  });
});
