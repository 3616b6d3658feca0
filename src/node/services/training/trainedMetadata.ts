import { resolve } from 'node:path';
import type { ImportedImage } from '../../../common/dataset.js';
import type { Evaluation } from '../../../common/evaluation.js';
import type { PhaseSeconds } from '../../../common/phaseSeconds.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';
import type {
  EpochMetrics,
  FineTuningOutcome,
  RefitOutcome,
  TrainSettings,
} from '../../../common/training.js';
import { packageVersion } from '../../adapters/platform/packageRoot.js';
import type { Preprocessing } from '../../../common/preprocessing.js';

/** The model under the head: a loaded base pack, or a from-scratch network's description. */
export interface BaseDescription {
  architecture?: string | undefined;
  name: string;
  source: string;
  kind: string;
  preprocessing: Preprocessing;
}

/** What a run knows when it writes its model: the metadata.json beside it. */
export interface MetadataInput {
  /** Absent for transfer learning. */
  recipe?: 'scratch';
  base: BaseDescription;
  classes: string[];
  settings: TrainSettings;
  dataset: string;
  split: { train: ImportedImage[]; validation: ImportedImage[] };
  backend: { backend: string };
  clock: { laps: Record<string, number> };
}

export interface RunOutcome {
  history: EpochMetrics[];
  bestEpoch: number;
  fineTuning?: FineTuningOutcome | undefined;
  refit?: RefitOutcome | undefined;
  validation: Evaluation | undefined;
  engine: 'onnxruntime' | 'tfjs';
  /** Wall seconds of each training phase (transfer runs; from scratch has one loop, its epochs). */
  phaseSeconds?: PhaseSeconds | undefined;
}

export function trainedMetadata(run: MetadataInput, outcome: RunOutcome): TrainedModelMetadata {
  const { validation } = outcome;
  return {
    format: 'transfer-studio-model',
    version: 1,
    ...(run.recipe ? { recipe: run.recipe } : {}),
    classes: run.classes,
    preprocessing: run.base.preprocessing,
    base: {
      ...(run.base.architecture ? { architecture: run.base.architecture } : {}),
      name: run.base.name,
      source: run.base.source,
      kind: run.base.kind,
    },
    settings: run.settings,
    history: outcome.history,
    bestEpoch: outcome.bestEpoch,
    ...(outcome.fineTuning ? { fineTuning: outcome.fineTuning } : {}),
    ...(outcome.refit ? { refit: outcome.refit } : {}),
    ...(outcome.phaseSeconds ? { phaseSeconds: outcome.phaseSeconds } : {}),
    counts: {
      train: countByClass(run.split.train),
      validation: countByClass(run.split.validation),
    },
    ...(validation
      ? {
          validation: {
            count: validation.count,
            accuracy: validation.accuracy,
            confusion: validation.confusion,
            perClass: validation.perClass,
          },
          validationImages: {
            dataset: resolve(run.dataset),
            paths: run.split.validation.map((i) => i.path),
          },
        }
      : {}),
    backend: run.backend.backend,
    embeddingEngine: outcome.engine,
    timings: run.clock.laps,
    createdAt: new Date().toISOString(),
    appVersion: packageVersion(),
  };
}

function countByClass(images: ImportedImage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const image of images) counts[image.className] = (counts[image.className] ?? 0) + 1;
  return counts;
}
