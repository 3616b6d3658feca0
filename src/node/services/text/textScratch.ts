import * as tf from '../../../engine/tf.js';
import type { PhaseSettings, TrainEvent, TrainSettings } from '../../../common/training.js';
import { fitOnArrays, type FitResult } from '../../../engine/training/fitOnArrays.js';
import { loadBackend } from '../../adapters/backend/loadBackend.js';
import { commitUnlessAborted } from '../../adapters/platform/abort.js';
import { scanTextDataset, type TextDatasetReport } from '../dataset/textDataset.js';
import type { TextExample } from '../dataset/textHealth.js';
import type { JobEvent, TrainResult } from '../training/runTraining.js';
import { scratchCancelled } from '../training/scratchModels.js';
import { scratchSettings } from '../training/scratchRecipe.js';
import { Stopwatch } from '../training/stopwatch.js';
import {
  bagOfWordsFeaturesCancellable,
  buildBagOfWords,
  DEFAULT_MAX_TERMS,
  FEATURE_BUDGET_FLOATS,
  termsWithinBudget,
  type BagOfWords,
  type ChunkedOptions,
} from './bagOfWords.js';
import { evaluateTextProbabilities } from './textEvaluation.js';
import { textScanReport } from './textScanReport.js';
import {
  buildBagOfWordsNetwork,
  TEXT_SCRATCH_PHASE,
  textScratchProbabilities,
  writeTextScratchModel,
  type TextScratchMetadata,
} from './textScratchModel.js';
import { splitTextExamples, type TextSplit } from './textSplit.js';
import { textTrainResult } from './textTrainResult.js';

/**
 * How the bag of words regularises, its own rather than the transfer head's (whose recipe is tuned
 * on embeddings and changes with it): the values bench:text measured it with (label smoothing 0.1,
 * early stopping after 10 epochs without a better validation loss, the learning rate halved after
 * 3), and no mixup, which blends sparse word counts into texts no one wrote.
 */
export const TEXT_SCRATCH_REGULARISATION = {
  labelSmoothing: 0.1,
  earlyStoppingPatience: 10,
  reduceLearningRatePatience: 3,
  mixup: 0,
} as const satisfies Partial<TrainSettings>;

/**
 * A text scratch run's settings: from the request only what makes it comparable with the transfer
 * run (seed, validation share, class weights); its epochs, learning rate and regularisation are its
 * own, the phase overridable (the CLI's flags).
 */
export function textScratchSettings(
  request: TrainSettings,
  phase: Partial<PhaseSettings> = {},
): TrainSettings {
  return {
    ...scratchSettings(request, { ...TEXT_SCRATCH_PHASE, ...phase }),
    ...TEXT_SCRATCH_REGULARISATION,
  };
}

export interface TextScratchInput {
  examples: readonly TextExample[];
  /** The run's settings (see `textScratchSettings`). */
  settings: TrainSettings;
  hiddenUnits?: number | undefined;
  maxTerms?: number | undefined;
  /** Most floats of the dense features (train and validation); FEATURE_BUDGET_FLOATS if unset. */
  featureBudget?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Told after each chunk of texts featurised (a test cancels from here). */
  onFeatureChunk?: ChunkedOptions['onChunk'];
  onEvent?: ((event: TrainEvent) => void) | undefined;
  /** Told once the vocabulary is built, before the first epoch. */
  onPrepared?:
    | ((prepared: { bag: BagOfWords; network: tf.LayersModel; cappedFrom?: number }) => void)
    | undefined;
}

export interface TrainedTextScratch {
  network: tf.LayersModel;
  bag: BagOfWords;
  classes: string[];
  split: TextSplit;
  fit: FitResult;
  /** Texts turned into features per second (the scratch run's counterpart of embedding). */
  textsPerSecond: number;
  /** The vocabulary size asked for, when the feature budget made it smaller (see `terms`). */
  cappedFrom?: number;
}

/**
 * A text classifier that starts from nothing: the vocabulary comes from the training split only
 * (the held-out texts stay unseen), and a softmax learns from TF-IDF features. The split is the
 * one a transfer run with these settings uses. The caller owns (and disposes) the network.
 */
export async function trainTextScratch(input: TextScratchInput): Promise<TrainedTextScratch> {
  const { settings } = input;
  const split = splitTextExamples(input.examples, settings);
  const textsOf = (indices: number[]) => indices.map((i) => input.examples[i]?.text ?? '');
  const labelsOf = (indices: number[]) =>
    indices.map((i) => split.classes.indexOf(input.examples[i]?.label ?? ''));
  const started = performance.now();
  const featurized = split.train.length + split.validation.length;
  // The features are one dense matrix; a large dataset gets fewer terms, not an out-of-memory.
  const requested = input.maxTerms ?? DEFAULT_MAX_TERMS;
  const maxTerms = termsWithinBudget(
    featurized,
    requested,
    input.featureBudget ?? FEATURE_BUDGET_FLOATS,
  );
  const bag = buildBagOfWords(textsOf(split.train), { maxTerms });
  // Only a cap that cut terms off is worth saying; a small corpus may have fewer terms anyway.
  const capBit = maxTerms < requested && bag.terms.length === maxTerms;
  const cappedFrom = capBit ? { cappedFrom: requested } : {};
  const chunked = { signal: input.signal, onChunk: input.onFeatureChunk };
  const train = await bagOfWordsFeaturesCancellable(bag, textsOf(split.train), chunked);
  const validation = await bagOfWordsFeaturesCancellable(bag, textsOf(split.validation), chunked);
  const textsPerSecond = featurized / Math.max((performance.now() - started) / 1000, 1e-3);
  const network = buildBagOfWordsNetwork({
    terms: bag.terms.length,
    classCount: split.classes.length,
    seed: settings.seed,
    ...(input.hiddenUnits === undefined ? {} : { hiddenUnits: input.hiddenUnits }),
  });
  try {
    input.onPrepared?.({ bag, network, ...cappedFrom });
    const fit = await fitOnArrays(network, 1, settings.phase1, {
      featureShape: [bag.terms.length],
      classCount: split.classes.length,
      train: { features: train, labels: labelsOf(split.train) },
      validation:
        split.validation.length > 0
          ? { features: validation, labels: labelsOf(split.validation) }
          : undefined,
      settings,
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onEvent ? { onEvent: input.onEvent } : {}),
    });
    if (fit.stopped?.reason === 'cancelled') throw scratchCancelled();
    return { network, bag, classes: split.classes, split, fit, textsPerSecond, ...cappedFrom };
  } catch (error) {
    network.dispose();
    throw error;
  }
}

