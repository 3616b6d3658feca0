/** How closely a re-loaded export agrees with the app's own model on the same inputs. */
export interface Parity {
  /** Share of inputs with the same top-1 class. */
  agreement: number;
  /** Largest absolute difference of any class probability. */
  maxAbsDifference: number;
  count: number;
  /**
   * What the inputs were: the model's validation images or texts, or (when those are gone)
   * random images or sample texts.
   */
  inputs: 'validation images' | 'random images' | 'validation texts' | 'sample texts';
}

export const PARITY_REQUIREMENT = { agreement: 0.999, maxAbsDifference: 1e-4 };

export function compareProbabilities(
  reference: Float32Array,
  candidate: Float32Array,
  classCount: number,
  inputs: Parity['inputs'],
): Parity {
  const count = reference.length / classCount;
  let agree = 0;
  let maxAbsDifference = candidate.length === reference.length ? 0 : Infinity;
  for (let i = 0; i < count; i++) {
    const a = reference.subarray(i * classCount, (i + 1) * classCount);
    const b = candidate.subarray(i * classCount, (i + 1) * classCount);
    if (argMax(a) === argMax(b)) agree++;
    for (let c = 0; c < classCount; c++)
      maxAbsDifference = Math.max(maxAbsDifference, Math.abs((a[c] ?? 0) - (b[c] ?? NaN)));
  }
  return { agreement: count === 0 ? 0 : agree / count, maxAbsDifference, count, inputs };
}

export function meetsParity(parity: Parity): boolean {
  return (
    parity.agreement >= PARITY_REQUIREMENT.agreement &&
    parity.maxAbsDifference < PARITY_REQUIREMENT.maxAbsDifference
  );
}

function argMax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}
