#!/usr/bin/env node
// `npm start`: the desktop window where Electron and the built shell are available; otherwise it
// says why and runs the headless demo, so a fresh clone always shows the main job working.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const mainEntry = fileURLToPath(new URL('../dist/main/main.js', import.meta.url));

function electronBinary() {
  try {
    // The electron package exports the path of its downloaded binary, and throws when it is missing.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path)
      ? { path }
      : { why: 'the Electron binary is missing (its download failed or was skipped)' };
  } catch (error) {
    const missing = error && error.code === 'MODULE_NOT_FOUND';
    return {
      why: missing
        ? 'Electron is not installed'
        : `Electron cannot start: ${error.message.split('\n')[0]}`,
    };
  }
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

const electron = electronBinary();
if (electron.path && existsSync(mainEntry)) {
  run(electron.path, [mainEntry]);
} else {
  const reasons = [];
  if (!existsSync(mainEntry))
    reasons.push('the desktop shell (main process) is not part of this build yet');
  if (electron.why) reasons.push(electron.why);
  console.error(`The desktop window cannot open here: ${reasons.join('; ')}.`);
  console.error('Running the headless demo instead (npx transfer-studio demo).\n');
  run(process.execPath, [fileURLToPath(new URL('./transfer-studio.js', import.meta.url)), 'demo']);
}
