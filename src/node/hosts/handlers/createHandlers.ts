import { randomUUID } from 'node:crypto';
import type {
  EngineHandlers,
  ParsedRequestOf,
  RequestContext,
} from '../../../common/contract/contract.js';
import type { ContractServer } from '../../../common/contract/rpc.js';
import type { JobEvent } from '../../../common/contract/schemas.js';
import { CATALOG } from '../../../engine/catalog/catalog.js';
import { appFolder } from '../../adapters/platform/appHome.js';
import { loadBackend } from '../../adapters/backend/loadBackend.js';
import { exportModel } from '../../services/export/exportModel.js';
import { ExportSources, loadExportSource } from '../../services/export/exportSources.js';
import { explainForApp } from '../../services/explain/explainForApp.js';
import { importPack } from '../../services/models/importPack.js';
import { listPacksIn, packStoreDir, packStoreDirs } from '../../services/models/packStore.js';
import {
  evaluateModelOnDataset,
  evaluateValidationImages,
  predictImageFiles,
  trainedModelInfo,
} from '../../services/training/modelServices.js';
import { pretrainedGuessService } from './imagenetService.js';
import { OutputDownloads, suggestOutputPath } from './outputs.js';
import { summaryService } from './summaryCache.js';
import { textHandlers } from './textHandlers.js';
import { listSampleDatasets } from '../../services/samples/sampleDatasets.js';
import { newRunDir } from '../../services/training/runsDir.js';
import { runTraining } from '../../services/training/runTraining.js';
import { runScratchTraining } from '../../services/training/scratchRecipe.js';
import type { DatasetSource } from '../../services/dataset/source.js';
import { commitUnlessAborted } from '../../adapters/platform/abort.js';
import {
  addFilesToClass,
  moveToClass,
  removeFiles,
  renameClass,
} from '../../services/dataset/datasetEdits.js';
import { OpenedDatasets } from '../../services/dataset/openedDatasets.js';
import { storeUpload, uploadsDir } from '../../services/dataset/uploads.js';
import { saveCameraFrames } from '../../services/camera/cameraFrames.js';
import { LiveFramePredictor } from '../../services/camera/liveFrames.js';
import { datasetThumbnails } from '../../services/dataset/thumbnails.js';
import { checkProjectDatasets, withTextFileHashes } from '../../services/projects/checkDatasets.js';
import { writeHandInBundle } from '../../services/projects/handIn.js';
import { openProject, saveProject } from '../../services/projects/projectStore.js';
import { copyImagesIntoProject, type CopyProgress } from '../../services/projects/copyImages.js';
import {
  createProjectFolder,
  ProjectFolders,
  recentProject,
  rememberProject,
} from '../../services/projects/recentProjects.js';

export interface HandlerContext {
  env: Record<string, string | undefined>;
  /** Where events go (the server that carries this contract). */
  emit: ContractServer['emit'];
  /** Opens the folder or zip a scan reads; tests hand in a source they step through. */
  openDatasetSource?: (path: string) => Promise<DatasetSource>;
}

/**
 * The contract's handlers: thin adapters from validated requests to the engine and Node
 * services, the same ones the CLI uses. Long work (a scan, a training) stops when its request's
 * signal aborts, and reports its progress through events.
 */
