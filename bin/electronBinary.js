// Where Electron's binary is, or why there is none. One answer for `npm start`, `npm run dist`
// and the Electron end-to-end test: the electron npm package exports the binary's path once its
// install script has downloaded it, and throws "failed to install correctly" until then.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @typedef {{ path: string } | { missing: string, binaryMissing: boolean }} ElectronBinary */

/** @returns {ElectronBinary} */
export function findElectronBinary() {
  try {
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return binaryMissing();
  } catch (error) {
    const message = String(error?.message ?? error);
    if (error?.code === 'MODULE_NOT_FOUND')
      return { missing: 'Electron is not installed', binaryMissing: false };
    if (/failed to install correctly/.test(message)) return binaryMissing();
    return {
      missing: `Electron cannot be loaded (${message.split('\n')[0]})`,
      binaryMissing: false,
    };
  }
}

function binaryMissing() {
  return {
    missing: 'the Electron binary is not installed (its download failed or has not run)',
    binaryMissing: true,
  };
}
