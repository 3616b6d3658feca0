import type { ClassSummary, DatasetLayout, DatasetWarning, SplitName } from './dataset.js';

export interface DuplicateGroup {
  sha256: string;
  files: { path: string; className: string }[];
}

export interface WarningInputs {
  layout: DatasetLayout;
  classes: readonly ClassSummary[];
  duplicates: readonly DuplicateGroup[];
  /** Paths of images whose shorter side is below `minSide`. */
  smallImages: readonly string[];
  minSide: number;
  /** Largest/smallest class count at or above which imbalance is reported. */
  imbalanceRatio: number;
}

/** How many example paths a warning carries; the count in its message is always complete. */
export const WARNING_EXAMPLE_LIMIT = 20;

export function datasetWarnings(inputs: WarningInputs): DatasetWarning[] {
  return [
    ...classCountWarnings(inputs.classes),
    ...duplicateWarnings(inputs.duplicates),
    ...smallImageWarnings(inputs.smallImages, inputs.minSide),
    ...imbalanceWarnings(inputs.classes, inputs.imbalanceRatio),
    ...splitCoverageWarnings(inputs),
  ];
}

function classCountWarnings(classes: readonly ClassSummary[]): DatasetWarning[] {
  if (classes.length === 0) {
    return [
      {
        code: 'no-classes',
        message:
          'No class folders were found. Put the images of each class in a folder of its own.',
      },
    ];
  }
  const warnings: DatasetWarning[] = [];
  const empty = classes.filter((c) => c.count === 0).map((c) => c.name);
  if (empty.length > 0) {
    warnings.push({
      code: 'empty-class',
      message: `${plural(empty.length, 'class has', 'classes have')} no usable images: ${empty.join(', ')}.`,
      classes: empty,
    });
  }
  const usable = classes.filter((c) => c.count > 0);
  if (usable.length === 1) {
    warnings.push({
      code: 'single-class',
      message: `Only one class (${usable[0]?.name ?? ''}) has images; a classifier needs at least two.`,
      classes: usable.map((c) => c.name),
    });
  }
  return warnings;
}

function duplicateWarnings(groups: readonly DuplicateGroup[]): DatasetWarning[] {
  const across = groups.filter((g) => new Set(g.files.map((f) => f.className)).size > 1);
  const within = groups.filter((g) => new Set(g.files.map((f) => f.className)).size === 1);
  const warnings: DatasetWarning[] = [];
  if (across.length > 0) {
    warnings.push({
      code: 'duplicates-across-classes',
      message: `${plural(across.length, 'image appears', 'images appear')} in more than one class (identical files); each copy teaches the model a different label.`,
      classes: unique(across.flatMap((g) => g.files.map((f) => f.className))),
      files: examplePaths(across),
    });
  }
  if (within.length > 0) {
    warnings.push({
      code: 'duplicates-within-class',
      message: `${plural(within.length, 'image is', 'images are')} stored more than once in the same class; copies can land in both training and validation and inflate accuracy.`,
      classes: unique(within.flatMap((g) => g.files.map((f) => f.className))),
      files: examplePaths(within),
    });
  }
  return warnings;
}

function smallImageWarnings(paths: readonly string[], minSide: number): DatasetWarning[] {
  if (paths.length === 0) return [];
  return [
    {
      code: 'small-images',
      message: `${plural(paths.length, 'image is', 'images are')} smaller than ${minSide}×${minSide} pixels and will be upscaled, which blurs detail.`,
      files: paths.slice(0, WARNING_EXAMPLE_LIMIT),
    },
  ];
}

function imbalanceWarnings(classes: readonly ClassSummary[], ratio: number): DatasetWarning[] {
  const usable = classes.filter((c) => c.count > 0);
  if (usable.length < 2) return [];
  const largest = usable.reduce((a, b) => (b.count > a.count ? b : a));
  const smallest = usable.reduce((a, b) => (b.count < a.count ? b : a));
  if (largest.count / smallest.count < ratio) return [];
  return [
    {
      code: 'class-imbalance',
      message: `Classes are imbalanced: "${largest.name}" has ${largest.count} images but "${smallest.name}" only ${smallest.count}. Add images to small classes or use class weights.`,
      classes: [largest.name, smallest.name],
    },
  ];
}

function splitCoverageWarnings(inputs: WarningInputs): DatasetWarning[] {
  if (inputs.layout !== 'split-folders') return [];
  const splits = new Set<SplitName>(
    inputs.classes.flatMap((c) => Object.keys(c.splits ?? {}) as SplitName[]),
  );
  const warnings: DatasetWarning[] = [];
  for (const split of splits) {
    const missing = inputs.classes.filter((c) => !c.splits?.[split]).map((c) => c.name);
    if (missing.length === 0) continue;
    warnings.push({
      code: 'class-missing-from-split',
      message: `The ${split} folder has no images of: ${missing.join(', ')}.`,
      classes: missing,
    });
  }
  return warnings;
}

function examplePaths(groups: readonly DuplicateGroup[]): string[] {
  return groups.flatMap((g) => g.files.map((f) => f.path)).slice(0, WARNING_EXAMPLE_LIMIT);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
