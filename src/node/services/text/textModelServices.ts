import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import {
  summarizeTextEncoder,
  TEXT_ENCODERS,
  type TextEncoderInfo,
  type TextEncoderSummary,
} from '../../../engine/text/textEncoders.js';
import { readEncoderVocabulary } from './encoderVocabulary.js';
import { textEncoderFolder } from './loadTextEncoder.js';
import { evaluateTextExamples, type TextExamplesEvaluation } from './textEvaluation.js';
import { readTextModelMetadata, readValidationTexts } from './textModelFolder.js';
import {
  evaluateTextScratchOnDataset,
  evaluateTextScratchValidation,
  isTextScratchFolder,
  textScratchModelInfo,
} from './textScratchModel.js';
import type { TextSession } from './textSession.js';

/** A text model run on every text of a dataset (a folder of class folders, or a table). */
export async function evaluateTextModelOnDataset(
  session: TextSession,
  modelDir: string,
  dataset: string,
  signal?: AbortSignal,
): Promise<TextExamplesEvaluation> {
  if (await isTextScratchFolder(modelDir))
    return evaluateTextScratchOnDataset(modelDir, dataset, signal);
  const report = await session.scan(dataset, { signal });
  const { encoder } = await session.encoder();
  const cache = await session.cache();
  return session.withModel(modelDir, (model) =>
    evaluateTextExamples(
      { head: model.head, classes: model.metadata.classes },
      encoder,
      report.examples,
      { cache, signal },
    ),
  );
}

/** A text model run again on the texts it held out when it trained (an earlier session's run). */
export async function evaluateTextValidation(
  session: TextSession,
  modelDir: string,
  signal?: AbortSignal,
): Promise<TextExamplesEvaluation> {
  if (await isTextScratchFolder(modelDir)) return evaluateTextScratchValidation(modelDir, signal);
  const validation = await readValidationTexts(modelDir).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      throw new AppError(
        'NOT_FOUND',
        'This text model did not record the texts it was validated on',
      );
    }
    throw error;
  });
  const { encoder } = await session.encoder();
  const cache = await session.cache();
  return session.withModel(modelDir, (model) =>
    evaluateTextExamples(
      { head: model.head, classes: model.metadata.classes },
      encoder,
      validation,
      { cache, signal },
    ),
  );
}

/** What the Model screen's `model.info` says of a text model folder. */
export async function textModelInfo(modelDir: string) {
  if (await isTextScratchFolder(modelDir)) return textScratchModelInfo(modelDir);
  const metadata = await readTextModelMetadata(modelDir);
  const best = metadata.history.find((m) => m.epoch === metadata.bestEpoch);
  return {
    classes: metadata.classes,
    history: metadata.history,
    ...(best?.valAccuracy === undefined ? {} : { validationAccuracy: best.valAccuracy }),
    base: metadata.encoder.id,
    recipe: 'transfer' as const,
    modality: 'text' as const,
    bestEpoch: metadata.bestEpoch,
    createdAt: metadata.createdAt ?? new Date(0).toISOString(),
  };
}

export type TextBaseListing = Omit<
  TextEncoderSummary,
  'modality' | 'trainableParams' | 'frozen'
> & {
  license: string;
};

let described: Promise<TextBaseListing[]> | undefined;

/**
 * The installed text encoders, described from their model.json and vocabulary without loading
 * the graph (the Model screen lists them before anything trains). An encoder whose package is
 * missing is left out.
 */
export function describeTextBases(): Promise<TextBaseListing[]> {
  described ??= Promise.all(
    Object.values(TEXT_ENCODERS).map((info) => describeTextBase(info)),
  ).then((all) => all.filter((entry): entry is TextBaseListing => entry !== undefined));
  return described;
}

/**
 * One encoder's listing from its package folder (the installed one unless `folder` names
 * another); undefined when the package is missing or its files are not an encoder's. The
 * vocabulary gets the checks loading the encoder makes, so a damaged one leaves the encoder out
 * instead of listing it with a made-up vocabulary size.
 */
export async function describeTextBase(
  info: TextEncoderInfo,
  folder?: string,
): Promise<TextBaseListing | undefined> {
  try {
    const root = folder ?? textEncoderFolder(info.packageName);
    const modelJson = JSON.parse(await readFile(join(root, 'model.json'), 'utf8')) as {
      weightsManifest: { weights: { dtype?: string; shape: number[] }[] }[];
    };
    const vocabulary = await readEncoderVocabulary(root);
    const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
    const {
      modality: _m,
      trainableParams: _t,
      frozen: _f,
      ...summary
    } = summarizeTextEncoder(info, specs, vocabulary.length);
    return { ...summary, license: info.license };
  } catch {
    return undefined;
  }
}
