import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './main.js';
import { memoryIo } from './testIo.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A temporary folder for CLI tests, with the app's home inside it so no run touches the user's. */
export interface CliTestFolder {
  dir: string;
  /** The environment each run gets: TRANSFER_STUDIO_HOME=<dir>/home. */
  env: Record<string, string>;
  /** One command, as a user would type it; what it printed and its exit code. */
  run(...args: string[]): Promise<CliRun>;
  remove(): Promise<void>;
}

export async function makeCliTestFolder(prefix: string): Promise<CliTestFolder> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const env = { TRANSFER_STUDIO_HOME: join(dir, 'home') };
  return {
    dir,
    env,
    run: async (...args) => {
      const io = memoryIo({ env });
      const code = await runCli(args, io);
      return { code, out: io.out(), err: io.err() };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