export function createHandlers(context: HandlerContext): EngineHandlers {
  const summaries = summaryService();
  const pretrainedGuesses = pretrainedGuessService(context.env);
  // Edits reach only datasets the user opened here (scanned, or of a project they opened).
  const opened = new OpenedDatasets();
  // Images are copied only into the app's projects folder or a project opened here.
  const projectFolders = new ProjectFolders(appFolder(context.env, 'projects'));
  const trash = () => appFolder(context.env, 'trash');
  // Only what was exported or handed in here can be downloaded.
  const downloads = new OutputDownloads();
  // Live mode keeps its model open between camera frames.
  const live = new LiveFramePredictor();
  // Text datasets and models share these channels; see textHandlers.
  const text = textHandlers(context);
  // The Export screen asks for one format per request; the model is loaded once for all of them.
  // A text model borrows the encoder the text session holds rather than loading a second one.
  const exportSources = new ExportSources((modelDir, signal) =>
    loadExportSource(modelDir, signal, text.encoder),
  );
  const imageTrainings = { start: trainOnImages, scratch: scratchOnImages };
  return text.wrap(imageTrainings, {
    'backend.report': () => loadBackend({ env: context.env }),
    'dataset.scan': async (request, call) => {
      const report = await scanWithProgress(request, call);
      // Open for edits from here on: a cancel that lands now gets the report, which says so.
      await commitUnlessAborted(call?.signal, () => opened.add(request.path));
      return report;
    },
    'dataset.upload': ({ name, files, into }) =>
      storeUpload(
        uploadsDir(context.env),
        name,
        files.map((f) => ({
          path: f.path,
          base64: f.base64,
          ...(f.offset === undefined ? {} : { offset: f.offset }),
        })),
        into,
      ),
    'dataset.thumbnails': ({ dataset, paths, size }) => datasetThumbnails(dataset, paths, size),
    'dataset.addFrames': async ({ dataset, className, frames }) => ({
      added: await saveCameraFrames(
        await opened.check(dataset),
        className,
        frames.map((f) => Buffer.from(f.base64, 'base64')),
      ),
    }),
    'dataset.addFiles': async ({ dataset, className, files }) =>
      addFilesToClass(await opened.check(dataset), className, files),
    'dataset.moveToClass': async ({ dataset, path, toClass }) => ({
      path: await moveToClass(await opened.check(dataset), path, toClass),
    }),
    'dataset.renameClass': async ({ dataset, from, to }) => ({
      renamed: await renameClass(await opened.check(dataset), from, to),
    }),
    'dataset.removeFiles': async ({ dataset, paths }) => ({
      trash: await removeFiles(await opened.check(dataset), paths, trash()),
    }),
    'project.open': async ({ folder }) => {
      const project = await openProject(folder);
      await projectFolders.add(folder);
      for (const dataset of project.project.datasets) await opened.add(dataset.path);
      const checks = await checkProjectDatasets(folder, project.project, {
        migratedFrom: project.migratedFrom,
      });
      return { ...project, datasets: checks };
    },
    'project.save': async ({ folder, project }, call) => {
      await saveProject(
        folder,
        await withTextFileHashes(folder, project, { signal: call?.signal }),
      );
      await rememberProject(context.env, folder);
      return { savedAt: new Date().toISOString() };
    },
    'project.create': async ({ name }) => ({
      folder: await createProjectFolder(context.env, name),
    }),
    'project.recent': () => recentProject(context.env),
    'project.copyImages': async ({ folder, dataset, name, copyId }, call) => {
      const path = await copyImagesIntoProject(folder, dataset, name, projectFolders, {
        signal: call?.signal,
        trash: trash(),
        ...(copyId ? { onProgress: copyProgressTo(copyId) } : {}),
      });
      await opened.add(path);
      return { path };
    },
    'project.handIn': async ({ modelDir, out, project, data, student, overwrite }) => {
      const written = await writeHandInBundle(modelDir, {
        out,
        overwrite,
        trash: trash(),
        textSession: text.session,
        ...(project ? { project } : {}),
        ...(data ? { data } : {}),
        ...(student ? { student } : {}),
      });
      downloads.allow(written.path);
      return written;
    },
    'samples.list': () => listSampleDatasets(context.env),
    'output.suggestPath': async ({ kind, name }) => ({
      path: await suggestOutputPath(context.env, kind, name),
    }),
    'output.download': ({ path, offset }) => downloads.read(path, offset),
    'bases.list': async () => {
      const store = packStoreDir(context.env);
      const catalog = CATALOG.map((e) => ({
        id: e.id,
        name: e.displayName,
        family: e.family,
        inputSize: e.inputSize,
        featureSize: e.featureSize,
        imagenetTop1: e.imagenetTop1,
      }));
      return { store, packs: await listPacksIn(packStoreDirs(context.env)), catalog };
    },
    'bases.import': ({ path, featureLayer }) =>
      importPack(path, packStoreDir(context.env), { featureLayer }),
    'bases.summary': (request) => summaries(request),
    'training.start': (request, call) => trainOnImages(request, call),
    'training.scratch': (request, call) => scratchOnImages(request, call),
    'model.evaluate': ({ modelDir, dataset }, call) =>
      evaluateModelOnDataset(modelDir, dataset, { signal: call?.signal }),
    'model.evaluateValidation': ({ modelDir }, call) =>
      evaluateValidationImages(modelDir, { signal: call?.signal }),
    'model.info': ({ modelDir }) => trainedModelInfo(modelDir),
    'model.predictFrame': ({ modelDir, jpeg }) =>
      live.predict(modelDir, Buffer.from(jpeg, 'base64')),
    'model.predict': ({ modelDir, images }, call) =>
      predictImageFiles(modelDir, images, { signal: call?.signal }),
    'model.explain': ({ modelDir, images, dataset, class: className }, call) =>
      explainForApp({ modelDir, images, dataset, className, signal: call?.signal }),
    'bases.imagenet': ({ images, top, dataset }, call) =>
      pretrainedGuesses(images, top, dataset, call?.signal),
    'model.export': async ({ modelDir, formats, out, overwrite }, call) => {
      const results = await exportModel(modelDir, {
        formats,
        out,
        overwrite,
        trash: trash(),
        signal: call?.signal,
        sources: exportSources,
      });
      for (const result of results) downloads.allow(result.path);
      return results;
    },
  });

  /** An image training; `source` is its dataset as opened to decide it holds images. */
  function trainOnImages(
    { jobId = randomUUID(), ...request }: ParsedRequestOf<'training.start'>,
    call?: RequestContext,
    source?: DatasetSource,
  ) {
    return runTraining({
      ...request,
      source,
      out: request.out ?? newRunDir(context.env, request.dataset),
      ...jobWiring(jobId, call),
    });
  }

  /** An image run from scratch; `source` is its dataset as opened to decide it holds images. */
  function scratchOnImages(
    { jobId = randomUUID(), ...request }: ParsedRequestOf<'training.scratch'>,
    call?: RequestContext,
    source?: DatasetSource,
  ) {
    return runScratchTraining({
      ...request,
      source,
      // Its own name: started in the same second as a transfer run, it must not take its folder.
      out: request.out ?? `${newRunDir(context.env, request.dataset)} scratch`,
      ...jobWiring(jobId, call),
    });
  }

  /** What an image run gets besides its request: the app folders, the call's cancel, its events. */
  function jobWiring(jobId: string, call?: RequestContext) {
    return {
      env: context.env,
      signal: call?.signal,
      onEvent: (event: JobEvent) => context.emit('job.event', { jobId, event }),
    };
  }

  /** Reports a copy's first file, then at most every 200 ms, and always its last file. */
  function copyProgressTo(copyId: string): (progress: CopyProgress) => void {
    return atMostEvery(
      200,
      (progress: CopyProgress) => progress.copied === progress.total,
      (p) => context.emit('copy.progress', { copyId, ...p }),
    );
  }

  /** One scan decides whether the dataset holds images or texts (see textHandlers). */
  function scanWithProgress(request: ParsedRequestOf<'dataset.scan'>, call?: RequestContext) {
    const { minSide, scanId } = request;
    const options = {
      ...(minSide === undefined ? {} : { minSide }),
      ...(call ? { signal: call.signal } : {}),
    };
    if (!scanId) return text.scan(request, options);
    return text.scan(request, {
      ...options,
      onProgress: atMostEvery(
        200,
        () => false,
        (progress) => context.emit('scan.progress', { scanId, ...progress }),
      ),
    });
  }
}

/**
 * `report` for the first call, then for at most one call every `ms` milliseconds, and always for
 * one that `isLast` says ends the work: progress a few times a second, never a flood.
 */
function atMostEvery<T>(
  ms: number,
  isLast: (value: T) => boolean,
  report: (value: T) => void,
): (value: T) => void {
  let last = 0;
  return (value) => {
    const now = Date.now();
    if (now - last < ms && !isLast(value)) return;
    last = now;
    report(value);
  };
}
