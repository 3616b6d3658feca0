import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassMetrics } from '../../../common/metrics.js';
import { DEFAULT_TRAIN_SETTINGS, type EpochMetrics } from '../../../common/training.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';
import type { JobEvent } from '../training/runTraining.js';
import { runScratchTraining } from '../training/scratchRecipe.js';
import { writeShapeSamples } from '../samples/shapes.js';

export interface DemoOptions {
  /** Dataset to train on. Default: the project's shapes samples, generated when absent. */
  dataset?: string;
  /** Where the model goes. Default: a new temporary folder. */
  out?: string;
  backend?: string;
  /** Where TRANSFER_STUDIO_BACKEND is read from. Default: process.env. */
  env?: Record<string, string | undefined>;
  epochs?: number;
  seed?: number;
  onEvent?: (event: DemoEvent) => void;
}

export type DemoEvent = { type: 'samples-generated'; path: string; count: number } | JobEvent;

export interface DemoResult {
  dataset: string;
  modelDir: string;
  classes: string[];
  backend: string;
  trainingBackend: string;
  model: string;
  trainCount: number;
  validationCount: number;
  accuracy: number;
  confusion: number[][];
  perClass: (ClassMetrics & { name: string })[];
  history: EpochMetrics[];
  /** The epoch whose weights the model kept (lowest validation loss). */
  bestEpoch: number;
  seconds: number;
}

/**
 * The main job, headless, with nothing installed: the sample dataset (drawn when absent) trained
 * by the from-scratch recipe, which is the comparison run the app offers beside transfer learning.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => undefined);
  const dataset = options.dataset ?? (await ensureSamples(emit));
  const out = options.out ?? join(await mkdtemp(join(tmpdir(), 'transfer-studio-demo-')), 'model');
  let model = 'small CNN from scratch';
  const result = await runScratchTraining({
    dataset,
    out,
    settings: { ...DEFAULT_TRAIN_SETTINGS, seed: options.seed ?? DEFAULT_TRAIN_SETTINGS.seed },
    ...(options.epochs !== undefined ? { phase: { epochs: options.epochs } } : {}),
    backend: options.backend,
    ...(options.env ? { env: options.env } : {}),
    onEvent: (event) => {
      if (event.type === 'base') model = event.name;
      emit(event);
    },
  });
  const validation = result.validation;
  return {
    dataset,
    modelDir: result.modelDir,
    classes: result.classes,
    backend: result.backend,
    trainingBackend: result.embedding.device,
    model,
    trainCount: result.counts.train,
    validationCount: result.counts.validation,
    accuracy: validation?.accuracy ?? 0,
    confusion: validation?.confusion ?? [],
    perClass: validation?.perClass ?? [],
    history: result.history,
    bestEpoch: result.bestEpoch,
    seconds: (performance.now() - started) / 1000,
  };
}

export async function ensureSamples(emit: (event: DemoEvent) => void): Promise<string> {
  const bundled = join(packageRoot(), 'assets', 'samples', 'shapes');
  if (await exists(bundled)) return bundled;
  const generated = join(await mkdtemp(join(tmpdir(), 'transfer-studio-shapes-')), 'shapes');
  const count = await writeShapeSamples(generated);
  emit({ type: 'samples-generated', path: generated, count });
  return generated;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
