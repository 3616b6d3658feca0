import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME, APP_START_URL } from './appOrigin.js';
import { ipcChannel } from './ipcChannels.js';
import { startMainProcess, type MainElectron } from './startMain.js';

type Handler = (...args: never[]) => unknown;

/**
 * A stand-in for the parts of Electron main uses (the binary cannot run on the build machines):
 * it records what main registers, so a test can drive the registered handlers the way Electron
 * would and see the guards act.
 */
function standInElectron(options: { singleInstance?: boolean } = {}) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    quitCalls: 0,
    ready: undefined as (() => void) | undefined,
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    quit() {
      app.quitCalls += 1;
    },
    getAppPath: () => '/opt/transfer-studio',
    whenReady: () => new Promise<void>((resolve) => (app.ready = resolve)),
  });
  const sessionHandlers: Record<string, Handler> = {};
  const record = (name: string) => (handler: Handler) => void (sessionHandlers[name] = handler);
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, Handler>(),
    registerSchemesAsPrivileged: (schemes: unknown[]) => protocol.privileged.push(...schemes),
    handle: (scheme: string, handler: Handler) => protocol.handlers.set(scheme, handler),
  };
  const ipcHandlers = new Map<string, Handler>();
  const windows: StandInWindow[] = [];
  class StandInWindow extends EventEmitter {
    loaded: string[] = [];
    webContents = { send: () => undefined };
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    show = () => undefined;
    restore = () => undefined;
    focus = () => undefined;
  }
  const electron = {
    app,
    BrowserWindow: StandInWindow,
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
    ipcMain: {
      handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
      on: () => undefined,
    },
    protocol,
    session: {
      defaultSession: {
        setPermissionRequestHandler: record('request'),
        setPermissionCheckHandler: record('check'),
        setDevicePermissionHandler: record('device'),
        setDisplayMediaRequestHandler: record('display'),
        webRequest: { onBeforeRequest: record('beforeRequest') },
      },
    },
    shell: { showItemInFolder: () => undefined },
    utilityProcess: {
      fork: () => {
        throw new Error('no trainer is started in these tests');
      },
    },
  };
  const start = async () => {
    startMainProcess(electron as unknown as MainElectron, '/opt/transfer-studio/resources');
    app.ready?.();
    await Promise.resolve();
  };
  return { app, protocol, ipcHandlers, sessionHandlers, windows, start };
}

const videoRequest = {
  requestingUrl: 'app://ui/index.html',
  isMainFrame: true,
  mediaTypes: ['video'],
  securityOrigin: 'app://ui/',
};

function askForMedia(handlers: Record<string, Handler>): boolean | undefined {
  let granted: boolean | undefined;
  const request = handlers['request'] as (...args: unknown[]) => void;
  request({}, 'media', (answer: boolean) => (granted = answer), videoRequest);
  return granted;
}

describe('the main process wiring (startMain, driven through a stand-in for Electron)', () => {
  it('registers app:// as a secure standard scheme before ready, and serves it after', async () => {
    const electron = standInElectron();
    await electron.start();
    expect(electron.protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: APP_SCHEME,
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(electron.protocol.handlers.has(APP_SCHEME)).toBe(true);
  });

  it('opens one hardened window on the app page, never a file:// one', async () => {
    const electron = standInElectron();
    await electron.start();
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: '/opt/transfer-studio/build/preload/preload.cjs',
    });
    expect(window?.loaded).toEqual([APP_START_URL]);
  });

  it('guards every web contents Electron creates: no navigation away, no new windows', async () => {
    const electron = standInElectron();
    await electron.start();
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as (() => unknown) | undefined,
      setWindowOpenHandler(handler: () => unknown) {
        contents.openHandler = handler;
      },
    });
    electron.app.emit('web-contents-created', {}, contents);
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://x.test/');
    expect(prevented).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('hardens the default session: no request leaves the machine, no permission unasked', async () => {
    const electron = standInElectron();
    await electron.start();
    const beforeRequest = electron.sessionHandlers['beforeRequest'] as (
      details: { url: string },
      callback: (answer: { cancel: boolean }) => void,
    ) => void;
    let answer: { cancel: boolean } | undefined;
    beforeRequest({ url: 'https://tfhub.dev/model.json' }, (a) => (answer = a));
    expect(answer).toEqual({ cancel: true });
    expect(askForMedia(electron.sessionHandlers)).toBe(false);
  });

  it("the page's shell.requestCamera arms that same session's camera gate, once", async () => {
    const electron = standInElectron();
    await electron.start();
    const invoke = electron.ipcHandlers.get(ipcChannel('shell.requestCamera')) as (
      ...args: unknown[]
    ) => Promise<unknown>;
    const page = { sender: { id: 1, on: () => undefined }, senderFrame: { url: APP_START_URL } };
    expect(await invoke(page, {})).toEqual({ ok: true, result: { armed: true } });
    expect(askForMedia(electron.sessionHandlers)).toBe(true);
    expect(askForMedia(electron.sessionHandlers)).toBe(false);
  });

  it('a second instance quits at once and opens nothing', async () => {
    const electron = standInElectron({ singleInstance: false });
    await electron.start();
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.protocol.handlers.size).toBe(0);
  });
});