export interface TextScratchJob {
  dataset: string;
  /** Folder to write the trained model to (must not exist, unless `overwrite`). */
  out: string;
  /** Replace a folder already at `out`, once the new model is complete. Default false. */
  overwrite?: boolean | undefined;
  /** The transfer run's settings: its seed, validation share and class weights apply. */
  settings: TrainSettings;
  /** Overrides of the bag-of-words network's own epochs, learning rate, optimizer, batch size. */
  phase?: Partial<PhaseSettings> | undefined;
  textColumn?: string | undefined;
  labelColumn?: string | undefined;
  /** The dataset's report from the pass that decided it holds texts; scanned here when absent. */
  report?: TextDatasetReport | undefined;
  backend?: string | undefined;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: JobEvent) => void) | undefined;
}

/**
 * `training.scratch` and `train --scratch` on a text dataset: the image scratch run's events,
 * records and result, with a bag-of-words classifier in place of the small CNN. The folder says
 * `modality: "text"`, `recipe: "scratch"` and carries its vocabulary.
 */
export async function runTextScratchTraining(job: TextScratchJob): Promise<TrainResult> {
  const clock = new Stopwatch();
  const backend = await loadBackend({ flag: job.backend, env: job.env ?? process.env });
  job.onEvent?.({ type: 'backend', report: backend });
  const report =
    job.report ??
    (await scanTextDataset(job.dataset, {
      textColumn: job.textColumn,
      labelColumn: job.labelColumn,
      signal: job.signal,
    }));
  job.onEvent?.({ type: 'scanned', report: textScanReport(report) });
  const settings = textScratchSettings(job.settings, job.phase);
  clock.lap('scan');
  const trained = await trainTextScratch({
    examples: report.examples,
    settings,
    signal: job.signal,
    onEvent: job.onEvent,
    onPrepared: ({ bag, network, cappedFrom }) => {
      clock.lap('featurize');
      job.onEvent?.({
        type: 'base',
        name: `${describeBag(bag, cappedFrom)} (${network.countParams().toLocaleString('en-US')} parameters)`,
        engine: 'tfjs',
        device: backend.label,
      });
    },
  });
  try {
    clock.lap('train');
    const validation = trained.split.validation.map((i) => report.examples[i] as TextExample);
    const evaluation =
      validation.length > 0
        ? evaluateTextProbabilities(
            await textScratchProbabilities(
              trained,
              validation.map((e) => e.text),
              { signal: job.signal },
            ),
            validation,
            trained.classes,
          )
        : undefined;
    clock.lap('evaluate');
    const metadata = metadataOf(job, settings, trained);
    // (transport/cancellation) Once the folder is being written, the run answers with it.
    await commitUnlessAborted(
      job.signal,
      () =>
        writeTextScratchModel(
          job.out,
          trained.network,
          { bag: trained.bag, metadata, validation },
          job.overwrite ?? false,
        ),
      scratchCancelled,
    );
    clock.lap('write');
    return textTrainResult({
      out: job.out,
      recipe: 'scratch',
      classes: trained.classes,
      trainCount: trained.split.train.length,
      fit: trained.fit,
      evaluation,
      validation,
      backend,
      // Nothing is embedded: each text becomes its word counts, at this rate.
      featurised: { perSecond: trained.textsPerSecond, cached: 0 },
      timings: clock.laps,
    });
  } finally {
    trained.network.dispose();
  }
}

function describeBag(bag: BagOfWords, cappedFrom: number | undefined): string {
  const terms = `bag of words from scratch, ${bag.terms.length.toLocaleString('en-US')} terms`;
  if (cappedFrom === undefined) return terms;
  const budget = (FEATURE_BUDGET_FLOATS * 4) / 2 ** 20;
  return `${terms} (capped from ${cappedFrom.toLocaleString('en-US')} so the features fit in ${budget} MB)`;
}

function metadataOf(
  job: TextScratchJob,
  settings: TrainSettings,
  trained: TrainedTextScratch,
): TextScratchMetadata {
  return {
    format: 'transfer-studio-model',
    version: 1,
    modality: 'text',
    recipe: 'scratch',
    classes: trained.classes,
    model: {
      kind: 'bag-of-words',
      description: describeBag(trained.bag, trained.cappedFrom),
      terms: trained.bag.terms.length,
      ...(trained.cappedFrom === undefined ? {} : { cappedFrom: trained.cappedFrom }),
    },
    settings,
    history: trained.fit.history,
    bestEpoch: trained.fit.bestEpoch,
    dataset: job.dataset,
    createdAt: new Date().toISOString(),
  };
}
