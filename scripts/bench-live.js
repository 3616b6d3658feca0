#!/usr/bin/env node
// Benchmark (not a test): live predictions per second on camera frames, through the service the
// app's Try it live mode calls (model.predictFrame → LiveFramePredictor: decode, preprocessing,
// the whole classifier in onnxruntime), for a classifier on the default bundled base (MobileNet
// V2 0.35 @ 224, ImageNet weights from models/bundled). The head is random: its weights do not
// change the time. Baseline in the same run: model.predict's path on the same frame saved as a
// file (which loads the model for every call), so the figures compare as ratios on any machine.
// Needs `npm run build` (reads dist/).
// Usage: node scripts/bench-live.js [--frames 60] [--baseline 3]
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { noisyJpegs, writeRandomHeadModel } from './shared/randomHeadModel.js';

const { values: flags } = parseArgs({
  options: {
    frames: { type: 'string', default: '60' },
    baseline: { type: 'string', default: '3' },
  },
});
const dist = (path) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const { LiveFramePredictor } = await dist('node/services/camera/liveFrames.js');
const { predictImageFiles } = await dist('node/services/training/modelServices.js');

const classes = ['thumbs up', 'thumbs down', 'nothing'];
const { dir, modelDir } = await writeRandomHeadModel({ classes, prefix: 'bench-live-' });
/** Frames that change like a camera's, JPEG as the page encodes it. */
const frames = (width, height, count) => noisyJpegs(width, height, count, 85);

const count = Number(flags.frames);
const live = new LiveFramePredictor();
/** One frame after the other, each sent once the last was answered, as the live view does. */
const perSecond = async (images) => {
  await live.predict(modelDir, images[0]); // warm-up: loads the model, builds the session
  const start = performance.now();
  for (const image of images) await live.predict(modelDir, image);
  return images.length / ((performance.now() - start) / 1000);
};
const small = await frames(224, 224, count);
const camera = await frames(320, 240, count);
// Two rounds, alternating: the first also warms the thread pools; the second is reported.
const rows = [];
for (const round of [1, 2]) {
  const measured = [
    ['live, 224×224 JPEG frames', await perSecond(small)],
    ['live, 320×240 JPEG frames (what the live view sends)', await perSecond(camera)],
  ];
  if (round === 2) rows.push(...measured);
}
await live.close();

// Baseline: the same frames through model.predict's path, one file per call.
const baselineFrames = await frames(224, 224, Number(flags.baseline));
const paths = await Promise.all(
  baselineFrames.map(async (frame, i) => {
    const path = join(dir, `frame-${i}.jpg`);
    await writeFile(path, frame);
    return path;
  }),
);
const started = performance.now();
for (const path of paths) await predictImageFiles(modelDir, [path]);
const baseline = paths.length / ((performance.now() - started) / 1000);

console.log(
  `MobileNet V2 0.35 @ 224 (bundled weights), ${classes.length} classes, ${count} frames`,
);
for (const [name, rate] of [
  ...rows,
  ['baseline: model.predict per frame (loads the model)', baseline],
])
  console.log(
    `${name.padEnd(58)} ${rate.toFixed(1).padStart(7)} predictions/s  ×${(rate / baseline).toFixed(1)}`,
  );
await rm(dir, { recursive: true, force: true });
