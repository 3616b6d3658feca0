import { AppError } from '../../../common/errors.js';
import { compareCodePoints, splitDataset } from '../../../common/split.js';
import type { TrainSettings } from '../../../common/training.js';
import type { TextExample } from '../dataset/textHealth.js';

export interface TextSplit {
  /** Class names in code-point order; a model's outputs follow it. */
  classes: string[];
  /** Indices into the examples given: what trains, and what is held out to validate. */
  train: number[];
  validation: number[];
}

/**
 * The seeded, stratified split every text run uses, transfer or from scratch, so the two are
 * trained and scored on the very same texts when their settings (seed, validation share) agree.
 */
export function splitTextExamples(
  examples: readonly TextExample[],
  settings: Pick<TrainSettings, 'validationSplit' | 'seed'>,
): TextSplit {
  const classes = [...new Set(examples.map((e) => e.label))].sort(compareCodePoints);
  if (classes.length < 2) {
    throw new AppError('INVALID_ARGUMENT', 'Training needs texts in at least two classes');
  }
  // The index keeps two identical texts of one origin apart (a table can repeat a line).
  const items = examples.map((example, index) => ({
    path: `${example.origin}#${index}`,
    className: example.label,
    index,
  }));
  const split = splitDataset(items, { validation: settings.validationSplit, seed: settings.seed });
  return {
    classes,
    train: split.train.map((item) => item.index),
    validation: split.validation.map((item) => item.index),
  };
}
