#!/usr/bin/env node
// `npm run web`: the app in a browser on this computer (browser mode), for machines without the
// Electron binary. The printed address carries an access key (kept between runs, with the port,
// in the app's home folder); nothing else gets in.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startBrowserMode } from '../dist/src/node/hosts/web/browserMode.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, open: { type: 'boolean', default: false } },
});

let mode;
try {
  mode = await startBrowserMode({
    env: process.env,
    remember: true,
    ...(values.port ? { port: Number(values.port) } : {}),
  });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(
  `Transfer Studio is running. Open this address in a browser on this computer:\n\n  ${mode.server.url}\n`,
);
if (mode.notice) console.log(`${mode.notice}\n`);
console.log(
  'It works only from this computer and only with the key in the address; the same address works next time. Ctrl+C stops it.',
);
mode.trainer.subscribe((name, payload) => {
  if (name === 'trainer.exited') console.error(`Trainer: ${payload.message}`);
});
if (values.open) openInBrowser(mode.server.url);

// One Ctrl+C stops everything: the server drops its sockets and keep-alive connections, the
// trainer thread is terminated. The terminal's group and `npm start` may both deliver the same
// signal, so repeats are ignored; a trainer stuck in native code cannot hold the exit past 2 s.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      console.error('Stopped without waiting any longer for the trainer.');
      process.exit(0);
    }, 2000).unref();
    mode.close().then(
      () => process.exit(0),
      (error) => {
        console.error(`While stopping: ${error.message}`);
        process.exit(1);
      },
    );
  });

function openInBrowser(url) {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('(Could not open a browser by itself; copy the address.)'));
  child.unref();
}
