import { scalePixels } from '../../../common/preprocessing.js';
import { AppError } from '../../../common/errors.js';
import { decodeForModel } from '../../adapters/image/decode.js';
import { createEmbedder, type Embedder } from '../embedding/embedder.js';
import { isTextModelFolder } from '../text/textModelFolder.js';
import { loadTrainedModel, readTrainedModelMetadata } from '../training/loadTrainedModel.js';
import type { TrainedModelMetadata } from '../../../common/trainedModel.js';

export interface FramePrediction {
  prediction: string;
  /** Every class, most probable first. */
  probabilities: { class: string; probability: number }[];
}

interface OpenModel {
  modelDir: string;
  /** A model folder trained again in place is a different model: its metadata says when. */
  createdAt: string;
  metadata: TrainedModelMetadata;
  embedder: Embedder;
  dispose(): Promise<void>;
}

/** How long an unused model stays loaded after the last frame (live mode was left). */
const IDLE_RELEASE_MS = 120_000;

/**
 * Live predictions on camera frames: loading a classifier and building its onnxruntime session
 * takes far longer than one prediction, so the last model used stays open between frames and is
 * released when another is asked for, when `close` is called, or after a while unused. Frames go
 * through the same decode, preprocessing and engine as `model.predict`; nothing touches the disk
 * but the model's own files, and no frame is cached.
 */
export class LiveFramePredictor {
  private open: Promise<OpenModel> | undefined;
  private openDir: string | undefined;
  /** One frame at a time: frames from two callers wait for each other rather than share a session. */
  private queue: Promise<unknown> = Promise.resolve();
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly idleReleaseMs = IDLE_RELEASE_MS) {}

  predict(modelDir: string, jpeg: Uint8Array): Promise<FramePrediction> {
    const run = this.queue.then(() => this.predictNow(modelDir, jpeg));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Releases the loaded model, if any (a later frame loads it again). */
  async close(): Promise<void> {
    const run = this.queue.then(() => this.release());
    this.queue = run.catch(() => undefined);
    await run;
  }

  private async predictNow(modelDir: string, jpeg: Uint8Array): Promise<FramePrediction> {
    if (this.idle) clearTimeout(this.idle);
    const model = await this.modelFor(modelDir);
    try {
      const { preprocessing, classes } = model.metadata;
      const decoded = await decodeForModel(jpeg, preprocessing);
      const probabilities = await model.embedder.embed(scalePixels(decoded.data, preprocessing), 1);
      const ranked = classes
        .map((name, c) => ({ class: name, probability: probabilities[c] ?? 0 }))
        .sort((a, b) => b.probability - a.probability);
      return { prediction: ranked[0]?.class ?? '', probabilities: ranked };
    } finally {
      this.idle = setTimeout(() => void this.close(), this.idleReleaseMs);
      this.idle.unref?.();
    }
  }

  private async modelFor(modelDir: string): Promise<OpenModel> {
    if (this.open && this.openDir === modelDir) {
      const current = await this.open.catch(() => undefined);
      const { createdAt } = await readTrainedModelMetadata(modelDir);
      if (current && current.createdAt === createdAt) return current;
    }
    await this.release();
    this.openDir = modelDir;
    this.open = openModel(modelDir);
    return this.open;
  }

  private async release(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    this.openDir = undefined;
    if (this.idle) clearTimeout(this.idle);
    await (await open?.catch(() => undefined))?.dispose();
  }
}

async function openModel(modelDir: string): Promise<OpenModel> {
  if (await isTextModelFolder(modelDir))
    throw new AppError(
      'UNSUPPORTED',
      'This model classifies texts: live camera predictions need a model trained on images',
    );
  const { model, metadata } = await loadTrainedModel(modelDir);
  try {
    // The whole classifier runs like a base: the "features" it produces are the probabilities.
    const { embedder } = await createEmbedder(model);
    if (embedder.featureShape.reduce((a, b) => a * b, 1) !== metadata.classes.length) {
      await embedder.dispose();
      throw new AppError(
        'INVALID_ARGUMENT',
        `${modelDir} does not classify camera images (its output does not match its ${metadata.classes.length} classes)`,
      );
    }
    return {
      modelDir,
      createdAt: metadata.createdAt,
      metadata,
      embedder,
      dispose: async () => {
        await embedder.dispose();
        model.dispose();
      },
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
