import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import { textEncoderInfo, type TextEncoderInfo } from '../../../engine/text/textEncoders.js';
import { layersModelToOnnx } from '../../../engine/onnx/layersToOnnx.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { layersModelFiles } from '../models/writeLayersModel.js';
import { embedTexts } from '../text/embedTexts.js';
import { loadTextEncoder, type LoadedTextEncoder } from '../text/loadTextEncoder.js';
import {
  assertSameEncoder,
  loadTextModel,
  type TextModel,
  type TextModelMetadata,
} from '../text/textModelFolder.js';
import type { ExportFiles, ExportSource, FormatWriter } from './exportSource.js';
import { runOnnx } from './imageExport.js';
import type { ExportFormat } from './modelCard.js';
import { compareProbabilities, type Parity } from './parity.js';
import { TEXT_CLASSIFIER_JS, TEXT_EXAMPLE_HTML } from './textClassifierSource.js';
import { exportedLoaderProbabilities } from './textLoaderParity.js';
import { textModelCard } from './textModelCard.js';
import { probeTexts, type ProbeTexts } from './textProbe.js';

/** What a text model exports to: the web page classifier and the head alone. */
export const TEXT_EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'onnx'];

/** The export's own description of its parts, read by textClassifier.js. */
export const CLASSIFIER_FILE = 'classifier.json';

interface TextSource {
  model: TextModel;
  loaded: LoadedTextEncoder;
  info: TextEncoderInfo;
  probe: ProbeTexts;
  /** The probe texts' embeddings, as the app computes them (the ONNX head's input). */
  embeddings: Float32Array;
  reference: Float32Array;
}

/** Refuses a format a text model has no meaningful export for, naming the ones it has. */
export function refuseTextFormats(formats: readonly ExportFormat[]): void {
  const refused = formats.filter((format) => !TEXT_EXPORT_FORMATS.includes(format));
  if (refused.length > 0)
    throw new AppError(
      'UNSUPPORTED',
      `A text model cannot be exported as ${refused.join(', ')} (a Keras file holds a whole image model). A text model exports as tfjs (a folder that classifies raw text in a web page: the sentence encoder, its vocabulary, the head and textClassifier.js) or onnx (the head alone; its input is a 512-d sentence embedding).`,
      { refused, available: [...TEXT_EXPORT_FORMATS] },
    );
}

/** The encoder the app holds already, lent to an export (which then never disposes it). */
export type LentTextEncoder = () => Promise<LoadedTextEncoder>;

/**
 * A text model folder, the encoder it was trained on, its probe texts and the app's answers. With
 * `lent`, the app's own encoder is used when it is the model's (same fingerprint), so the trainer
 * does not hold a second copy (26 MB) for as long as the source stays loaded.
 */
export async function loadTextExportSource(
  modelDir: string,
  signal?: AbortSignal,
  lent?: LentTextEncoder,
): Promise<ExportSource> {
  throwIfAborted(signal);
  const model = await loadTextModel(modelDir);
  let owned: LoadedTextEncoder | undefined;
  try {
    const info = textEncoderInfo(model.metadata.encoder.id);
    if (!info)
      throw new AppError(
        'NOT_FOUND',
        `This text model was trained on ${model.metadata.encoder.id}, which this app does not have`,
      );
    const app = await lent?.();
    const usable = app?.fingerprint === model.metadata.encoder.fingerprint ? app : undefined;
    const loaded = usable ?? (owned = await loadTextEncoder(info.id));
    assertSameEncoder(model.metadata, loaded);
    const probe = await probeTexts(modelDir);
    throwIfAborted(signal);
    const { embeddings } = await embedTexts(probe.texts, { encoder: loaded.encoder, signal });
    const reference = predictHead(model.head, embeddings, info.embeddingSize);
    const source: TextSource = { model, loaded, info, probe, embeddings, reference };
    const ownEncoder = owned?.encoder;
    return {
      modality: 'text',
      classes: model.metadata.classes,
      metadata: model.metadata,
      writer: (format) => textWriter(format, source),
      dispose: () => {
        model.head.dispose();
        ownEncoder?.dispose();
      },
    };
  } catch (error) {
    model.head.dispose();
    owned?.encoder.dispose();
    throw error;
  }
}

