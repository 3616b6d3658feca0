#!/usr/bin/env node
// `npm start`: the desktop window where Electron and the built shell are available. Electron's
// binary is fetched on first start (its install script is not run by npm here, so an offline
// install succeeds); where it cannot be had, the same app opens in the browser (browser mode).
// A failed fetch is remembered, so an offline machine does not wait on it at every start:
// `npm start -- --retry-download` tries again (so does a different Electron version).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electronBinary.js';

const require = createRequire(import.meta.url);
const mainEntry = fileURLToPath(new URL('../dist/main/main.js', import.meta.url));
// Electron starts from the package folder (package.json's "main"), so app.getAppPath() is its root.
const packageDir = fileURLToPath(new URL('..', import.meta.url));

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  // The child does the shutting down: a signal sent to this process alone (kill, a service
  // manager) is passed on, and this process stays until the child has finished stopping,
  // instead of dying first and leaving it behind. The child ignores a repeat of a signal it
  // already got from the terminal.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => child.exitCode === null && child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

/** Runs Electron's own install script once, which downloads the binary; false when that fails. */
function fetchElectron() {
  let script;
  try {
    script = require.resolve('electron/install.js');
  } catch {
    return false;
  }
  console.error("Fetching Electron's binary (once; needs the internet)…");
  const result = spawnSync(process.execPath, [script], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) {
    const reason = /(E[A-Z]{4,}[^\n]*)/.exec(result.stderr ?? '')?.[1] ?? 'download failed';
    console.error(`Could not fetch it (${reason.trim()}).`);
    rememberFailedDownload(reason.trim());
  }
  return result.status === 0;
}

/** Where a failed download is remembered: the app's home folder, as the app itself uses it. */
function downloadNote() {
  const home = process.env.TRANSFER_STUDIO_HOME || join(homedir(), '.transfer-studio');
  return join(home, 'electron-download.json');
}

function electronVersion() {
  try {
    return require('electron/package.json').version;
  } catch {
    return 'unknown';
  }
}

function rememberFailedDownload(reason) {
  try {
    const note = downloadNote();
    mkdirSync(join(note, '..'), { recursive: true });
    const failed = { version: electronVersion(), reason, at: new Date().toISOString() };
    writeFileSync(note, `${JSON.stringify(failed, null, 2)}\n`);
  } catch {
    // Not remembering only means trying again next time.
  }
}

function shouldTryDownload() {
  if (process.argv.includes('--retry-download')) return true;
  let failed;
  try {
    failed = JSON.parse(readFileSync(downloadNote(), 'utf8'));
  } catch {
    return true;
  }
  if (failed.version !== electronVersion()) return true;
  console.error(
    `Electron's binary could not be fetched on ${failed.at.slice(0, 10)} (${failed.reason}); ` +
      'not trying again. Run "npm start -- --retry-download" once you are online.',
  );
  return false;
}

let electron = findElectronBinary();
if (electron.binaryMissing && shouldTryDownload() && fetchElectron())
  electron = findElectronBinary();
if (electron.path && existsSync(mainEntry)) {
  run(electron.path, [packageDir]);
} else {
  const reasons = [];
  if (!existsSync(mainEntry)) reasons.push('the desktop shell is not built (run "npm run build")');
  if (electron.missing) reasons.push(electron.missing);
  console.error(`The desktop window cannot open here: ${reasons.join('; ')}.`);
  console.error('Opening Transfer Studio in your browser instead (npm run web).\n');
  // TRANSFER_STUDIO_NO_BROWSER: serve without opening a browser window (tests, remote shells).
  const open = process.env.TRANSFER_STUDIO_NO_BROWSER ? [] : ['--open'];
  run(process.execPath, [fileURLToPath(new URL('./web.js', import.meta.url)), ...open]);
}
