/** Classification metrics over integer labels; shared by the engine, the CLI and the UI. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** `confusion[actual][predicted]` counts. */
export function confusionMatrix(
  actual: readonly number[],
  predicted: readonly number[],
  classCount: number,
): number[][] {
  if (actual.length !== predicted.length)
    throw new RangeError('actual and predicted differ in length');
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  actual.forEach((label, i) => {
    const row = matrix[label];
    const guess = predicted[i] ?? -1;
    if (!row || guess < 0 || guess >= classCount)
      throw new RangeError(`label out of range at ${i}`);
    row[guess] = (row[guess] ?? 0) + 1;
  });
  return matrix;
}

export function accuracyOf(confusion: readonly (readonly number[])[]): number {
  const total = confusion.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const correct = confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return total === 0 ? 0 : correct / total;
}

/** Precision, recall and F1 per class; 0 where a ratio has no denominator (sklearn's zero_division=0). */
export function perClassMetrics(confusion: readonly (readonly number[])[]): ClassMetrics[] {
  return confusion.map((row, c) => {
    const truePositives = row[c] ?? 0;
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAsC = confusion.reduce((sum, other) => sum + (other[c] ?? 0), 0);
    const precision = predictedAsC === 0 ? 0 : truePositives / predictedAsC;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}
