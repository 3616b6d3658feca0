import { parseArgs } from 'node:util';
import type { FreezePlan, ModelSummary } from '../../../../common/models.js';
import { summarizeModel } from '../../../../engine/catalog/summary.js';
import { applyFreezePlan } from '../../../../engine/freeze.js';
import { resolveBaseForSummary } from '../../../services/models/resolveBaseForSummary.js';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import { UsageError, type CliIo } from '../io.js';
import { renderTable } from '../table.js';

export const SUMMARY_USAGE = `Usage: transfer-studio summary --base <id|pack> [--unfreeze-from <block|top|layer|none|all>]
                              [--batchnorm train] [--feature-layer <layer>] [--json]

Prints the base model layer by layer, like Keras' model.summary(), with the block each layer
belongs to and whether it trains under the freeze plan.
  --base            a catalog id (see "transfer-studio models") or a model pack folder/zip
  --unfreeze-from   train from this block number (or "top", or a layer name) upwards; "none"
                    freezes everything, "all" trains everything (default: as built, all trainable)
  --batchnorm train let unfrozen BatchNorm layers update their statistics (default: inference mode)
  --feature-layer   for a plain TF.js model: the layer whose output is the feature`;

export async function summaryCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      base: { type: 'string' },
      'unfreeze-from': { type: 'string' },
      batchnorm: { type: 'string' },
      'feature-layer': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.base || positionals.length > 0) throw new UsageError(SUMMARY_USAGE);
  if (
    values.batchnorm !== undefined &&
    values.batchnorm !== 'train' &&
    values.batchnorm !== 'inference'
  ) {
    throw new UsageError('--batchnorm must be train or inference');
  }
  await loadBackend({ env: io.env });
  const base = await resolveBaseForSummary(values.base, values['feature-layer']);
  try {
    if (values['unfreeze-from'] !== undefined) {
      applyFreezePlan(
        base.model,
        base.family,
        freezePlan(values['unfreeze-from'], values.batchnorm === 'train'),
      );
    }
    const summary = summarizeModel(base.model, base.family);
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ weights: base.weights, ...summary })}\n`
        : renderSummary(summary, base.weights),
    );
    return 0;
  } finally {
    base.model.dispose();
  }
}

export function freezePlan(unfreezeFrom: string, trainBatchNorm: boolean): FreezePlan {
  const batchNorm = trainBatchNorm ? 'train' : 'inference';
  if (unfreezeFrom === 'none') return { unfreeze: { kind: 'none' }, overrides: {}, batchNorm };
  if (unfreezeFrom === 'all') return { unfreeze: { kind: 'all' }, overrides: {}, batchNorm };
  if (unfreezeFrom === 'top')
    return { unfreeze: { kind: 'from-block', block: 'top' }, overrides: {}, batchNorm };
  if (/^\d+$/.test(unfreezeFrom))
    return {
      unfreeze: { kind: 'from-block', block: Number(unfreezeFrom) },
      overrides: {},
      batchNorm,
    };
  return { unfreeze: { kind: 'from-layer', layer: unfreezeFrom }, overrides: {}, batchNorm };
}

export function renderSummary(summary: ModelSummary, weights: string): string {
  const rows = summary.rows.map((r) => [
    `${r.name} (${r.className})`,
    formatShape(r.outputShape),
    r.params.toLocaleString('en-US'),
    r.block,
    r.params === 0 ? '' : r.trainable ? (r.inferenceMode ? 'yes (BN inference)' : 'yes') : 'no',
  ]);
  const blocks = summary.blocks.map((b) => [
    b.label,
    b.layers.length,
    b.params.toLocaleString('en-US'),
  ]);
  return [
    `Model: "${summary.name}" — ${weights}`,
    renderTable(['Layer (type)', 'Output Shape', 'Param #', 'Block', 'Trainable'], rows),
    '',
    `Total params: ${summary.totalParams.toLocaleString('en-US')}`,
    `Trainable params: ${summary.trainableParams.toLocaleString('en-US')}`,
    `Non-trainable params: ${summary.nonTrainableParams.toLocaleString('en-US')}`,
    `Multiply-adds per image: ${(summary.multiplyAdds / 1e6).toFixed(1)} M`,
    '',
    renderTable(['Block', 'Layers', 'Params'], blocks),
    '',
  ].join('\n');
}

function formatShape(shape: ModelSummary['rows'][number]['outputShape']): string {
  const one = (s: (number | null)[]) => `(${s.map((d) => (d === null ? 'None' : d)).join(', ')})`;
  return Array.isArray(shape[0])
    ? (shape as (number | null)[][]).map(one).join(', ')
    : one(shape as (number | null)[]);
}
