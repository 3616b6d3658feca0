import type { ScanReport, SkipCode } from '../../src/common/dataset.js';
import { STRINGS } from '../app/strings.js';

/** What a class card on the Data screen shows. */
export interface ClassCard {
  name: string;
  count: number;
  /** Share of all imported images, 0..1. */
  share: number;
  /** "train 40 · validation 10" for datasets that came with their own split. */
  splitText: string | undefined;
  /** Warnings that name this class. */
  warnings: string[];
}

export function classCards(report: ScanReport): ClassCard[] {
  const total = report.files.imported;
  return report.classes.map((summary) => ({
    name: summary.name,
    count: summary.count,
    share: total === 0 ? 0 : summary.count / total,
    splitText: summary.splits
      ? Object.entries(summary.splits)
          .map(([split, n]) => `${split} ${n}`)
          .join(' · ')
      : undefined,
    warnings: report.warnings
      .filter((w) => w.classes?.includes(summary.name))
      .map((w) => w.message),
  }));
}

export interface ProblemGroup {
  code: SkipCode;
  /** A plain-words heading for the problems panel. */
  title: string;
  files: { path: string; reason: string }[];
}

const TITLES: Record<SkipCode, string> = {
  'not-an-image': 'Not images',
  'unsupported-format': 'Image formats the app cannot read',
  'corrupt-image': 'Damaged or cut-off images',
  'empty-file': 'Empty files',
  'file-too-large': 'Files too large',
  'too-many-pixels': 'Images with too many pixels',
  symlink: 'Shortcuts (links) not followed',
  'special-file': 'Special files',
  unreadable: 'Files that could not be read',
  'unreadable-folder': 'Folders that could not be read',
  'folder-too-deep': 'Folders nested too deeply to be read',
  'undecodable-name': 'Files whose names cannot be read',
  'system-file': 'System and hidden files',
  'outside-class-folder': 'Files outside a class folder',
  'unsafe-zip-entry': 'Unsafe paths in the zip',
  'zip-entry-invalid': 'Zip entries that cannot be unpacked',
  'binary-file': 'Files that are not text',
  'not-utf8': 'Text files in an encoding other than UTF-8',
  'empty-text': 'Empty texts',
};

/** Groups skipped files by reason, biggest group first, for the problems panel. */
export function problemGroups(report: ScanReport): ProblemGroup[] {
  const groups = new Map<SkipCode, ProblemGroup>();
  for (const skipped of report.skipped) {
    const group = groups.get(skipped.code) ?? {
      code: skipped.code,
      title: TITLES[skipped.code],
      files: [],
    };
    group.files.push({ path: skipped.path, reason: skipped.reason });
    groups.set(skipped.code, group);
  }
  return [...groups.values()].sort((a, b) => b.files.length - a.files.length);
}

/**
 * What to tell the student when a scan found no usable image, in plain words; undefined when it
 * found some. Such a scan never replaces the dataset they have (see the workspace reducer).
 */
export function emptyImportMessage(
  path: string,
  report: ScanReport,
  current: ScanReport | undefined,
): string | undefined {
  // A text scan always holds texts, or the columns it needs chosen to read them.
  if (report.images.length > 0 || report.modality === 'text') return undefined;
  const S = STRINGS.emptyImport;
  const biggest = problemGroups(report)[0];
  return [
    S.nothingUsable(path, report.files.skipped),
    biggest ? S.mostlyBecause(biggest.title, biggest.files.length) : undefined,
    current && current.images.length > 0 ? S.kept(current.images.length) : S.hint,
  ]
    .filter(Boolean)
    .join(' ');
}
