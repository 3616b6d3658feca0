import { APP_STRINGS } from './strings/app.js';
import { CAMERA_STRINGS } from './strings/camera.js';
import { DATA_STRINGS } from './strings/data.js';
import { EVALUATE_STRINGS } from './strings/evaluate.js';
import { EXPORT_STRINGS } from './strings/export.js';
import { MODEL_STRINGS } from './strings/model.js';
import { PROJECT_STRINGS } from './strings/project.js';
import { RUNS_STRINGS } from './strings/runs.js';
import { TEXT_STRINGS } from './strings/text.js';
import { TRAIN_STRINGS } from './strings/train.js';
import { TRY_IT_STRINGS } from './strings/tryIt.js';

/**
 * Every string the UI shows, in one place (ready for translation). Each screen's strings live in
 * `strings/<screen>.ts`; add a new entry there, beside its neighbours.
 */
export const STRINGS = {
  ...APP_STRINGS,
  ...DATA_STRINGS,
  ...MODEL_STRINGS,
  ...TRAIN_STRINGS,
  ...EVALUATE_STRINGS,
  ...RUNS_STRINGS,
  ...TRY_IT_STRINGS,
  ...CAMERA_STRINGS,
  ...EXPORT_STRINGS,
  ...PROJECT_STRINGS,
  ...TEXT_STRINGS,
} as const;
