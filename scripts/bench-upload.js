#!/usr/bin/env node
// `node scripts/bench-upload.js [MiB]` (default 2048): starts `npm run web` (built) in a child
// process, uploads one zip-named file of that size the way the page does (1 MiB chunks, one
// message each) and reports the server's resident memory before and at its peak. The upload
// must not grow the server by the file's size: the goal is < 200 MB for 2 GB.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contractSocket,
  measureUpload,
  startWebChild,
} from '../dist/src/node/hosts/web/webChild.js';

const mib = Number(process.argv[2] ?? 2048);
const home = await mkdtemp(join(tmpdir(), 'ts-bench-upload-'));
const server = await startWebChild({ TRANSFER_STUDIO_HOME: home });
try {
  const { ws, rpc } = await contractSocket(server);
  const measured = await measureUpload(server, rpc, mib * 2 ** 20);
  const size = (await stat(measured.path)).size;
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `uploaded ${mb(size)} in ${measured.seconds.toFixed(1)} s (${(size / 2 ** 20 / measured.seconds).toFixed(1)} MiB/s)`,
  );
  console.log(
    `server RSS: ${mb(measured.baselineRss)} after the first chunk, peak ${mb(measured.peakRss)}`,
  );
  console.log(`growth: ${mb(measured.peakRss - measured.baselineRss)} (goal: < 200 MiB)`);
  ws.close();
  process.exitCode = measured.peakRss - measured.baselineRss < 200 * 2 ** 20 ? 0 : 1;
} finally {
  server.child.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
}
