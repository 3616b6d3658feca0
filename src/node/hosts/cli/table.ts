import { shown } from './shown.js';

/** Left-aligned text columns, numbers right-aligned: enough for terminal reports. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => shown(String(cell))));
  const widths = header.map((_, c) => Math.max(...cells.map((row) => [...(row[c] ?? '')].length)));
  const numeric = header.map(
    (_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number'),
  );
  return cells
    .map((row) =>
      row
        .map((cell, c) => {
          const pad = ' '.repeat((widths[c] ?? 0) - [...cell].length);
          return numeric[c] ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The lines listing skipped files and why, after a blank line; none when nothing was skipped. */
export function skippedSection(skipped: readonly { path: string; reason: string }[]): string[] {
  if (skipped.length === 0) return [];
  return [
    '',
    'Skipped:',
    renderTable(
      ['File', 'Reason'],
      skipped.map((s) => [s.path, s.reason]),
    ),
  ];
}
