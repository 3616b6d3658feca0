#!/usr/bin/env node
// `npm run dist`: installers for this platform with electron-builder (AppImage + deb on Linux,
// NSIS on Windows, dmg on macOS), the pack store's model packs inside. It needs the Electron
// binary (npm start fetches it once while online) and says clearly what is missing where not.
// electron-builder itself is fetched on first use (npx, pinned below), not installed by `npm ci`:
// every student's install would otherwise carry ~190 packages only this script needs, and its
// @electron/rebuild declares Node >= 22.12 (EBADENGINE on Node 20), for a rebuild this project
// turns off (npmRebuild: false: onnxruntime-node and sharp ship N-API prebuilds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from '../bin/electronBinary.js';

const ELECTRON_BUILDER = 'electron-builder@26.17.0';

const missing = [];
if (!('path' in findElectronBinary()))
  missing.push(
    'the Electron binary (run "npm start" once while online, or: node node_modules/electron/install.js)',
  );
if (missing.length > 0) {
  console.error(`Cannot build installers here; missing: ${missing.join('; ')}.`);
  console.error(
    `${ELECTRON_BUILDER} and its platform tools (AppImage, fpm, NSIS) are also downloaded on first use.`,
  );
  process.exit(1);
}

const { appFolder } = await import('../dist/src/node/adapters/platform/appHome.js');
const store = appFolder(process.env, 'models');
const packs = existsSync(store) ? readdirSync(store).filter((name) => !name.startsWith('.')) : [];
const empty = join(process.cwd(), 'build', 'no-packs');
if (packs.length === 0) {
  mkdirSync(empty, { recursive: true });
  console.warn(`No model packs in ${store}: the installers will carry only the bundled ones.`);
} else console.log(`Bundling ${packs.length} model pack(s) from ${store}: ${packs.join(', ')}`);

const run = (command, args, env = process.env) => {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npm', ['run', 'build']);
run('npx', ['--yes', ELECTRON_BUILDER, '--config', 'electron-builder.yml', '--publish', 'never'], {
  ...process.env,
  TRANSFER_STUDIO_DIST_PACKS: packs.length > 0 ? store : empty,
});
