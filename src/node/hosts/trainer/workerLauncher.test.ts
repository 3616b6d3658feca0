import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../common/contract/contract.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import { writeShapeSamples } from '../../services/samples/shapes.js';
import { fileAppears, GATE_DIR_ENV } from '../../testing/fileGate.js';
import { TrainerHost } from './trainerHost.js';
import { defaultWorkerEntry, workerTrainerLauncher } from './workerLauncher.js';

// Worker threads run JavaScript: the compiled trainer, which `npm test` builds first (tsc -b).
const COMPILED_ENTRY = defaultWorkerEntry();
const GATED_ENTRY = join(packageRoot(), 'dist', 'src', 'node', 'testing', 'gatedWorkerEntry.js');

describe('the trainer in a worker thread', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-worker-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs the real engine: backend report and a dataset scan decoded with sharp', async () => {
    expect(existsSync(COMPILED_ENTRY), `${COMPILED_ENTRY} is missing: run "npx tsc -b"`).toBe(true);
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 3, size: 32, seed: 1 });
    const host = new TrainerHost(
      workerTrainerLauncher({
        entry: COMPILED_ENTRY,
        env: { TRANSFER_STUDIO_BACKEND: 'cpu', TRANSFER_STUDIO_MODELS: join(dir, 'store') },
      }),
    );
    try {
      expect((await host.call('backend.report', {})).backend).toBe('cpu');
      const report = await host.call('dataset.scan', { path: join(dir, 'shapes') });
      expect(report.files).toEqual({ seen: 9, imported: 9, skipped: 0 });
    } finally {
      await host.stop();
    }
  });

  it('cancels a scan of a large folder in the worker; the worker answers the next call', async () => {
    expect(existsSync(GATED_ENTRY), `${GATED_ENTRY} is missing: run "npx tsc -b"`).toBe(true);
    const perClass = 12;
    await writeShapeSamples(join(dir, 'large'), { perClass, size: 224, seed: 3 });
    // The worker's first scan waits mid-way until the test has seen the cancel reach it.
    const gate = join(dir, 'gate');
    await mkdir(gate);
    const host = new TrainerHost(
      workerTrainerLauncher({
        entry: GATED_ENTRY,
        env: { TRANSFER_STUDIO_BACKEND: 'cpu', [GATE_DIR_ENV]: gate },
      }),
    );
    try {
      const controller = new AbortController();
      const scan = host.call(
        'dataset.scan',
        { path: join(dir, 'large'), scanId: 'large' },
        { signal: controller.signal },
      );
      await Promise.race([
        fileAppears(join(gate, 'reached')),
        scan.then(() => expect.fail('the scan ended without reaching its gate')),
      ]);
      controller.abort();
      await fileAppears(join(gate, 'aborted'));
      await writeFile(join(gate, 'open'), '');
      await expect(scan).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(host.isRunning).toBe(true);
      const again = await host.call('dataset.scan', { path: join(dir, 'large') });
      expect(again.files.imported).toBe(3 * perClass);
    } finally {
      await host.stop();
    }
  });

  it('forwards what the trainer prints as trainer.log events', async () => {
    const compiled = (name: string) =>
      new URL(`../../../../dist/src/node/${name}`, import.meta.url).href;
    const entry = join(dir, 'chatty.mjs');
    await writeFile(
      entry,
      [
        "import { parentPort } from 'node:worker_threads';",
        `import { forwardConsole } from '${compiled('hosts/trainer/forwardConsole.js')}';`,
        `import { nodeMessagePort } from '${compiled('adapters/rpc/nodePort.js')}';`,
        'forwardConsole(nodeMessagePort(parentPort));',
        "parentPort.on('message', () => { console.warn('disk almost full:', 97, '%'); console.log({ a: 1 }); process.exit(0); });",
      ].join('\n'),
    );
    const host = new TrainerHost(workerTrainerLauncher({ entry, env: {} }));
    const logs: EventOf<'trainer.log'>[] = [];
    host.subscribe((name, payload) => {
      if (name === 'trainer.log') logs.push(payload as EventOf<'trainer.log'>);
    });
    await expect(host.call('bases.list', {})).rejects.toMatchObject({ code: 'TRAINER_CRASHED' });
    expect(logs).toEqual([
      { level: 'warn', message: 'disk almost full: 97 %' },
      { level: 'info', message: '{"a":1}' },
    ]);
  });

  it('reports a trainer that exits on its own as TRAINER_CRASHED with its exit code', async () => {
    const entry = join(dir, 'crashing.mjs');
    await writeFile(
      entry,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(7));\n",
    );
    const host = new TrainerHost(workerTrainerLauncher({ entry, env: {} }));
    await expect(host.call('bases.list', {})).rejects.toMatchObject({
      code: 'TRAINER_CRASHED',
      details: { exitCode: 7 },
    });
    expect(host.isRunning).toBe(false);
  });

  it('caps the trainer’s memory: running out ends it with OUT_OF_MEMORY, the host lives on', async () => {
    const entry = join(dir, 'hungry.mjs');
    await writeFile(
      entry,
      "import { parentPort } from 'node:worker_threads';\nconst kept = [];\nparentPort.on('message', () => { for (;;) kept.push(new Array(1e5).fill({ n: kept.length })); });\n",
    );
    const host = new TrainerHost(workerTrainerLauncher({ entry, env: {}, maxHeapMb: 48 }));
    const exited = new Promise<EventOf<'trainer.exited'>>((resolve) =>
      host.subscribe((name, payload) => {
        if (name === 'trainer.exited') resolve(payload as EventOf<'trainer.exited'>);
      }),
    );
    await expect(host.call('bases.list', {})).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
    expect(await exited).toMatchObject({
      reason: 'out-of-memory',
      message: expect.stringContaining('48 MiB'),
    });
  }, 60_000);
});
