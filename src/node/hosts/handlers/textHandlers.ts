import { randomUUID } from 'node:crypto';
import type {
  EngineHandlers,
  ParsedRequestOf,
  RequestContext,
} from '../../../common/contract/contract.js';
import type { ScanReport } from '../../../common/dataset.js';
import type { ContractServer } from '../../../common/contract/rpc.js';
import { AppError } from '../../../common/errors.js';
import { textEncoderInfo } from '../../../engine/text/textEncoders.js';
import type { SourceOpener } from '../../services/dataset/anySource.js';
import { scanDatasetOnce, withTrainingDataset } from '../../services/dataset/datasetScan.js';
import type { ScanOptions } from '../../services/dataset/scanner.js';
import type { DatasetSource } from '../../services/dataset/source.js';
import {
  describeTextBases,
  evaluateTextModelOnDataset,
  evaluateTextValidation,
  textModelInfo,
} from '../../services/text/textModelServices.js';
import { explainText } from '../../services/text/explainText.js';
import { isTextModelFolder } from '../../services/text/textModelFolder.js';
import { columnsNeededReport, textScanReport } from '../../services/text/textScanReport.js';
import { TextSession } from '../../services/text/textSession.js';
import { runTextScratchTraining } from '../../services/text/textScratch.js';
import { runTextTraining } from '../../services/text/textTrainingJob.js';
import { newRunDir } from '../../services/training/runsDir.js';

type ImageHandlers = Omit<EngineHandlers, 'model.predictText' | 'model.explainText'>;

/** An image training, handed the dataset as the pass that decided it opened it. */
type ImageTraining<C extends 'training.start' | 'training.scratch'> = (
  request: ParsedRequestOf<C>,
  call: RequestContext | undefined,
  source: DatasetSource | undefined,
) => ReturnType<EngineHandlers[C]>;

/** The image trainings the text handlers route to once a dataset shows images. */
export interface ImageTrainings {
  start: ImageTraining<'training.start'>;
  scratch: ImageTraining<'training.scratch'>;
}

/**
 * Text datasets and text models on the same channels as images: each request that names a
 * dataset or a model goes to the text services when the dataset holds texts or the model folder
 * says `modality: "text"`; everything else reaches the image handlers unchanged. A dataset's
 * modality is what its one scan found (`scanDatasetOnce`), never a separate look before it.
 */
export function textHandlers(context: {
  env: Record<string, string | undefined>;
  emit: ContractServer['emit'];
  openDatasetSource?: SourceOpener | undefined;
}) {
  const session = new TextSession(context.env);

  /** A dataset's scan report, text or image, from one opening and one listing of it. */
  const scan = async (
    request: ParsedRequestOf<'dataset.scan'>,
    images: ScanOptions,
  ): Promise<ScanReport> => {
    const { signal, ...imageOptions } = images;
    try {
      const scanned = await scanDatasetOnce(request.path, {
        openSource: context.openDatasetSource,
        signal,
        images: imageOptions,
        textOptions: () => session.textScanOptions(request),
      });
      return scanned.modality === 'text' ? textScanReport(scanned.report) : scanned.report;
    } catch (error) {
      // The app asks for the columns on the Data screen instead of failing the import.
      const needed = columnsNeededReport(request.path, error);
      if (needed) return needed;
      throw error;
    }
  };

  /** How the pass that decides a training's dataset opens it, and scans it if it holds texts. */
  const decidingOptions = (call: RequestContext | undefined) => ({
    openSource: context.openDatasetSource,
    signal: call?.signal,
    textOptions: () => session.textScanOptions(),
  });

  const wrap = (trainOnImages: ImageTrainings, image: ImageHandlers): EngineHandlers => ({
    ...image,
    'bases.list': async (request, call) => ({
      ...(await image['bases.list'](request, call)),
      textBases: await describeTextBases(),
    }),
    'bases.summary': (request, call) => {
      if (textEncoderInfo(request.base)) throw textBaseHasNoLayers();
      return image['bases.summary'](request, call);
    },
    // The pass that tells hands the training what it found: a text report, or the open source.
    'training.start': ({ jobId = randomUUID(), ...request }, call) =>
      withTrainingDataset(request.dataset, decidingOptions(call), async (dataset) => {
        if (dataset.modality === 'image')
          return trainOnImages.start({ jobId, ...request }, call, dataset.source);
        return session.withScanned(request.dataset, {}, dataset.report, () =>
          runTextTraining(
            {
              ...request,
              out: request.out ?? newRunDir(context.env, request.dataset),
              signal: call?.signal,
              onEvent: (event) => context.emit('job.event', { jobId, event }),
            },
            session,
          ),
        );
      }),
    // A bag of words needs no encoder: the deciding pass scans the texts without it.
    'training.scratch': ({ jobId = randomUUID(), ...request }, call) =>
      withTrainingDataset(
        request.dataset,
        { openSource: context.openDatasetSource, signal: call?.signal },
        async (dataset) => {
          if (dataset.modality === 'image')
            return trainOnImages.scratch({ jobId, ...request }, call, dataset.source);
          return runTextScratchTraining({
            ...request,
            report: dataset.report,
            // Its own name: a transfer run started in the same second keeps its folder.
            out: request.out ?? `${newRunDir(context.env, request.dataset)} scratch`,
            env: context.env,
            signal: call?.signal,
            onEvent: (event) => context.emit('job.event', { jobId, event }),
          });
        },
      ),
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
      if (await isTextModelFolder(request.modelDir)) throw explainTextInstead();
      return image['model.explain'](request, call);
    },
    // exportModel tells a text model folder by its metadata and writes the text formats itself.
    'model.export': (request, call) => image['model.export'](request, call),
    'model.predictText': async ({ modelDir, texts }, call) => {
      if (!(await isTextModelFolder(modelDir))) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `${modelDir} is an image model; it classifies images, not texts`,
        );
      }
      return session.predict(modelDir, texts, call?.signal);
    },
    'model.explainText': ({ modelDir, text, class: className }, call) =>
      explainText((dir, texts, signal) => session.predict(dir, texts, signal), {
        modelDir,
        text,
        class: className,
        signal: call?.signal,
      }),
  });

  /** The session's encoder, for work that would otherwise load its own copy (a text export). */
  const encoder = async () => (await session.encoder()).encoder;

  // The hand-in's text report predicts through this session rather than loading a second encoder.
  return { scan, wrap, encoder, session };
}

function explainTextInstead(): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    'This is a text model: its words are weighed by model.explainText (Try it: "Show where it looked")',
  );
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
