#!/usr/bin/env node
// Part of `npm test`: Doyensec's electronegativity over the Electron main process and the built
// page. It exits 0 whatever it finds, so its CSV is read here: any HIGH or MEDIUM finding fails.
// The Electron version comes from the installed package; the online "security fixes" check is
// skipped (offline by design).
import { spawnSync } from 'node:child_process';
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
  const csv = join(stage, 'findings.csv');
  const run = spawnSync(
    process.execPath,
    [
      require.resolve('@doyensec/electronegativity/dist/index.js'),
      '-i',
      stage,
      '-o',
      csv,
      '-e',
      electronVersion,
      '-x',
      'AvailableSecurityFixesGlobalCheck',
    ],
    { encoding: 'utf8' },
  );
  if (!existsSync(csv)) {
    console.error(`electronegativity did not run:\n${run.stdout}\n${run.stderr}`);
    process.exit(1);
  }
  const findings = readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map(parseCsvLine)
    .map(([issue, severity, confidence, file, location, , description]) => ({
      issue,
      severity,
      confidence,
      file: file?.replace(stage, 'main'),
      location,
      description,
    }));
  // Findings the tool asks a person to review (it flags every preload), each with the review.
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
    `electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${serious.length} HIGH or MEDIUM not reviewed`,
  );
  process.exitCode = serious.length > 0 || stale.length > 0 ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/** One CSV line: fields may be quoted, quotes doubled inside. */
function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}
