import { existsSync, watch } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { HandlerContext } from '../hosts/handlers/createHandlers.js';
import { sourceGate, type GatePoint } from './gatedSource.js';

/** Names the gate's folder in the env of a trainer started from gatedWorkerEntry.js. */
export const GATE_DIR_ENV = 'TRANSFER_STUDIO_TEST_GATE_DIR';

/**
 * A scan gate for a trainer in another thread, driven through files in `dir`: the trainer writes
 * `reached` when a scan waits at the gate and `aborted` when that scan's signal aborts; the test
 * writes `open` to let it go on. Events, not polling: both sides watch the folder.
 */
export function fileGatedSource(
  dir: string,
  at: GatePoint,
): Pick<HandlerContext, 'openDatasetSource'> {
  const gate = sourceGate(at);
  void gate.reached.then(async (signal) => {
    signal?.addEventListener('abort', () => void writeFile(join(dir, 'aborted'), ''), {
      once: true,
    });
    await writeFile(join(dir, 'reached'), '');
    await fileAppears(join(dir, 'open'));
    gate.open();
  });
  return { openDatasetSource: gate.openDatasetSource };
}

/** Resolves once a file exists at `path` (at once if it does). */
export function fileAppears(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(path), (_event, name) => {
      if (name === basename(path) && existsSync(path)) done();
    });
    watcher.on('error', reject);
    const done = () => {
      watcher.close();
      resolve();
    };
    // Made before the watcher started: no event will come for it.
    if (existsSync(path)) done();
  });
}
