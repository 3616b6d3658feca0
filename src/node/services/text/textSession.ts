import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendReport } from '../../../common/backend.js';
import { USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { loadBackend } from '../../adapters/backend/loadBackend.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { scanTextDataset, type TextDatasetReport } from '../dataset/textDataset.js';
import { featureCacheRoot } from '../embedding/featureCache.js';
import { loadTextEncoder, type LoadedTextEncoder } from './loadTextEncoder.js';
import type { TextEmbeddingCache } from './textEmbeddingCache.js';
import { assertSameEncoder, loadTextModel, type TextModel } from './textModelFolder.js';
import { classifyTexts, openTextEmbeddingCache } from './trainTextClassifier.js';

export interface TextScanRequest {
  textColumn?: string | undefined;
  labelColumn?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface TextPrediction {
  prediction: string;
  probabilities: { class: string; probability: number }[];
}

/**
 * What the app keeps loaded for text: the encoder (26 MB of weights, read and hashed once per
 * trainer process) and the last text model used, so typing in Try it does not reload either.
 */
export class TextSession {
  private loaded: Promise<{ backend: BackendReport; encoder: LoadedTextEncoder }> | undefined;
  private lastModel: { key: string; model: Promise<TextModel> } | undefined;

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

  /** Scans a text dataset, reporting texts longer than the encoder reads. */
  async scan(path: string, request: TextScanRequest = {}): Promise<TextDatasetReport> {
    const { encoder } = await this.encoder();
    throwIfAborted(request.signal);
    return scanTextDataset(path, {
      textColumn: request.textColumn,
      labelColumn: request.labelColumn,
      signal: request.signal,
      maxPieces: encoder.summary.maxTokens,
      countPieces: (text) => encoder.encoder.tokenizer.encode(text).length,
    });
  }

  async cache(): Promise<TextEmbeddingCache> {
    return openTextEmbeddingCache(featureCacheRoot(this.env), (await this.encoder()).encoder);
  }

  /**
   * A text model, checked against the loaded encoder (ENCODER_MISMATCH otherwise). Kept loaded
   * until another folder, or the same folder rewritten, is asked for.
   */
  async model(dir: string): Promise<TextModel> {
    const { encoder } = await this.encoder();
    const written = await stat(join(dir, 'metadata.json')).catch(() => undefined);
    const key = `${dir}\0${written?.mtimeMs ?? 'absent'}`;
    const entry = this.lastModel?.key === key ? this.lastModel : this.replaceModel(key, dir);
    const model = await entry.model;
    assertSameEncoder(model.metadata, encoder);
    return model;
  }

  private replaceModel(key: string, dir: string): { key: string; model: Promise<TextModel> } {
    const previous = this.lastModel?.model;
    const entry = { key, model: loadTextModel(dir) };
    this.lastModel = entry;
    entry.model.catch(() => {
      if (this.lastModel === entry) this.lastModel = undefined;
    });
    void previous?.then(
      (old) => old.head.dispose(),
      () => undefined,
    );
    return entry;
  }

  /** Every class's probability for each text, most likely class first. */
  async predict(
    dir: string,
    texts: readonly string[],
    signal?: AbortSignal,
  ): Promise<TextPrediction[]> {
    const model = await this.model(dir);
    throwIfAborted(signal);
    const { encoder } = await this.encoder();
    const { probabilities } = await classifyTexts(model.head, encoder, texts);
    throwIfAborted(signal);
    return probabilities.map((row) => {
      const ranked = row
        .map((probability, c) => ({ class: model.metadata.classes[c] ?? '', probability }))
        .sort((a, b) => b.probability - a.probability);
      return { prediction: ranked[0]?.class ?? '', probabilities: ranked };
    });
  }
}
