import { trainingSeconds } from '../../src/common/phaseSeconds.js';
import type { EpochMetrics } from '../../src/common/training.js';
import { STRINGS } from '../app/strings.js';
import type { Workspace } from '../app/workspace.js';
import { keepsFineTuning } from '../train/jobState.js';

const S = STRINGS.runs;

/** One row of the Runs table and one curve of its chart: a run of the project, any recipe. */
export interface RunRow {
  key: string;
  /** Its place in the project's runs, from 1. */
  number: number;
  recipe: 'transfer' | 'scratch';
  /** Recorded in the project before this session. */
  past: boolean;
  modelDir?: string;
  /** The base's name when known here; otherwise the model folder is asked. */
  base?: string;
  fineTuned: boolean;
  epochs: EpochMetrics[];
  /** The epoch whose weights the model kept: its accuracy is the one reported. */
  bestEpoch?: number;
  accuracy?: number;
  /** Training time: every phase's wall time, each ensemble head included, where recorded. */
  seconds: number;
}

/** The project's earlier runs, then this session's, in the order they finished. */
export function runRows(state: Pick<Workspace, 'pastRuns' | 'runs'>): RunRow[] {
  const past = state.pastRuns.map((run): Omit<RunRow, 'number'> => ({
    key: run.id,
    recipe: run.recipe ?? 'transfer',
    past: true,
    ...(run.modelDir ? { modelDir: run.modelDir } : {}),
    ...(run.base ? { base: run.base } : {}),
    // Fine-tuned only when the model kept is a fine-tuning epoch's (phase 1's may be kept instead).
    fineTuned:
      run.bestEpoch === undefined
        ? run.history.some((e) => e.phase === 2)
        : run.history.some((e) => e.phase === 2 && e.epoch === run.bestEpoch),
    epochs: run.history,
    ...(run.bestEpoch !== undefined ? { bestEpoch: run.bestEpoch } : {}),
    ...(run.validationAccuracy !== undefined ? { accuracy: run.validationAccuracy } : {}),
    seconds: trainingSeconds(run),
  }));
  const session = state.runs.map((run): Omit<RunRow, 'number'> => ({
    key: run.jobId,
    recipe: run.result?.recipe ?? 'transfer',
    past: false,
    ...(run.result ? { modelDir: run.result.modelDir, bestEpoch: run.result.bestEpoch } : {}),
    fineTuned: keepsFineTuning({ epochs: run.epochs, fineTuning: run.result?.fineTuning }),
    epochs: run.epochs,
    ...(run.result?.validation ? { accuracy: run.result.validation.accuracy } : {}),
    seconds: trainingSeconds({ phaseSeconds: run.result?.phaseSeconds, history: run.epochs }),
  }));
  return [...past, ...session].map((row, i) => ({ ...row, number: i + 1 }));
}

function totalSeconds(epochs: readonly EpochMetrics[]): number {
  return epochs.reduce((t, e) => t + e.seconds, 0);
}

/** Of a job still running: its share done and seconds left, from the epochs' own timings. */
export function scratchProgress(
  epochs: readonly EpochMetrics[],
  etaSeconds: number | undefined,
): { fraction: number; secondsLeft: number } | undefined {
  if (epochs.length === 0 || etaSeconds === undefined) return undefined;
  const spent = totalSeconds(epochs);
  return { fraction: spent / Math.max(spent + etaSeconds, 1e-9), secondsLeft: etaSeconds };
}

/** A refit as the screens tell it: the epochs it ran and the images it trained on. */
export interface RefitSummary {
  epochs: number;
  images: number;
}

/**
 * The refit of a run, whichever session trained it: this session's result says it, and an
 * earlier run's model folder does (`model.info`), so its scores carry the same note.
 */
export function refitOfRun(
  row: Pick<RunRow, 'key' | 'past'>,
  state: Pick<Workspace, 'runs'>,
  info: { refit?: RefitSummary | undefined } | undefined,
): RefitSummary | undefined {
  if (row.past) return info?.refit;
  const refit = state.runs.find((r) => r.jobId === row.key)?.result?.refit;
  return refit ? { epochs: refit.epochs, images: refit.images } : undefined;
}

/**
 * The note beside a run's validation accuracy when the saved model was refit on training and
 * validation images: the score is the validation-phase model's, from before that. None when no
 * score is shown or there was no refit.
 */
export function beforeRefitNote(
  accuracy: number | undefined,
  refit: RefitSummary | undefined,
): { mark: string; explanation: string } | undefined {
  if (accuracy === undefined || !refit) return undefined;
  return { mark: S.refitMark, explanation: S.refitExplained(refit.epochs, refit.images) };
}
