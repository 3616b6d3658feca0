import { parseArgs } from 'node:util';
import { CATALOG } from '../../../../engine/catalog/catalog.js';
import { multiplyAdds } from '../../../../engine/catalog/multiplyAdds.js';
import {
  bundledPacksDir,
  isBundled,
  listPacksIn,
  packStoreDir,
  packStoreDirs,
  PACK_STORE_ENV_VAR,
  type PackListing,
} from '../../../services/models/packStore.js';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import type { CliIo } from '../io.js';
import { modelsFetchCommand } from './modelsFetch.js';
import { MODELS_IMPORT_USAGE, modelsImportCommand } from './modelsImport.js';
import { renderTable } from '../table.js';

export const MODELS_USAGE = `Usage: transfer-studio models [--json]
       transfer-studio models fetch [id...] [--from <dir>] [--base-url <url>] [--store <dir>]
       ${MODELS_IMPORT_USAGE}

Lists the base-model architectures the app can build and the model packs (pretrained weights):
those installed in the pack store ($${PACK_STORE_ENV_VAR}, or models/ in the app home, ~/.transfer-studio by default), then
the read-only ones bundled with the app (MobileNet V2 0.35 and V1 0.75 with ImageNet weights).
"models fetch" installs packs (run "transfer-studio models fetch --help"). "models import" adds a pack
folder or zip, a Teachable Machine export, or a plain TF.js layers model cut at --feature-layer
(without it, the layers to choose from are listed with the suggested one).`;

export async function modelsCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'fetch') return modelsFetchCommand(args.slice(1), io);
  if (args[0] === 'import') return modelsImportCommand(args.slice(1), io);
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  await loadBackend({ env: io.env });
  const store = packStoreDir(io.env);
  const bundled = bundledPacksDir(io.env);
  const packs = await listPacksIn(packStoreDirs(io.env));
  const catalog = CATALOG.map((entry) => {
    const model = entry.build();
    const facts = {
      id: entry.id,
      name: entry.displayName,
      inputSize: entry.inputSize,
      params: model.countParams(),
      multiplyAdds: multiplyAdds(model),
      featureSize: entry.featureSize,
      imagenetTop1: entry.imagenetTop1,
    };
    model.dispose();
    return facts;
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ store, bundled, packs, catalog })}\n`);
    return 0;
  }
  const installed = packs.filter((p) => !isBundled(p, io.env));
  io.stdout.write(
    [
      `Installed model packs in ${store}:`,
      installed.length === 0
        ? '  none yet (a pack is a folder or zip with model.json, its shards and manifest.json; Teachable Machine exports work too)'
        : packTable(installed),
      '',
      `Bundled model packs (read-only, used when the store has none for an id) in ${bundled}:`,
      installed.length === packs.length
        ? '  none'
        : packTable(packs.filter((p) => isBundled(p, io.env))),
      '',
      'Architectures:',
      renderTable(
        ['Id', 'Input', 'Params', 'M mult-adds', 'Features', 'ImageNet top-1'],
        catalog.map((c) => [
          c.id,
          c.inputSize,
          c.params,
          Math.round(c.multiplyAdds / 1e6),
          c.featureSize,
          `${(c.imagenetTop1 * 100).toFixed(1)}%`,
        ]),
      ),
      '',
    ].join('\n'),
  );
  return 0;
}

function packTable(packs: PackListing[]): string {
  return renderTable(
    ['Pack', 'Kind', 'Architecture', 'Name'],
    packs.map((p) => [
      p.path,
      p.kind ?? '-',
      p.architecture ?? '-',
      p.problem ? `unusable: ${p.problem}` : p.name,
    ]),
  );
}
