import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/random.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../common/training.js';
import { distModule, killDelay, SteppedChild } from '../../testing/killHarness.js';
import { writeTestPack } from '../../testing/packs.js';
import { packTestEnv } from '../../testing/testEnv.js';
import { writeShapeSamples } from '../samples/shapes.js';
import { runTraining } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';
const EPOCHS = 12;
// What `train --epochs 12 --batch-size 4 --learning-rate 0.003 --patience 0` asks for.
const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: EPOCHS, batchSize: 4, learningRate: 0.003 },
  phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, batchSize: 4 },
  earlyStoppingPatience: 0,
};

/**
 * A training process that reports each epoch and waits for the parent's go right after it (the
 * epoch event comes before that epoch's checkpoint is written, so at "epoch N" the checkpoint of
 * epoch N-1 is on disk).
 */
function trainerScript(jobFile: string): string {
  return `
    const { runTraining } = await import(${JSON.stringify(distModule('src', 'node', 'services', 'training', 'runTraining.js'))});
    const { readFile } = await import('node:fs/promises');
    const job = JSON.parse(await readFile(${JSON.stringify(jobFile)}, 'utf8'));
    await runTraining({
      ...job,
      onEvent: (event) => {
        if (event.type !== 'epoch') return;
        report('epoch ' + event.metrics.epoch);
        pause();
      },
    });
    report('done');
  `;
}

describe('resumable training', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-resume-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 8, size: 40, seed: 4 });
    await tf.setBackend('cpu');
    await writeTestPack(join(dir, 'store'), ARCH);
    env = packTestEnv(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    'a run SIGKILLed between epochs and again at a random moment resumes and ends exactly like an uninterrupted run',
    // A last guard only: three trainings of 24 small images on the cpu backend.
    { timeout: 600_000 },
    async () => {
      const job = { dataset: join(dir, 'shapes'), base: ARCH, settings, backend: 'cpu', env };
      const whole = await runTraining({ ...job, out: join(dir, 'whole') });

      const out = join(dir, 'killed');
      const checkpoint = join(`${out}.checkpoint`, 'phase1', 'checkpoint.json');
      const jobFile = join(dir, 'job.json');

      // First kill: while the trainer waits after epoch 4, so epoch 3's checkpoint is on disk.
      await writeFile(jobFile, JSON.stringify({ ...job, out }));
      const first = SteppedChild.start(trainerScript(jobFile));
      for (let epoch = 1; epoch < 4; epoch++) {
        await first.until(`epoch ${epoch}`);
        first.proceed();
      }
      await first.until('epoch 4');
      await first.kill();
      expect(JSON.parse(await readFile(checkpoint, 'utf8')).epoch).toBe(3);
      expect(existsSync(out)).toBe(false);

      // Second kill: the resumed trainer runs freely for a delay spread over the epoch durations
      // measured here, so the kill may land mid-epoch or while a checkpoint is being written.
      await writeFile(jobFile, JSON.stringify({ ...job, out, resume: true }));
      const second = SteppedChild.start(trainerScript(jobFile));
      await second.until('epoch 4');
      const epochMs: number[] = [];
      for (let epoch = 5; epoch <= 7; epoch++) {
        const started = performance.now();
        second.proceed();
        await second.until(`epoch ${epoch}`);
        epochMs.push(performance.now() - started);
      }
      second.proceed();
      await new Promise((resolve) => setTimeout(resolve, killDelay(seededRandom(7), epochMs)));
      await second.kill();

      const resumed = await runTraining({ ...job, out, resume: true });
      expect(resumed.history.map((m) => m.epoch)).toEqual(whole.history.map((m) => m.epoch));
      const numbers = (h: typeof whole.history) =>
        h.map((m) => [m.loss, m.valLoss, m.accuracy, m.valAccuracy]);
      expect(numbers(resumed.history)).toEqual(numbers(whole.history));
      expect(resumed.validation?.accuracy).toBe(whole.validation?.accuracy);
      expect(existsSync(`${out}.checkpoint`)).toBe(false);
    },
  );
});
