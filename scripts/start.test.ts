import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../bin/electronBinary.js';
import { packageRoot } from '../src/node/adapters/platform/packageRoot.js';

const found = findElectronBinary();
const offlineLike = 'binaryMissing' in found && found.binaryMissing;

describe('npm start without the Electron binary', () => {
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'ts-start-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it.skipIf(!offlineLike)(
    'does not try the download again after it failed once, and opens browser mode',
    async () => {
      const version = createRequire(import.meta.url)('electron/package.json').version as string;
      await mkdir(home, { recursive: true });
      await writeFile(
        join(home, 'electron-download.json'),
        JSON.stringify({ version, reason: 'ENOTFOUND github.com', at: '2026-11-30T10:00:00Z' }),
      );
      const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'start.js')], {
        env: {
          ...process.env,
          TRANSFER_STUDIO_HOME: home,
          TRANSFER_STUDIO_BACKEND: 'cpu',
          TRANSFER_STUDIO_NO_BROWSER: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const running = new Promise<void>((resolve, reject) => {
        const take = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Transfer Studio is running')) resolve();
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        child.on('exit', (code) => reject(new Error(`exited (${code}): ${output}`)));
      });
      await running;
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(output).toContain('not trying again');
      expect(output).toContain('npm start -- --retry-download');
      expect(output).not.toContain("Fetching Electron's binary");
    },
  );
});
