import type { ImportedImage, ScanReport } from '../../../common/dataset.js';
import { AppError } from '../../../common/errors.js';
import { splitDataset, type DatasetSplit } from '../../../common/split.js';
import type { TrainSettings } from '../../../common/training.js';

export interface TrainingSplit {
  /** Classes that have images, in the scan's order: a model's output order. */
  classes: string[];
  split: DatasetSplit<ImportedImage>;
}

/**
 * The classes and the train/validation split every recipe trains on. It is the rule the transfer
 * run applies (classes with images, stratified split by the settings' fraction and seed), kept in
 * one place so that a from-scratch run compared with it sees exactly the same images.
 */
export function splitForTraining(
  report: ScanReport,
  settings: Pick<TrainSettings, 'validationSplit' | 'seed'>,
): TrainingSplit {
  const classes = report.classes.filter((c) => c.count > 0).map((c) => c.name);
  if (classes.length < 2)
    throw new AppError(
      'NOT_A_DATASET',
      `Training needs at least two classes with images; found ${classes.length}`,
    );
  const usable = report.images.filter((i) => classes.includes(i.className));
  return {
    classes,
    split: splitDataset(usable, { validation: settings.validationSplit, seed: settings.seed }),
  };
}
