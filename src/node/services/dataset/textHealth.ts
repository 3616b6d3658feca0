/** Health checks of a text dataset, each a plain sentence with the numbers behind it. */

import { hexByte, type NotUtf8Byte } from './textDecode.js';

export interface TextExample {
  text: string;
  label: string;
  /** Where it came from: a file path, or a table's path and line ("reviews.csv:12"). */
  origin: string;
}

export type TextWarningCode =
  | 'empty-texts'
  | 'duplicates'
  | 'conflicting-duplicates'
  | 'long-texts'
  | 'single-class'
  | 'class-imbalance'
  | 'bad-rows'
  | 'unlabeled-rows'
  | 'not-utf8-text';

export interface TextWarning {
  code: TextWarningCode;
  message: string;
  /** Up to ten places it concerns. */
  examples: string[];
}

/** A file read although it is not (all) UTF-8, and the first byte that is not. */
export type FileNotUtf8 = { path: string } & NotUtf8Byte;

export interface HealthInput {
  examples: readonly TextExample[];
  /** Examples dropped because their text was empty or only whitespace. */
  emptyOrigins: readonly string[];
  /** Table rows dropped because their label was empty ("reviews.csv:12"). */
  unlabeledOrigins?: readonly string[] | undefined;
  badRows: readonly string[];
  notUtf8?: readonly FileNotUtf8[] | undefined;
  /**
   * Pieces of a text the encoder reads at most, and the pieces it leaves unread of a text (whole
   * sentences fill its windows, so a text can be cut well below `maxPieces`); no report without.
   */
  maxPieces?: number | undefined;
  cutPieces?: ((text: string) => number) | undefined;
}

const SHOWN = 10;
/** Largest class over smallest at or above which training favours the large class noticeably. */
const IMBALANCE_RATIO = 3;

export function textHealthWarnings(input: HealthInput): TextWarning[] {
  const warnings: TextWarning[] = [];
  if (input.emptyOrigins.length > 0) {
    warnings.push({
      code: 'empty-texts',
      message: `${plural(input.emptyOrigins.length, 'text was', 'texts were')} empty or only whitespace and left out.`,
      examples: input.emptyOrigins.slice(0, SHOWN),
    });
  }
  const unlabeled = input.unlabeledOrigins ?? [];
  if (unlabeled.length > 0) {
    warnings.push({
      code: 'unlabeled-rows',
      message: `${plural(unlabeled.length, 'row has', 'rows have')} text but no label and ${unlabeled.length === 1 ? 'was' : 'were'} left out; fill in the label to use ${unlabeled.length === 1 ? 'it' : 'them'}.`,
      examples: unlabeled.slice(0, SHOWN),
    });
  }
  warnings.push(...notUtf8Warnings(input.notUtf8 ?? []));
  if (input.badRows.length > 0) {
    warnings.push({
      code: 'bad-rows',
      message: `${plural(input.badRows.length, 'row was', 'rows were')} left out because the line could not be read as a row.`,
      examples: input.badRows.slice(0, SHOWN),
    });
  }
  warnings.push(...duplicateWarnings(input.examples));
  const long = longTextWarning(input);
  if (long) warnings.push(long);
  warnings.push(...classWarnings(input.examples));
  return warnings;
}

function notUtf8Warnings(files: readonly FileNotUtf8[]): TextWarning[] {
  const warnings: TextWarning[] = [];
  const asWindows1252 = files.filter((file) => file.readAs === 'windows-1252');
  if (asWindows1252.length > 0) {
    warnings.push({
      code: 'not-utf8-text',
      message: `${plural(asWindows1252.length, 'file is', 'files are')} not UTF-8 and ${asWindows1252.length === 1 ? 'was' : 'were'} read as Windows-1252 (how Excel saves "CSV" on Western Windows). Check that accented letters look right; to be sure, save as "CSV UTF-8" and import again.`,
      examples: asWindows1252.slice(0, SHOWN).map(whereNotUtf8),
    });
  }
  const replaced = files.filter((file) => file.readAs === 'utf-8-replaced');
  if (replaced.length > 0) {
    warnings.push({
      code: 'not-utf8-text',
      message: `${plural(replaced.length, 'file is', 'files are')} UTF-8 with some bytes that are not; each such byte was read as "\uFFFD". Fix those characters and import again to keep them.`,
      examples: replaced.slice(0, SHOWN).map(whereNotUtf8),
    });
  }
  return warnings;
}

