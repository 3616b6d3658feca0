import { randomUUID } from 'node:crypto';
import type { EngineHandlers, ParsedRequestOf } from '../../../common/contract/contract.js';
import type { ScanReport } from '../../../common/dataset.js';
import type { ContractServer } from '../../../common/contract/rpc.js';
import { AppError } from '../../../common/errors.js';
import { textEncoderInfo } from '../../../engine/text/textEncoders.js';
import type { SourceOpener } from '../../services/dataset/anySource.js';
import { scanDatasetOnce, scanIfText } from '../../services/dataset/datasetScan.js';
import { datasetModality } from '../../services/dataset/modality.js';
import type { ScanOptions } from '../../services/dataset/scanner.js';
import {
  describeTextBases,
  evaluateTextModelOnDataset,
  evaluateTextValidation,
  textModelInfo,
} from '../../services/text/textModelServices.js';
import { isTextModelFolder } from '../../services/text/textModelFolder.js';
import { columnsNeededReport, textScanReport } from '../../services/text/textScanReport.js';
import { TextSession } from '../../services/text/textSession.js';
import { runTextScratchTraining } from '../../services/text/textScratch.js';
import { runTextTraining } from '../../services/text/textTrainingJob.js';
import { newRunDir } from '../../services/training/runsDir.js';

type ImageHandlers = Omit<EngineHandlers, 'model.predictText'>;

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
      // A text dataset is scanned by the pass that tells; the training is handed that report.
      const scanned = await scanIfText(request.dataset, {
        openSource: context.openDatasetSource,
        signal: call?.signal,
        textOptions: () => session.textScanOptions(),
      });
      if (scanned.modality === 'image') return image['training.start']({ jobId, ...request }, call);
      return session.withScanned(request.dataset, {}, scanned.report, () =>
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
    },
    'training.scratch': async ({ jobId = randomUUID(), ...request }, call) => {
      if ((await datasetModality(request.dataset, context.openDatasetSource)) === 'image')
        return image['training.scratch']({ jobId, ...request }, call);
      return runTextScratchTraining({
        ...request,
        // Its own name: started in the same second as a transfer run, it must not take its folder.
        out: request.out ?? `${newRunDir(context.env, request.dataset)} scratch`,
        env: context.env,
        signal: call?.signal,
        onEvent: (event) => context.emit('job.event', { jobId, event }),
      });
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
