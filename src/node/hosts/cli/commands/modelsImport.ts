import { parseArgs } from 'node:util';
import { AppError } from '../../../../common/errors.js';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import type { FeatureLayerCandidate } from '../../../services/models/featureLayers.js';
import { importPack } from '../../../services/models/importPack.js';
import { packStoreDir } from '../../../services/models/packStore.js';
import { UsageError, type CliIo } from '../io.js';
import { shown } from '../shown.js';
import { renderTable } from '../table.js';

export const MODELS_IMPORT_USAGE = `transfer-studio models import <pack folder or zip> [--feature-layer <layer>] [--store <dir>] [--json]`;

/**
 * `models import`: what the app's "Add a model pack" does. A plain TF.js model needs
 * --feature-layer; without one, the layers it could take are printed with the suggested one.
 */
export async function modelsImportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'feature-layer': { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) throw new UsageError(`Usage: ${MODELS_IMPORT_USAGE}`);
  await loadBackend({ env: io.env });
  const store = values.store ?? packStoreDir(io.env);
  try {
    const pack = await importPack(path, store, { featureLayer: values['feature-layer'] });
    if (values.json) io.stdout.write(`${JSON.stringify(pack)}\n`);
    else io.stdout.write(`Added ${shown(pack.name)} as ${shown(pack.path)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && Array.isArray(error.details?.['featureLayers']))
      io.stderr.write(layerTable(error.details['featureLayers'] as FeatureLayerCandidate[]));
    throw error;
  }
}

function layerTable(layers: FeatureLayerCandidate[]): string {
  const rows = layers.map((l) => [l.name, l.className, `[${l.outputShape.join(', ')}]`]);
  return `Layers to take features from (pass one with --feature-layer):\n${renderTable(['Layer', 'Type', 'Output shape'], rows)}\n`;
}
