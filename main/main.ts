// The Electron main process: windows, security, the app:// protocol, IPC to the trainer. Thin:
// everything it does is in the small modules beside it, which the tests exercise without Electron.
import { join } from 'node:path';
import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  utilityProcess,
} from 'electron';
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

// Before `ready`: app:// behaves like https (secure context, fetch, CSP), not like a local file.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

const root = app.getAppPath();
// An installer carries model packs and sample datasets (electron-builder's extraResources): read
// them in place.
const bundledPacks = app.isPackaged
  ? {
      [BUNDLED_PACKS_ENV_VAR]: join(process.resourcesPath, 'models'),
      [BUNDLED_SAMPLES_ENV_VAR]: join(process.resourcesPath, 'samples'),
    }
  : {};
const trainer = new TrainerHost(
  utilityTrainerLauncher({
    fork: utilityProcess.fork,
    entry: join(root, 'dist', 'main', 'trainerEntry.js'),
    maxHeapMb: DEFAULT_TRAINER_HEAP_MB,
    env: { ...process.env, ...bundledPacks },
  }),
);

app.on('web-contents-created', (_event, contents) => guardContents(contents));

app.whenReady().then(() => {
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
});

app.on('window-all-closed', () => {
  void trainer.stop().finally(() => app.quit());
});
