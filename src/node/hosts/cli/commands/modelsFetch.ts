import { parseArgs } from 'node:util';
import { loadBackend } from '../../../adapters/backend/loadBackend.js';
import {
  DEFAULT_FETCH_IDS,
  fetchModels,
  KERAS_WEIGHTS_BASE_URL,
  type FetchSource,
} from '../../../services/models/fetchModels.js';
import { packStoreDir } from '../../../services/models/packStore.js';
import type { CliIo } from '../io.js';
import { ProgressBar } from '../progressBar.js';

export const MODELS_FETCH_USAGE = `Usage: transfer-studio models fetch [id...] [--from <dir>] [--base-url <url>] [--store <dir>] [--json]

Installs pretrained base models as model packs: downloads keras.applications weights while online
(default ids: ${DEFAULT_FETCH_IDS.join(', ')}), or copies them from a folder (a mirror, a USB stick)
with --from. Sizes and checksums are verified; nothing is left behind on failure.`;

export async function modelsFetchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      'base-url': { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  await loadBackend({ env: io.env });
  const source: FetchSource = values.from
    ? { kind: 'dir', dir: values.from }
    : { kind: 'url', baseUrl: values['base-url'] ?? KERAS_WEIGHTS_BASE_URL };
  const store = values.store ?? packStoreDir(io.env);
  const bar = new ProgressBar(io, 'Fetching');
  const results = await fetchModels(positionals.length > 0 ? positionals : DEFAULT_FETCH_IDS, {
    source,
    store,
    onProgress: (id, bytes, total) => bar.update(bytes, total, id),
  });
  bar.finish();
  if (values.json) io.stdout.write(`${JSON.stringify({ store, results })}\n`);
  else {
    for (const r of results) {
      const detail =
        r.status === 'failed'
          ? `: ${r.problem}`
          : r.status === 'installed'
            ? ` (${r.bytes} bytes, sha256 ${r.sha256?.slice(0, 12)}…)`
            : '';
      io.stdout.write(`${r.id}: ${r.status}${detail}\n`);
    }
    io.stdout.write(`Model packs are in ${store}\n`);
  }
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}
