#!/usr/bin/env node
// The CLI runs the compiled engine in dist/ (built by `npm install`, or `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/node/hosts/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error(
    'transfer-studio is not built yet: run `npm install` (or `npm run build`) in its folder.',
  );
  process.exit(1);
}
const { runCli } = await import(entry.href);
const { processIo } = await import(
  new URL('../dist/src/node/hosts/cli/io.js', import.meta.url).href
);
process.exitCode = await runCli(process.argv.slice(2), processIo());
