import type { PhaseSettings, TrainSettings } from '../../../../common/training.js';
import type { SourceOpener } from '../../../services/dataset/anySource.js';
import { withTrainingDataset } from '../../../services/dataset/datasetScan.js';
import { runTextScratchTraining } from '../../../services/text/textScratch.js';
import { runScratchTraining } from '../../../services/training/scratchRecipe.js';
import type { JobEvent, TrainResult } from '../../../services/training/runTraining.js';
import { UsageError } from '../io.js';

export const SCRATCH_USAGE = `  --scratch  no pretrained base: a small network from random weights (for images the small CNN,
             32×32 px; for texts a bag of words: word and word-pair TF-IDF features from the
             training texts only, and a softmax) on the same split and seed as a transfer run with
             the same settings, evaluated the same way; the comparison transfer learning is
             measured against. Its own defaults: 30 epochs of Adam at 0.003, batch 16 (texts:
             batch 32); --epochs, --learning-rate, --optimizer and --batch-size change them`;

/** Flags that only mean something for a pretrained base. */
const TRANSFER_ONLY = [
  'base',
  'feature-layer',
  'embed',
  'cache',
  'augment',
  'head',
  'fine-tune-epochs',
  'unfreeze-from',
  'fine-tune-learning-rate',
  'batchnorm',
] as const;

const PHASE_FLAGS = {
  epochs: 'epochs',
  'learning-rate': 'learningRate',
  optimizer: 'optimizer',
  'batch-size': 'batchSize',
} as const satisfies Record<string, keyof PhaseSettings>;

export interface ScratchRun {
  dataset: string;
  out: string;
  /** Replace a folder already at `out`, once the new model is complete. */
  overwrite: boolean;
  /** Every setting as parsed for a transfer run; the phase flags the user gave override the model's own. */
  settings: TrainSettings;
  values: Record<string, string | boolean | undefined>;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  onEvent: (event: JobEvent) => void;
  /** The app's opener unless a test counts the reads. */
  openSource?: SourceOpener | undefined;
}

/** `train --scratch`: the scratch recipe with the settings a transfer run would use. */
export async function trainFromScratch(run: ScratchRun): Promise<TrainResult> {
  const given = TRANSFER_ONLY.filter((flag) => run.values[flag] !== undefined);
  if (given.length > 0)
    throw new UsageError(
      `--scratch trains without a pretrained base; drop ${given.map((f) => `--${f}`).join(', ')}`,
    );
  if (run.values['resume'] === true)
    throw new UsageError('--scratch runs are short and keep no checkpoint; drop --resume');
  const job = {
    dataset: run.dataset,
    out: run.out,
    overwrite: run.overwrite,
    settings: run.settings,
    phase: phaseGiven(run.values, run.settings.phase1),
    backend: run.values['backend'] as string | undefined,
    env: run.env,
    signal: run.signal,
    onEvent: run.onEvent,
  };
  // One opening decides: a bag of words needs no encoder, so texts are scanned in that pass.
  const deciding = { openSource: run.openSource, signal: run.signal };
  return withTrainingDataset(run.dataset, deciding, (dataset) =>
    dataset.modality === 'text'
      ? runTextScratchTraining({ ...job, report: dataset.report })
      : runScratchTraining({ ...job, source: dataset.source }),
  );
}

function phaseGiven(values: ScratchRun['values'], parsed: PhaseSettings): Partial<PhaseSettings> {
  const phase: Partial<Record<keyof PhaseSettings, unknown>> = {};
  for (const [flag, key] of Object.entries(PHASE_FLAGS))
    if (values[flag] !== undefined) phase[key] = parsed[key];
  return phase as Partial<PhaseSettings>;
}

/** The summary's first line for a model trained from scratch (nothing was embedded). */
export function scratchSummaryLine(result: TrainResult): string {
  // A text run turns texts into word counts (its "featurize" step) where an image run decodes.
  const rate = 'featurize' in result.timings ? 'texts/s read' : 'images/s decoded';
  return `Model written to ${result.modelDir} (from scratch on ${result.embedding.device}; best epoch ${result.bestEpoch} of ${result.history.length}, ${result.embedding.imagesPerSecond.toFixed(0)} ${rate})`;
}
