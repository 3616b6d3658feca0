import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendReport } from '../../../common/backend.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { loadBackend } from '../../adapters/backend/loadBackend.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import type { TextOptions } from '../dataset/datasetScan.js';
import { scanTextDataset, type TextDatasetReport } from '../dataset/textDataset.js';
import { featureCacheRoot } from '../embedding/featureCache.js';
import { loadTextEncoder, type LoadedTextEncoder } from './loadTextEncoder.js';
import type { TextEmbeddingCache } from './textEmbeddingCache.js';
import { assertSameEncoder, loadTextModel, type TextModel } from './textModelFolder.js';
import { isTextScratchFolder, predictTextScratch } from './textScratchModel.js';
import { classifyTextBatches } from './textEvaluation.js';
import { openTextEmbeddingCache } from './trainTextClassifier.js';

export interface TextScanRequest {
  textColumn?: string | undefined;
  labelColumn?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface TextPrediction {
  prediction: string;
  probabilities: { class: string; probability: number }[];
}

/** A loaded text model and the requests using it now. */
interface ModelEntry {
  key: string;
  model: Promise<TextModel>;
  /** The model once loaded, so a disposal needs no wait. */
  loaded?: TextModel;
  users: number;
}

/**
 * What the app keeps loaded for text: the encoder (26 MB of weights, read and hashed once per
 * trainer process) and the last text model used, so typing in Try it does not reload either.
 */
export class TextSession {
  private loaded: Promise<{ backend: BackendReport; encoder: LoadedTextEncoder }> | undefined;
  private lastModel: ModelEntry | undefined;
  /** Reports made by a caller that scanned already (the scan that decided the modality). */
  private readonly scanned = new Map<string, TextDatasetReport>();

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** The backend and the encoder, loaded on first use; a failed load is tried again next time. */
  encoder(): Promise<{ backend: BackendReport; encoder: LoadedTextEncoder }> {
    if (!this.loaded) {
      this.loaded = (async () => {
        const backend = await loadBackend({ env: this.env });
        return { backend, encoder: await loadTextEncoder(USE_LITE_ID) };
      })();
      this.loaded.catch(() => (this.loaded = undefined));
    }
    return this.loaded;
  }

  /** The scan options that report texts longer than the encoder reads (the encoder loaded). */
  async textScanOptions(request: Omit<TextScanRequest, 'signal'> = {}): Promise<TextOptions> {
    const { encoder } = await this.encoder();
    return {
      textColumn: request.textColumn,
      labelColumn: request.labelColumn,
      maxPieces: encoder.summary.maxTokens,
      cutPieces: (text) => encoder.encoder.tokenize(text).droppedPieces,
    };
  }

  /**
   * Scans a text dataset, reporting texts longer than the encoder reads; while a caller runs with
   * a report it already made (`withScanned`), that report is the answer instead of a second scan.
   */
  async scan(path: string, request: TextScanRequest = {}): Promise<TextDatasetReport> {
    const scanned = this.scanned.get(scanKey(path, request));
    if (scanned) return scanned;
    const options = await this.textScanOptions(request);
    throwIfAborted(request.signal);
    return scanTextDataset(path, { ...options, signal: request.signal });
  }

  /** Runs `work` with `report` standing for the scan of `path` it would make. */
  async withScanned<T>(
    path: string,
    request: Omit<TextScanRequest, 'signal'>,
    report: TextDatasetReport,
    work: () => Promise<T>,
  ): Promise<T> {
    const key = scanKey(path, request);
    this.scanned.set(key, report);
    try {
      return await work();
    } finally {
      if (this.scanned.get(key) === report) this.scanned.delete(key);
    }
  }

  async cache(): Promise<TextEmbeddingCache> {
    return openTextEmbeddingCache(featureCacheRoot(this.env), (await this.encoder()).encoder);
  }

  /**
   * Runs `work` with a text model, checked against the loaded encoder (ENCODER_MISMATCH
   * otherwise). The model stays loaded until another folder, or the same folder rewritten, is
   * asked for; one replaced meanwhile is disposed when its last user is done, not under it.
   */
  async withModel<T>(dir: string, work: (model: TextModel) => Promise<T>): Promise<T> {
    const { encoder } = await this.encoder();
    const written = await stat(join(dir, 'metadata.json')).catch(() => undefined);
    const key = `${dir}\0${written?.mtimeMs ?? 'absent'}`;
    const entry = this.lastModel?.key === key ? this.lastModel : this.replaceModel(key, dir);
    entry.users++;
    try {
      const model = await entry.model;
      assertSameEncoder(model.metadata, encoder);
      return await work(model);
    } finally {
      entry.users--;
      if (entry.users === 0 && entry !== this.lastModel) disposeWhenLoaded(entry);
    }
  }

  private replaceModel(key: string, dir: string): ModelEntry {
    const previous = this.lastModel;
    const entry: ModelEntry = { key, model: loadTextModel(dir), users: 0 };
    this.lastModel = entry;
    void entry.model.then(
      (model) => (entry.loaded = model),
      () => {
        if (this.lastModel === entry) this.lastModel = undefined;
      },
    );
    if (previous && previous.users === 0) disposeWhenLoaded(previous);
    return entry;
  }

  /** Every class's probability for each text, most likely class first. */
  async predict(
    dir: string,
    texts: readonly string[],
    signal?: AbortSignal,
  ): Promise<TextPrediction[]> {
    // A model from scratch carries its own vocabulary and needs no encoder.
    if (await isTextScratchFolder(dir)) return predictTextScratch(dir, texts, signal);
    const { encoder } = await this.encoder();
    return this.withModel(dir, async (model) => {
      const probabilities = await classifyTextBatches(model.head, encoder, texts, { signal });
      return probabilities.map((row) => {
        const ranked = row
          .map((probability, c) => ({ class: model.metadata.classes[c] ?? '', probability }))
          .sort((a, b) => b.probability - a.probability);
        return { prediction: ranked[0]?.class ?? '', probabilities: ranked };
      });
    });
  }
}

function disposeWhenLoaded(entry: ModelEntry): void {
  if (entry.loaded) {
    entry.loaded.head.dispose();
    return;
  }
  void entry.model.then(
    (model) => model.head.dispose(),
    () => undefined,
  );
}

function scanKey(path: string, request: Omit<TextScanRequest, 'signal'>): string {
  return JSON.stringify([path, request.textColumn ?? null, request.labelColumn ?? null]);
}
