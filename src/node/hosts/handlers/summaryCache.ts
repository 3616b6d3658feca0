import { summarizeModel } from '../../../engine/catalog/summary.js';
import { applyFreezePlan } from '../../../engine/freeze.js';
import type { ModelSummary } from '../../../common/models.js';
import {
  resolveBaseForSummary,
  type SummaryBase,
} from '../../services/models/resolveBaseForSummary.js';

export interface SummaryRequest {
  base: string;
  unfreezeFrom?: number | 'top' | undefined;
  overrides?: Record<string, boolean> | undefined;
}

/**
 * Layer summaries under a freeze plan. The Model screen asks again at every step of its slider
 * and every layer switch, always for the same base, so the last base stays loaded (a VGG16 pack
 * is 58 MB of weights) and only the plan is applied again; asking for another base replaces it.
 */
export function summaryService(): (request: SummaryRequest) => Promise<ModelSummary> {
  let last: { base: string; resolved: Promise<SummaryBase> } | undefined;
  const resolve = (base: string): Promise<SummaryBase> => {
    if (last?.base === base) return last.resolved;
    const previous = last?.resolved;
    last = { base, resolved: resolveBaseForSummary(base) };
    // A failed load is not kept: the next request tries again.
    last.resolved.catch(() => (last = undefined));
    void previous?.then(
      (old) => old.model.dispose(),
      () => undefined,
    );
    return last.resolved;
  };
  return async ({ base, unfreezeFrom, overrides }) => {
    if (unfreezeFrom === undefined && !overrides) {
      // The pack as it is, without a plan: a fresh copy, so no earlier plan shows through.
      const fresh = await resolveBaseForSummary(base);
      try {
        return summarizeModel(fresh.model, fresh.family);
      } finally {
        fresh.model.dispose();
      }
    }
    const resolved = await resolve(base);
    // Applying the plan and summarising run without awaiting: no other request interleaves.
    applyFreezePlan(resolved.model, resolved.family, {
      unfreeze: { kind: 'from-block', block: unfreezeFrom ?? 'top' },
      overrides: overrides ?? {},
      batchNorm: 'inference',
    });
    return summarizeModel(resolved.model, resolved.family);
  };
}
