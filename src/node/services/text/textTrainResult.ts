import type { FitResult } from '../../../engine/training/fitOnArrays.js';
import type { TextExample } from '../dataset/textHealth.js';
import type { TrainResult } from '../training/runTraining.js';
import type { TextExamplesEvaluation } from './textEvaluation.js';

/** What a finished text run, transfer or from scratch, knows about itself. */
export interface FinishedTextRun {
  out: string;
  recipe: 'transfer' | 'scratch';
  classes: readonly string[];
  trainCount: number;
  fit: FitResult;
  evaluation: TextExamplesEvaluation | undefined;
  validation: readonly TextExample[];
  backend: { backend: string; label: string };
  /** Texts turned into features per second, and how many came from the cache. */
  featurised: { perSecond: number; cached: number };
  timings: TrainResult['timings'];
}

/** The answer to training.start / training.scratch for a text run: the image run's shape. */
export function textTrainResult(run: FinishedTextRun): TrainResult {
  return {
    modelDir: run.out,
    recipe: run.recipe,
    classes: [...run.classes],
    counts: { train: run.trainCount, validation: run.validation.length },
    history: run.fit.history,
    bestEpoch: run.fit.bestEpoch,
    ...(run.fit.stopped ? { stopped: run.fit.stopped.message } : {}),
    ...(run.evaluation ? { validation: run.evaluation } : {}),
    validationPaths: run.validation.map((e) => e.origin),
    backend: run.backend.backend,
    embedding: {
      engine: 'tfjs',
      device: run.backend.label,
      imagesPerSecond: run.featurised.perSecond,
      cached: run.featurised.cached,
    },
    timings: run.timings,
  };
}
