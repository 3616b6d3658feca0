import { parseArgs } from 'node:util';
import { datasetUnchanged } from '../../../../common/datasetChanges.js';
import {
  checkProjectDatasets,
  type DatasetCheck,
} from '../../../services/projects/checkDatasets.js';
import { openProject } from '../../../services/projects/projectStore.js';
import { UsageError, type CliIo } from '../io.js';

export const CHECK_PROJECT_USAGE = `Usage: transfer-studio check-project <project folder> [--json]

Opens a project (falling back to its last good copy if project.json is damaged) and re-scans
every dataset it references: images that moved, changed or vanished on disk, and new ones, are
listed, never dropped silently. Exits 0 when every dataset is as recorded, 3 when something
changed.
  --json   print the report as JSON`;

const EXIT_CHANGED = 3;
const LISTED = 20;

export async function checkProjectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const folder = positionals[0];
  if (!folder || positionals.length > 1) throw new UsageError(CHECK_PROJECT_USAGE);
  const { project, recoveredFromBackup, migratedFrom } = await openProject(folder);
  const checks = await checkProjectDatasets(folder, project, { migratedFrom });
  const unchanged = checks.every((c) => c.found && datasetUnchanged(c.changes));
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ project: project.name, recoveredFromBackup, checks })}\n`);
  } else {
    const lines = [`Project: ${project.name}`];
    if (recoveredFromBackup)
      lines.push('  project.json was damaged; opened the last good copy (project.json.bak)');
    for (const check of checks) lines.push(...describeCheck(check));
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return unchanged ? 0 : EXIT_CHANGED;
}

function describeCheck(check: DatasetCheck): string[] {
  const { path, found, changes, holds, notChecked } = check;
  const things = holds === 'texts' ? 'text files' : 'images';
  if (!found)
    return [
      `${path}: NOT FOUND — all ${changes.vanished.length} ${things} are missing (moved or unplugged?)`,
    ];
  if (notChecked && check.whyNotChecked === 'missing-when-saved')
    return [
      `${path}: not checked (it was missing or unreadable when the project was saved, so its text files were not recorded)`,
    ];
  if (notChecked)
    return [`${path}: not checked (saved by an older version that did not record its text files)`];
  if (datasetUnchanged(changes)) return [`${path}: as recorded (${changes.unchanged} ${things})`];
  const list = (title: string, items: string[]) =>
    items.length === 0
      ? []
      : [
          `  ${title} (${items.length}):`,
          ...items.slice(0, LISTED).map((item) => `    ${item}`),
          ...(items.length > LISTED
            ? [`    … and ${items.length - LISTED} more (--json lists all)`]
            : []),
        ];
  return [
    `${path}: ${changes.unchanged} ${things} as recorded`,
    ...list(
      'moved',
      changes.moved.map((m) => `${m.from} → ${m.to}`),
    ),
    ...list('changed on disk', changes.changed),
    ...list('vanished', changes.vanished),
    ...list('new', changes.added),
  ];
}
