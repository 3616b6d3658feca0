// For benchmarks that time a trained model's path (live frames, Grad-CAM): a classifier on the
// bundled MobileNet V2 0.35 @ 224 base (ImageNet weights, models/bundled) with a random head,
// saved as the app saves a trained model. The head's weights do not change the time.
// Needs `npm run build` (reads dist/).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const dist = (path) => import(new URL(`../../dist/src/${path}`, import.meta.url).href);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLED_BASE = join(root, 'models', 'bundled', 'mobilenet_v2_0.35_224-imagenet');

/** Loads the fastest tfjs backend here, says which, and writes the model into a new temp folder. */
export async function writeRandomHeadModel({ classes, prefix }) {
  const { loadBackend } = await dist('node/adapters/backend/loadBackend.js');
  const { loadBasePack } = await dist('node/services/models/loadPack.js');
  const { writeLayersModel } = await dist('node/services/models/writeLayersModel.js');
  const { buildHead, attachHead } = await dist('engine/training/head.js');
  const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');
  const backend = await loadBackend({});
  console.log(`tfjs backend: ${backend.label}`);
  const base = await loadBasePack(BUNDLED_BASE);
  const headSettings = DEFAULT_TRAIN_SETTINGS.head;
  const head = buildHead([1280], headSettings, classes.length, 1);
  const classifier = attachHead(base.model, head, headSettings, classes.length);
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const modelDir = join(dir, 'model');
  const metadata = {
    format: 'transfer-studio-model',
    version: 1,
    classes,
    preprocessing: base.preprocessing,
    base: { name: base.name, source: base.source, kind: base.kind },
    settings: DEFAULT_TRAIN_SETTINGS,
    history: [],
    bestEpoch: 0,
    backend: backend.label,
    embeddingEngine: 'onnxruntime',
    timings: {},
    createdAt: new Date().toISOString(),
    appVersion: '0.0.0',
  };
  await writeLayersModel(classifier, modelDir, {
    extraFiles: { 'metadata.json': JSON.stringify(metadata) },
  });
  return { dir, modelDir, base, classifier, backend };
}

/** Noisy frames, each different, JPEG-encoded as a camera page or a phone would. */
export function noisyJpegs(width, height, count, quality = 80) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const raw = Buffer.alloc(width * height * 3);
      for (let p = 0; p < raw.length; p++) raw[p] = (p * 7 + i * 131 + ((p >> 5) % 97)) & 255;
      return sharp(raw, { raw: { width, height, channels: 3 } })
        .jpeg({ quality })
        .toBuffer();
    }),
  );
}
