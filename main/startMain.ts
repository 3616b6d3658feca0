import { join } from 'node:path';
import { BUNDLED_PACKS_ENV_VAR } from '../src/node/services/models/packStore.js';
import { BUNDLED_SAMPLES_ENV_VAR } from '../src/node/services/samples/sampleDatasets.js';
import { TrainerHost } from '../src/node/hosts/trainer/trainerHost.js';
import { DEFAULT_TRAINER_HEAP_MB } from '../src/node/hosts/trainer/workerLauncher.js';
import { APP_SCHEME, APP_START_URL } from './appOrigin.js';
import { serveAppRequest } from './appProtocol.js';
import { registerContractIpc } from './contractIpc.js';
import { EVENT_CHANNEL } from './ipcChannels.js';
import { guardContents } from './guardContents.js';
import { electronShellHandlers } from './shellHandlers.js';
import { hardenSession } from './hardenSession.js';
import { createMainWindow } from './windowOptions.js';
import { utilityTrainerLauncher } from './utilityTrainer.js';

/** The parts of Electron the main process uses: passed in, so the wiring runs in tests too. */
export type MainElectron = Pick<
  typeof import('electron'),
  | 'app'
  | 'BrowserWindow'
  | 'dialog'
  | 'ipcMain'
  | 'protocol'
  | 'session'
  | 'shell'
  | 'utilityProcess'
>;

/**
 * Windows, security, the app:// protocol and IPC to the trainer. Every guard is attached here;
 * the modules it calls hold the rules themselves.
 */
export function startMainProcess(electron: MainElectron, resourcesPath: string): void {
  const { app, protocol } = electron;
  // Before `ready`: app:// behaves like https (secure context, fetch, CSP), not like a local file.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const trainer = createTrainer(electron, resourcesPath);
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  void app.whenReady().then(() => openMainWindow(electron, trainer));
  app.on('window-all-closed', () => {
    void trainer.stop().finally(() => app.quit());
  });
}

function createTrainer(electron: MainElectron, resourcesPath: string): TrainerHost {
  const { app, utilityProcess } = electron;
  // An installer carries model packs and sample datasets (electron-builder's extraResources):
  // read them in place.
  const bundled = app.isPackaged
    ? {
        [BUNDLED_PACKS_ENV_VAR]: join(resourcesPath, 'models'),
        [BUNDLED_SAMPLES_ENV_VAR]: join(resourcesPath, 'samples'),
      }
    : {};
  return new TrainerHost(
    utilityTrainerLauncher({
      fork: utilityProcess.fork,
      entry: join(app.getAppPath(), 'dist', 'main', 'trainerEntry.js'),
      maxHeapMb: DEFAULT_TRAINER_HEAP_MB,
      env: { ...process.env, ...bundled },
    }),
  );
}

function openMainWindow(electron: MainElectron, trainer: TrainerHost): void {
  const { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } = electron;
  const root = app.getAppPath();
  const camera = hardenSession(session.defaultSession);
  const rendererDir = join(root, 'build', 'renderer');
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererDir));
  const window = createMainWindow(BrowserWindow, join(root, 'build', 'preload', 'preload.cjs'));
  registerContractIpc(ipcMain, {
    ...trainer.handlers,
    ...electronShellHandlers({
      dialog,
      shell,
      window: () => (window.isDestroyed() ? undefined : window),
      camera,
    }),
  });
  trainer.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload);
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_START_URL);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
}
