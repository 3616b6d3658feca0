#!/usr/bin/env node
// Flakiness check (not a test): runs the whole test command once on a quiet machine and then
// several times while busy-loop processes keep every core occupied, and reports each run's wall
// time and outcome. A test that passes quietly and fails under load depends on the machine's speed.
// Usage: npm run test:under-load -- [--runs 3] [--busy <processes, default: one per core>]
//        [--command "npm test"] [--skip-quiet]
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    busy: { type: 'string', default: String(availableParallelism()) },
    command: { type: 'string', default: 'npm test' },
    'skip-quiet': { type: 'boolean', default: false },
  },
});

const BUSY_LOOP = 'for (;;) { Math.sqrt(Math.random()); }';
const busy = [];

function startLoad(count) {
  for (let i = 0; i < count; i++) {
    busy.push(spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' }));
  }
}

function stopLoad() {
  for (const child of busy.splice(0)) child.kill('SIGKILL');
}

function runOnce(label) {
  return new Promise((resolve) => {
    const started = performance.now();
    console.log(`\n=== ${label}: ${values.command}`);
    const child = spawn(values.command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      resolve({ label, code, seconds, failures: failedTests(tail) });
    });
  });
}

const ESC = String.fromCharCode(27);
const ANSI_COLOUR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** Names of failed tests as Vitest (FAIL / ×) and Playwright (✘) print them. */
function failedTests(output) {
  const lines = output.split('\n').map((l) => l.replace(ANSI_COLOUR, ''));
  return [...new Set(lines.filter((l) => /^\s*(FAIL\s|×\s|✘\s)/.test(l)).map((l) => l.trim()))];
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopLoad();
    process.exit(130);
  });
}
process.on('exit', stopLoad);

const results = [];
if (!values['skip-quiet']) results.push(await runOnce('quiet'));
const runs = Number(values.runs);
const load = Number(values.busy);
for (let i = 1; i <= runs; i++) {
  startLoad(load);
  try {
    results.push(await runOnce(`under load ${i}/${runs} (${load} busy processes)`));
  } finally {
    stopLoad();
  }
}

console.log('\n=== summary');
for (const r of results) {
  const verdict = r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`;
  console.log(`${r.label}: ${verdict} in ${r.seconds.toFixed(0)} s`);
  for (const f of r.failures) console.log(`    ${f}`);
}
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