function textWriter(format: ExportFormat, source: TextSource): FormatWriter {
  refuseTextFormats([format]);
  const card = (parity: Parity) =>
    textModelCard(source.model.metadata, source.info, format, parity);
  if (format === 'onnx')
    return {
      files: async () => new Map([['model.onnx', headOnnx(source)]]),
      parity: async (folder) => {
        const { data } = await runOnnx(join(folder, 'model.onnx'), source.embeddings, [
          source.probe.texts.length,
          source.info.embeddingSize,
        ]);
        return compare(source, data);
      },
      card,
    };
  return {
    files: () => webFiles(source),
    parity: async (folder) =>
      compare(source, await exportedLoaderProbabilities(folder, source.probe.texts)),
    card,
  };
}

function compare(source: TextSource, candidate: Float32Array): Parity {
  const classes = source.model.metadata.classes.length;
  return compareProbabilities(source.reference, candidate, classes, source.probe.kind);
}

function headOnnx(source: TextSource): Uint8Array {
  const { metadata } = source.model;
  return layersModelToOnnx(source.model.head, {
    metadata: {
      labels: JSON.stringify(metadata.classes),
      input: `${source.info.embeddingSize}-d sentence embedding of ${source.info.id} (unit length)`,
      encoder: JSON.stringify(metadata.encoder),
    },
  });
}

/**
 * The web page classifier: the encoder's files as its package ships them (so the folder's
 * fingerprint is the installed encoder's), the head as a TF.js layers model, and the loader.
 */
async function webFiles(source: TextSource): Promise<ExportFiles> {
  const { loaded, info, model } = source;
  const files: ExportFiles = new Map();
  const modelJson = await readFile(join(loaded.folder, 'model.json'));
  files.set('encoder/model.json', modelJson);
  const manifest = JSON.parse(modelJson.toString('utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  for (const path of manifest.weightsManifest.flatMap((group) => group.paths))
    files.set(`encoder/${path}`, await readFile(join(loaded.folder, path)));
  files.set('encoder/vocab.json', await readFile(join(loaded.folder, 'vocab.json')));
  const packageRoot = dirname(loaded.folder);
  const license = await readFile(join(packageRoot, 'LICENSE')).catch(() => undefined);
  if (license) files.set('encoder/LICENSE', license);
  for (const [name, contents] of await layersModelFiles(model.head))
    files.set(`head/${name}`, contents);
  const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
    version?: string;
  };
  files.set(
    CLASSIFIER_FILE,
    JSON.stringify(classifierJson(model.metadata, info, version), null, 2),
  );
  files.set('textClassifier.js', TEXT_CLASSIFIER_JS);
  files.set('example.html', TEXT_EXAMPLE_HTML);
  return files;
}

function classifierJson(
  metadata: TextModelMetadata,
  info: TextEncoderInfo,
  packageVersion: string | undefined,
): Record<string, unknown> {
  return {
    format: 'transfer-studio-text-classifier',
    version: 1,
    labels: metadata.classes,
    encoder: {
      id: info.id,
      name: info.name,
      model: 'encoder/model.json',
      vocabulary: 'encoder/vocab.json',
      maxTokens: info.maxTokens,
      reading: info.reading,
      embeddingSize: info.embeddingSize,
      package: `${info.packageName}${packageVersion ? `@${packageVersion}` : ''}`,
      license: info.license,
      fingerprint: metadata.encoder.fingerprint,
    },
    head: 'head/model.json',
  };
}

function predictHead(head: tf.LayersModel, embeddings: Float32Array, size: number): Float32Array {
  return tf.tidy(
    () =>
      (
        head.predict(tf.tensor2d(embeddings, [embeddings.length / size, size])) as tf.Tensor
      ).dataSync() as Float32Array,
  );
}
