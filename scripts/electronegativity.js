#!/usr/bin/env node
// Part of `npm test`: Doyensec's electronegativity over the Electron main process and the built
// page. Its command line exits 0 whatever it finds (and its CSV can come out cut short when it
// exits), so it is run through its own API here: any HIGH or MEDIUM finding fails, unless a person
// reviewed it (scripts/electronegativity-reviewed.json says why). The Electron version comes from
// the installed package; the online "security fixes" check is skipped (offline by design).
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js');
const root = new URL('..', import.meta.url).pathname;
const electronVersion = JSON.parse(
  readFileSync(require.resolve('electron/package.json'), 'utf8'),
).version;
const page = join(root, 'build', 'renderer', 'index.html');
if (!existsSync(page)) {
  console.error(
    'electronegativity: build/renderer/index.html is missing; run "npm run build" first.',
  );
  process.exit(1);
}

// What it should judge, without tests: the main process sources and the page the window loads.
const stage = mkdtempSync(join(tmpdir(), 'ts-electronegativity-'));
try {
  for (const name of readdirSync(join(root, 'main')))
    if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
      cpSync(join(root, 'main', name), join(stage, name));
  cpSync(page, join(stage, 'index.html'));
  writeFileSync(
    join(stage, 'package.json'),
    JSON.stringify({ devDependencies: { electron: electronVersion } }),
  );
  const result = await run({
    input: stage,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: true,
  });
  if (result.errors.length > 0) {
    console.error('electronegativity could not read some files:', result.errors);
    process.exit(1);
  }
  const findings = result.issues.map((issue) => ({
    issue: issue.id,
    severity: issue.severity.name,
    file: `main/${issue.file}`,
    location: `${issue.location.line}:${issue.location.column}`,
    description: issue.description,
  }));
  const reviewed = JSON.parse(
    readFileSync(join(root, 'scripts', 'electronegativity-reviewed.json'), 'utf8'),
  );
  const isReviewed = (f) => reviewed.some((r) => r.issue === f.issue && r.file === f.file);
  const serious = findings.filter(
    (f) => (f.severity === 'HIGH' || f.severity === 'MEDIUM') && !isReviewed(f),
  );
  for (const f of findings)
    console.log(
      `${f.severity.padEnd(13)} ${f.issue} ${f.file}:${f.location} ${f.description}${isReviewed(f) ? ' (reviewed: scripts/electronegativity-reviewed.json)' : ''}`,
    );
  const stale = reviewed.filter(
    (r) => !findings.some((f) => f.issue === r.issue && f.file === r.file),
  );
  for (const r of stale)
    console.log(`A reviewed finding no longer occurs; remove it: ${r.issue} ${r.file}`);
  console.log(
    `electronegativity (Electron ${electronVersion}, ${result.globalChecks + result.atomicChecks} checks): ${findings.length} findings, ${serious.length} HIGH or MEDIUM not reviewed`,
  );
  process.exitCode = serious.length > 0 || stale.length > 0 ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
