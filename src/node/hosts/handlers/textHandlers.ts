import { randomUUID } from 'node:crypto';
import type {
  EngineHandlers,
  ParsedRequestOf,
  RequestContext,
  ResponseOf,
} from '../../../common/contract/contract.js';
import type { ContractServer } from '../../../common/contract/rpc.js';
import { AppError } from '../../../common/errors.js';
import { textEncoderInfo } from '../../../engine/text/textEncoders.js';
import { isTextDatasetPath } from '../../services/dataset/textDataset.js';
import {
  describeTextBases,
  evaluateTextModelOnDataset,
  evaluateTextValidation,
  textModelInfo,
} from '../../services/text/textModelServices.js';
import { isTextModelFolder } from '../../services/text/textModelFolder.js';
import { columnsNeededReport, textScanReport } from '../../services/text/textScanReport.js';
import { TextSession } from '../../services/text/textSession.js';
import { runTextTraining } from '../../services/text/textTrainingJob.js';
import { newRunDir } from '../../services/training/runsDir.js';

type ImageHandlers = Omit<EngineHandlers, 'model.predictText'>;

/**
 * Text datasets and text models on the same channels as images: each request that names a
 * dataset or a model goes to the text services when the dataset holds texts (by content) or the
 * model folder says `modality: "text"`; everything else reaches the image handlers unchanged.
 */
export function textHandlers(context: {
  env: Record<string, string | undefined>;
  emit: ContractServer['emit'];
}) {
  const session = new TextSession(context.env);

  /** A text dataset's scan report, or undefined when the path holds images (or cannot be read). */
  const scan = async (
    request: ParsedRequestOf<'dataset.scan'>,
    call?: RequestContext,
  ): Promise<ResponseOf<'dataset.scan'> | undefined> => {
    if (!(await isTextDatasetPath(request.path))) return undefined;
    try {
      const report = await session.scan(request.path, {
        textColumn: request.textColumn,
        labelColumn: request.labelColumn,
        signal: call?.signal,
      });
      return textScanReport(report);
    } catch (error) {
      // The app asks for the columns on the Data screen instead of failing the import.
      const needed = columnsNeededReport(request.path, error);
      if (needed) return needed;
      throw error;
    }
  };

  const wrap = (image: ImageHandlers): EngineHandlers => ({
    ...image,
    'bases.list': async (request, call) => ({
      ...(await image['bases.list'](request, call)),
      textBases: await describeTextBases(),
    }),
    'bases.summary': (request, call) => {
      if (textEncoderInfo(request.base)) throw textBaseHasNoLayers();
      return image['bases.summary'](request, call);
    },
    'training.start': async ({ jobId = randomUUID(), ...request }, call) => {
      if (!(await isTextDatasetPath(request.dataset)))
        return image['training.start']({ jobId, ...request }, call);
      return runTextTraining(
        {
          ...request,
          out: request.out ?? newRunDir(context.env, request.dataset),
          signal: call?.signal,
          onEvent: (event) => context.emit('job.event', { jobId, event }),
        },
        session,
      );
    },
    'training.scratch': async (request, call) => {
      if (await isTextDatasetPath(request.dataset)) throw notForText('Training from scratch');
      return image['training.scratch'](request, call);
    },
    'model.evaluate': async (request, call) =>
      (await isTextModelFolder(request.modelDir))
        ? evaluateTextModelOnDataset(session, request.modelDir, request.dataset, call?.signal)
        : image['model.evaluate'](request, call),
    'model.evaluateValidation': async (request, call) =>
      (await isTextModelFolder(request.modelDir))
        ? evaluateTextValidation(session, request.modelDir, call?.signal)
        : image['model.evaluateValidation'](request, call),
    'model.info': async (request, call) =>
      (await isTextModelFolder(request.modelDir))
        ? textModelInfo(request.modelDir)
        : image['model.info'](request, call),
    'model.predict': async (request, call) => {
      if (await isTextModelFolder(request.modelDir)) throw textModelTakesTexts();
      return image['model.predict'](request, call);
    },
    'model.explain': async (request, call) => {
      if (await isTextModelFolder(request.modelDir)) throw notForText('Where the model looked');
      return image['model.explain'](request, call);
    },
    'model.export': async (request, call) => {
      if (await isTextModelFolder(request.modelDir)) throw notForText('Exporting');
      return image['model.export'](request, call);
    },
    'model.predictText': async ({ modelDir, texts }, call) => {
      if (!(await isTextModelFolder(modelDir))) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `${modelDir} is an image model; it classifies images, not texts`,
        );
      }
      return session.predict(modelDir, texts, call?.signal);
    },
  });

  return { scan, wrap };
}

function notForText(what: string): AppError {
  return new AppError('UNSUPPORTED', `${what} is not available for text models yet.`);
}

function textModelTakesTexts(): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    'This is a text model: give it texts (Try it has a text box), not images',
  );
}

function textBaseHasNoLayers(): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    'A text base is a frozen graph with no layers to choose from; bases.list describes it',
  );
}
