import type { ResponseOf } from '../../src/common/contract/contract.js';
import { STRINGS } from './strings.js';

type DatasetCheck = ResponseOf<'project.open'>['datasets'][number];

const S = STRINGS.project;
/** Paths named in a note; the rest are counted. */
const NAMED = 5;

/**
 * What reopening a project found for one dataset, in plain lines: nothing when it is as
 * recorded. A text dataset's changes are said by file, its edited files named.
 */
export function datasetCheckNotes(check: DatasetCheck): string[] {
  const { path, found, changes } = check;
  if (!found) return [S.datasetMissing(path)];
  if (check.notChecked && check.whyNotChecked === 'missing-when-saved')
    return [S.textsMissingWhenSaved(path)];
  if (check.notChecked) return [S.textsNotChecked(path)];
  if (check.holds === 'texts')
    return [
      ...(changes.moved.length ? [S.filesMoved(changes.moved.length)] : []),
      ...(changes.vanished.length
        ? [S.filesVanished(changes.vanished.length, changes.vanished.slice(0, NAMED))]
        : []),
      ...(changes.changed.length
        ? [S.filesChanged(changes.changed.length, changes.changed.slice(0, NAMED))]
        : []),
      ...(changes.added.length ? [S.filesAdded(changes.added.length)] : []),
    ];
  return [
    ...(changes.moved.length ? [S.moved(changes.moved.length)] : []),
    ...(changes.vanished.length
      ? [S.vanished(changes.vanished.length, changes.vanished.slice(0, NAMED))]
      : []),
    ...(changes.changed.length ? [S.changed(changes.changed.length)] : []),
    ...(changes.added.length ? [S.added(changes.added.length)] : []),
  ];
}