function whereNotUtf8(file: FileNotUtf8): string {
  return `${file.path}: line ${file.line}, byte offset ${file.offset} (${hexByte(file.byte)})`;
}

function duplicateWarnings(examples: readonly TextExample[]): TextWarning[] {
  const byText = new Map<string, TextExample[]>();
  for (const example of examples) {
    const group = byText.get(example.text);
    if (group) group.push(example);
    else byText.set(example.text, [example]);
  }
  const repeated = [...byText.values()].filter((group) => group.length > 1);
  const conflicting = repeated.filter((group) => new Set(group.map((e) => e.label)).size > 1);
  const conflictingSet = new Set(conflicting);
  const sameClass = repeated.filter((group) => !conflictingSet.has(group));
  const warnings: TextWarning[] = [];
  if (sameClass.length > 0) {
    warnings.push({
      code: 'duplicates',
      message: `${plural(sameClass.length, 'text appears', 'texts appear')} more than once in the same class; copies can land in both training and test and make the scores look better than they are.`,
      examples: sameClass.slice(0, SHOWN).map(describeGroup),
    });
  }
  if (conflicting.length > 0) {
    warnings.push({
      code: 'conflicting-duplicates',
      message: `${plural(conflicting.length, 'text appears', 'texts appear')} in more than one class; no model can get both right. Keep each in one class.`,
      examples: conflicting.slice(0, SHOWN).map(describeGroup),
    });
  }
  return warnings;
}

function longTextWarning(input: HealthInput): TextWarning | undefined {
  const { maxPieces, cutPieces } = input;
  if (maxPieces === undefined || cutPieces === undefined) return undefined;
  const long = input.examples.filter((example) => cutPieces(example.text) > 0);
  if (long.length === 0) return undefined;
  return {
    code: 'long-texts',
    message: `${plural(long.length, 'text is', 'texts are')} longer than the encoder reads (at most ${maxPieces} word pieces, roughly ${maxPieces * 3} characters of English); only the start of each is used.`,
    examples: long.slice(0, SHOWN).map((example) => example.origin),
  };
}

function classWarnings(examples: readonly TextExample[]): TextWarning[] {
  const counts = new Map<string, number>();
  for (const example of examples) counts.set(example.label, (counts.get(example.label) ?? 0) + 1);
  if (counts.size === 1) {
    return [
      {
        code: 'single-class',
        message: `Every text is in one class (${[...counts.keys()][0]}); a classifier needs at least two.`,
        examples: [],
      },
    ];
  }
  if (counts.size < 2) return [];
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [largest, smallest] = [sorted[0] as [string, number], sorted.at(-1) as [string, number]];
  if (largest[1] < IMBALANCE_RATIO * smallest[1]) return [];
  return [
    {
      code: 'class-imbalance',
      message: `The classes are unbalanced: ${largest[0]} has ${largest[1]} texts and ${smallest[0]} only ${smallest[1]}. Add texts to the small classes, or expect the model to favour the large ones.`,
      examples: sorted.map(([label, count]) => `${label}: ${count}`),
    },
  ];
}

function describeGroup(group: readonly TextExample[]): string {
  const where = group.slice(0, 3).map((e) => `${e.origin} (${e.label})`);
  return `${snippet(group[0]?.text ?? '', 60)} — ${where.join(', ')}${group.length > 3 ? ', …' : ''}`;
}

/** The start of a text on one line, for reports and class cards. */
export function snippet(text: string, length = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= length ? oneLine : `${oneLine.slice(0, length - 1)}…`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
