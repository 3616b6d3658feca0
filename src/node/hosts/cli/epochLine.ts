import type { EpochMetrics } from '../../../common/training.js';

/** One line per finished epoch, as train and demo print it. */
export function epochLine(m: EpochMetrics): string {
  const validation =
    m.valAccuracy === undefined
      ? ''
      : `  val_loss ${m.valLoss?.toFixed(4)}  val_accuracy ${m.valAccuracy.toFixed(3)}`;
  return `  ${m.phase === 2 ? 'fine-tune ' : ''}epoch ${String(m.epoch).padStart(2)}  loss ${m.loss.toFixed(4)}  accuracy ${m.accuracy.toFixed(3)}${validation}  (${(m.seconds * 1000).toFixed(0)} ms)`;
}
