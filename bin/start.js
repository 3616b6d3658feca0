#!/usr/bin/env node
// `npm start`: the desktop window where Electron and the built shell are available. Electron's
// binary is fetched on first start (its install script is not run by npm here, so an offline
// install succeeds); where it cannot be had, the same app opens in the browser (browser mode).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const mainEntry = fileURLToPath(new URL('../dist/main/main.js', import.meta.url));
// Electron starts from the package folder (package.json's "main"), so app.getAppPath() is its root.
const packageDir = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  try {
    // The electron package exports the path of its downloaded binary, and throws when it is missing.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path)
      ? { path }
      : { why: 'the Electron binary is missing (its download failed or was skipped)' };
  } catch (error) {
    const missing = error && error.code === 'MODULE_NOT_FOUND';
    // Without its binary, the electron package throws "Electron failed to install correctly".
    if (!missing && /failed to install correctly/.test(String(error?.message)))
      return { why: 'the Electron binary is missing (its download failed or was skipped)' };
    return {
      why: missing
        ? 'Electron is not installed'
        : `Electron cannot start: ${error.message.split('\n')[0]}`,
    };
  }
}

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
  }
  return result.status === 0;
}

let electron = electronBinary();
if (!electron.path && electron.why?.includes('binary is missing') && fetchElectron())
  electron = electronBinary();
if (electron.path && existsSync(mainEntry)) {
  run(electron.path, [packageDir]);
} else {
  const reasons = [];
  if (!existsSync(mainEntry)) reasons.push('the desktop shell is not built (run "npm run build")');
  if (electron.why) reasons.push(electron.why);
  console.error(`The desktop window cannot open here: ${reasons.join('; ')}.`);
  console.error('Opening Transfer Studio in your browser instead (npm run web).\n');
  run(process.execPath, [fileURLToPath(new URL('./web.js', import.meta.url)), '--open']);
}
