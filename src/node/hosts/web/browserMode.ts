import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { TrainerHost, type TrainerLauncher } from '../trainer/trainerHost.js';
import { workerTrainerLauncher } from '../trainer/workerLauncher.js';
import { browserShellHandlers } from './browserShell.js';
import { startWebServer, type WebServer } from './webServer.js';

export interface BrowserModeOptions {
  env: Record<string, string | undefined>;
  /** The built renderer. Default: build/renderer in the package. */
  staticDir?: string;
  port?: number;
  /** The access key. Default: a new random one each run. */
  token?: string;
  /** Default: the trainer in a worker thread. */
  launcher?: TrainerLauncher;
}

export interface BrowserMode {
  server: WebServer;
  trainer: TrainerHost;
  close(): Promise<void>;
}

/** Where `npm run build` puts the renderer. */
export function rendererBuildDir(): string {
  return join(packageRoot(), 'build', 'renderer');
}

/**
 * The app without Electron: the built renderer on 127.0.0.1 behind a per-run token, the contract
 * over a WebSocket, and the same trainer the desktop app uses, in a worker thread. Every open tab
 * receives the trainer's events.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const staticDir = options.staticDir ?? rendererBuildDir();
  if (!existsSync(join(staticDir, 'index.html')))
    throw new AppError(
      'NOT_FOUND',
      `The user interface is not built (${staticDir} has no index.html): run "npm run build".`,
    );
  const trainer = new TrainerHost(options.launcher ?? workerTrainerLauncher({ env: options.env }));
  const server = await startWebServer({
    staticDir,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.token === undefined ? {} : { token: options.token }),
    handlers: (emit, onClose) => {
      onClose(trainer.subscribe(emit));
      return { ...trainer.handlers, ...browserShellHandlers };
    },
  });
  return {
    server,
    trainer,
    close: async () => {
      await server.close();
      await trainer.stop();
    },
  };
}
