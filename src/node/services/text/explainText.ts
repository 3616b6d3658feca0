import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import {
  occludeWords,
  type PredictTexts,
  type TextAttribution,
} from '../../../engine/explain/textOcclusion.js';
import { isTextModelFolder } from './textModelFolder.js';

/** What `model.explainText` needs of the text session: its predictions for a model folder. */
export type PredictWithModel = (
  modelDir: string,
  texts: readonly string[],
  signal?: AbortSignal,
) => Promise<readonly { probabilities: { class: string; probability: number }[] }[]>;

export interface ExplainTextRequest {
  modelDir: string;
  text: string;
  class?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Where a text model looked (`model.explainText`): each of the text's first words scored by
 * occlusion, through the same predictions Try it shows (transfer or from scratch alike), so the
 * scores explain exactly the probabilities beside them.
 */
export async function explainText(
  predict: PredictWithModel,
  request: ExplainTextRequest,
): Promise<TextAttribution> {
  await assertTextModel(request.modelDir);
  const predictTexts: PredictTexts = async (texts, signal) =>
    (await predict(request.modelDir, texts, signal)).map((answer) => answer.probabilities);
  return occludeWords(request.text, predictTexts, {
    class: request.class,
    signal: request.signal,
  });
}

/** A clear refusal for a folder that is missing, or holds no text model, before anything loads. */
export async function assertTextModel(modelDir: string): Promise<void> {
  if (await isTextModelFolder(modelDir)) return;
  const found = await stat(join(modelDir, 'metadata.json')).catch(() => undefined);
  if (!found) {
    throw new AppError(
      'NOT_FOUND',
      `There is no trained model in ${modelDir} (no metadata.json): train one or choose another folder`,
    );
  }
  throw new AppError(
    'INVALID_ARGUMENT',
    `${modelDir} is an image model; "where it looked" for texts needs a text model`,
  );
}
