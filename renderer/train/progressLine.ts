import { STRINGS } from '../app/strings.js';
import { preparingFineTuning } from './fineTuningPrep.js';
import { formatDuration, type JobState } from './jobState.js';

const S = STRINGS.train;

/** The line under the Train screen's progress bar: the step the job is at, and the time left. */
export function progressLine(job: JobState): string {
  if (job.status === 'done') return S.done(job.result?.validation?.accuracy);
  const preparing = preparingFineTuning(job);
  if (job.stage === 'embedding' && job.embedding) {
    const { view, done, total, imagesPerSecond } = job.embedding;
    const line = (view === 'text' ? STRINGS.text.embedding : S.embedding)(
      done,
      total,
      imagesPerSecond,
    );
    return preparing ? `${S.preparingFineTuning} ${line}` : line;
  }
  if (preparing) return S.preparingFineTuning;
  const step = currentStep(job);
  if (step === undefined) return '';
  return job.etaSeconds === undefined ? step : `${step} · ${S.eta(formatDuration(job.etaSeconds))}`;
}

function currentStep(job: JobState): string | undefined {
  const head = job.member;
  if (head)
    return (head.refit ? S.refittingHead : S.head)(
      head.member,
      head.members,
      head.epoch,
      head.epochs,
    );
  if (job.stage === 'refitting' && job.refit) return S.refitting(job.refit.epoch, job.refit.epochs);
  const last = job.epochs.at(-1);
  return last && S.epoch(last.epoch, last.phase);
}
