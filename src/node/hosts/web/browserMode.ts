import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { TrainerHost, type TrainerLauncher } from '../trainer/trainerHost.js';
import { workerTrainerLauncher } from '../trainer/workerLauncher.js';
import { browserShellHandlers } from './browserShell.js';
import { newAccessKey, readRememberedAddress, saveRememberedAddress } from './rememberedAddress.js';
import { startWebServer, type WebServer } from './webServer.js';

export interface BrowserModeOptions {
  env: Record<string, string | undefined>;
  /** The built renderer. Default: build/renderer in the package. */
  staticDir?: string;
  port?: number;
  /** The access key. Default: a new random one each run (the remembered one with `remember`). */
  token?: string;
  /**
   * Keep the address between runs (`npm run web`): the last port again when it is free (another
   * free one when not, said in `notice`), and the same access key, so bookmarks keep working.
   */
  remember?: boolean;
  /** Default: the trainer in a worker thread. */
  launcher?: TrainerLauncher;
}

export interface BrowserMode {
  server: WebServer;
  trainer: TrainerHost;
  /** What the user should know about the address: the remembered port was taken. */
  notice?: string;
  close(): Promise<void>;
}

/** Where `npm run build` puts the renderer. */
export function rendererBuildDir(): string {
  return join(packageRoot(), 'build', 'renderer');
}

/**
 * The app without Electron: the built renderer on 127.0.0.1 behind an access token (new each run,
 * or kept between runs with `remember`), the contract over a WebSocket, and the same trainer the
 * desktop app uses, in a worker thread. Every open tab receives the trainer's events.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const staticDir = options.staticDir ?? rendererBuildDir();
  if (!existsSync(join(staticDir, 'index.html')))
    throw new AppError(
      'NOT_FOUND',
      `The user interface is not built (${staticDir} has no index.html): run "npm run build".`,
    );
  const trainer = new TrainerHost(options.launcher ?? workerTrainerLauncher({ env: options.env }));
  const serve = (port: number | undefined, token: string | undefined) =>
    startWebServer({
      staticDir,
      ...(port === undefined ? {} : { port }),
      ...(token === undefined ? {} : { token }),
      handlers: (emit, onClose) => {
        onClose(trainer.subscribe(emit));
        return { ...trainer.handlers, ...browserShellHandlers };
      },
    });
  const { server, notice } = options.remember
    ? await serveRemembered(options, serve)
    : { server: await serve(options.port, options.token), notice: undefined };
  return {
    server,
    trainer,
    ...(notice ? { notice } : {}),
    close: async () => {
      await server.close();
      await trainer.stop();
    },
  };
}

/**
 * The remembered port and key: a port asked for on the command line wins (and a busy one fails
 * as before); a remembered port that is busy now gives way to any free one, and stays the one to
 * try next time, so the bookmark works again once it is free.
 */
async function serveRemembered(
  options: BrowserModeOptions,
  serve: (port: number | undefined, token: string) => Promise<WebServer>,
): Promise<{ server: WebServer; notice?: string }> {
  const remembered = await readRememberedAddress(options.env);
  const token = options.token ?? remembered?.token ?? newAccessKey();
  if (options.port !== undefined || !remembered) {
    const server = await serve(options.port, token);
    if (!remembered || remembered.token !== token)
      await saveRememberedAddress(options.env, { port: remembered?.port ?? server.port, token });
    return { server };
  }
  try {
    return { server: await serve(remembered.port, token) };
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
    const server = await serve(undefined, token);
    return {
      server,
      notice: `Port ${remembered.port}, used last time, is taken by another program, so this run uses port ${server.port}: bookmarks of the usual address work again once port ${remembered.port} is free.`,
    };
  }
}
