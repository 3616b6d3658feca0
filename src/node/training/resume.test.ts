import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../common/training.js';
import { packageRoot } from '../packageRoot.js';
import { writeTestPack } from '../testing/packs.js';
import { writeShapeSamples } from '../samples/shapes.js';
import { runTraining } from './runTraining.js';

const ARCH = 'mobilenet_v2_0.35_96';
const EPOCHS = 8;
// What `train --epochs 8 --batch-size 4 --learning-rate 0.003 --patience 0` asks for.
const settings: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: EPOCHS, batchSize: 4, learningRate: 0.003 },
  phase2: { ...DEFAULT_TRAIN_SETTINGS.phase2, batchSize: 4 },
  earlyStoppingPatience: 0,
};

describe('resumable training', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-resume-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 8, size: 40, seed: 4 });
    await tf.setBackend('cpu');
    await writeTestPack(join(dir, 'store'), ARCH);
    env = { TRANSFER_STUDIO_MODELS: join(dir, 'store'), TRANSFER_STUDIO_CACHE: join(dir, 'cache') };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(
    'a run SIGKILLed after a few epochs resumes from its checkpoint and ends like an uninterrupted run',
    { timeout: 120_000 },
    async () => {
      const job = { dataset: join(dir, 'shapes'), base: ARCH, settings, backend: 'cpu', env };
      const whole = await runTraining({ ...job, out: join(dir, 'whole') });

      // The same job in another process, killed once its checkpoint has passed epoch 3.
      const out = join(dir, 'killed');
      const checkpoint = join(`${out}.checkpoint`, 'phase1', 'checkpoint.json');
      const bin = join(packageRoot(), 'bin', 'transfer-studio.js');
      const args = [
        bin,
        'train',
        job.dataset,
        '--base',
        ARCH,
        '--out',
        out,
        '--backend',
        'cpu',
        '--epochs',
        String(EPOCHS),
        '--batch-size',
        '4',
        '--learning-rate',
        '0.003',
        '--patience',
        '0',
        '--json',
      ];
      const child = spawn(process.execPath, args, {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const killedAt = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', async () => {
          const saved = existsSync(checkpoint)
            ? (
                JSON.parse(await readFile(checkpoint, 'utf8').catch(() => '{}')) as {
                  epoch?: number;
                }
              ).epoch
            : undefined;
          if (saved !== undefined && saved >= 3 && child.exitCode === null) {
            child.kill('SIGKILL');
            resolve(saved);
          }
        });
        child.on(
          'exit',
          (code) =>
            code !== null && reject(new Error(`finished (${code}) before it could be killed`)),
        );
      });
      expect(killedAt).toBeLessThan(EPOCHS);
      expect(existsSync(out)).toBe(false);

      const resumed = await runTraining({ ...job, out, resume: true });
      expect(resumed.history.map((m) => m.epoch)).toEqual(whole.history.map((m) => m.epoch));
      resumed.history.forEach((m, i) => {
        expect(m.loss).toBeCloseTo(whole.history[i]?.loss ?? NaN, 5);
        expect(m.valLoss).toBeCloseTo(whole.history[i]?.valLoss ?? NaN, 5);
      });
      expect(resumed.validation?.accuracy).toBe(whole.validation?.accuracy);
      expect(existsSync(`${out}.checkpoint`)).toBe(false);
    },
  );
});
