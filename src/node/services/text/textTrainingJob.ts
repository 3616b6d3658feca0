import type { z } from 'zod';
import type { JobEvent, trainResultSchema } from '../../../common/contract/schemas.js';
import { AppError } from '../../../common/errors.js';
import { commitUnlessAborted } from '../../adapters/platform/abort.js';
import type { TrainSettings } from '../../../common/training.js';
import { textEncoderInfo, USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import type { TextExample } from '../dataset/textHealth.js';
import { evaluateTextExamples } from './textEvaluation.js';
import { saveTextModel } from './textModelFolder.js';
import { textScanReport } from './textScanReport.js';
import { textTrainResult } from './textTrainResult.js';
import type { TextSession } from './textSession.js';
import { trainTextClassifier } from './trainTextClassifier.js';

type TrainResult = z.infer<typeof trainResultSchema>;

export interface TextTrainingJob {
  dataset: string;
  /** A text encoder's id; an image base (chosen before a text dataset was opened) is refused. */
  base: string;
  out: string;
  settings: TrainSettings;
  textColumn?: string | undefined;
  labelColumn?: string | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: JobEvent) => void) | undefined;
}

/**
 * Training on a text dataset, as the app's training job reports it: backend, base, scan,
 * embedding progress (cached embeddings are read, not recomputed), the head's epochs, and the
 * validation verdicts with their texts. Phase 2 never runs: the encoder is a frozen graph.
 */
export async function runTextTraining(
  job: TextTrainingJob,
  session: TextSession,
): Promise<TrainResult> {
  const info = textEncoderInfo(job.base);
  if (!info) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `This is a text dataset; it trains on a text base (${USE_LITE_ID}), not ${job.base}. Choose the text base on the Model screen.`,
      { base: job.base },
    );
  }
  const { backend, encoder } = await session.encoder();
  job.onEvent?.({ type: 'backend', report: backend });
  job.onEvent?.({ type: 'base', name: info.name, engine: 'tfjs', device: backend.label });
  const report = await session.scan(job.dataset, job);
  job.onEvent?.({ type: 'scanned', report: textScanReport(report) });
  const cache = await session.cache();
  const started = performance.now();
  const trained = await trainTextClassifier({
    examples: report.examples,
    loaded: encoder,
    cache,
    settings: job.settings,
    signal: job.signal,
    onEmbedProgress: (p) =>
      job.onEvent?.({
        type: 'embedding',
        // Says "texts" on the Train screen; a text has one view.
        view: 'text',
        done: p.done,
        total: p.total,
        cached: p.cached,
        imagesPerSecond: p.textsPerSecond,
      }),
    onEvent: job.onEvent,
  });
  try {
    if (trained.fit.stopped?.reason === 'cancelled') {
      throw cancelled();
    }
    const trainedAt = performance.now();
    const held = (indices: number[]): TextExample[] =>
      indices.map((i) => report.examples[i] as TextExample);
    const validation = held(trained.split.validation);
    const evaluation =
      validation.length > 0
        ? await evaluateTextExamples(
            { head: trained.head, classes: trained.classes },
            encoder,
            validation,
            { cache, signal: job.signal },
          )
        : undefined;
    // (transport/cancellation) A cancel before the write stops the run; once the folder is being
    // written, the run answers with it, so the caller is never told "cancelled" about a saved model.
    await commitUnlessAborted(
      job.signal,
      () =>
        saveTextModel(job.out, trained, {
          settings: job.settings,
          dataset: job.dataset,
          validation,
        }),
      cancelled,
    );
    return textTrainResult({
      out: job.out,
      recipe: 'transfer',
      classes: trained.classes,
      trainCount: trained.split.train.length,
      fit: trained.fit,
      evaluation,
      validation,
      backend,
      featurised: {
        perSecond: ratePerSecond(trained.embedding.embedded, trained.embedding.seconds),
        cached: trained.embedding.cached,
      },
      timings: {
        embed: trained.embedding.seconds,
        train: (trainedAt - started) / 1000 - trained.embedding.seconds,
        total: (performance.now() - started) / 1000,
      },
    });
  } finally {
    trained.head.dispose();
  }
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Training was cancelled; no model was written');
}

function ratePerSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}
