import { randomUUID } from 'node:crypto';
import type { EngineHandlers } from '../../common/contract/contract.js';
import type { ContractServer } from '../../common/contract/rpc.js';
import { serializeError } from '../../common/errors.js';
import { CATALOG } from '../../engine/catalog/catalog.js';
import { loadBackend } from '../backend/loadBackend.js';
import { exportModel } from '../export/exportModel.js';
import { importPack } from '../models/importPack.js';
import { listPacksIn, packStoreDir, packStoreDirs } from '../models/packStore.js';
import {
  evaluateModelOnDataset,
  evaluateValidationImages,
  predictImageFiles,
} from '../training/modelServices.js';
import { runDemo } from '../demo/runDemo.js';
import { summaryService } from './summaryCache.js';
import { newRunDir } from '../training/runsDir.js';
import { readTrainedModelMetadata } from '../training/loadTrainedModel.js';
import { runTraining } from '../training/runTraining.js';
import { scanDataset } from '../dataset/scanner.js';
import {
  addFilesToClass,
  moveToClass,
  removeFiles,
  renameClass,
  trashDir,
} from '../dataset/datasetEdits.js';
import { storeUpload, uploadsDir } from '../dataset/uploads.js';
import { datasetThumbnails } from '../image/thumbnails.js';
import { checkProjectDatasets } from '../projects/checkDatasets.js';
import { writeHandInBundle } from '../projects/handIn.js';
import { openProject, saveProject } from '../projects/projectStore.js';
import {
  copyImagesIntoProject,
  createProjectFolder,
  recentProject,
  rememberProject,
} from '../projects/recentProjects.js';

export interface HandlerContext {
  env: Record<string, string | undefined>;
  /** Where events go (the server that carries this contract). */
  emit: ContractServer['emit'];
}

/**
 * The contract's handlers: thin adapters from validated requests to the engine and Node
 * services, the same ones the CLI uses. Training runs in the background and reports through events.
 */
export function createHandlers(context: HandlerContext): EngineHandlers {
  const jobs = new Map<string, AbortController>();
  const scans = new Map<string, AbortController>();
  const summaries = summaryService();
  return {
    'backend.report': () => loadBackend({ env: context.env }),
    'dataset.scan': async ({ path, minSide, scanId }) => {
      if (!scanId) return scanDataset(path, minSide === undefined ? {} : { minSide });
      const controller = new AbortController();
      scans.set(scanId, controller);
      let last = 0;
      try {
        return await scanDataset(path, {
          ...(minSide === undefined ? {} : { minSide }),
          signal: controller.signal,
          onProgress: (progress) => {
            const now = Date.now();
            if (now - last < 200) return;
            last = now;
            context.emit('scan.progress', { scanId, ...progress });
          },
        });
      } finally {
        scans.delete(scanId);
      }
    },
    'dataset.cancelScan': async ({ scanId }) => {
      const scan = scans.get(scanId);
      scan?.abort();
      return { cancelled: scan !== undefined };
    },
    'dataset.upload': async ({ name, files, into }) => ({
      path: await storeUpload(
        uploadsDir(context.env),
        name,
        files.map((f) => ({ path: f.path, data: Buffer.from(f.base64, 'base64') })),
        into,
      ),
    }),
    'dataset.thumbnails': ({ dataset, paths, size }) => datasetThumbnails(dataset, paths, size),
    'dataset.addFiles': ({ dataset, className, files }) =>
      addFilesToClass(dataset, className, files),
    'dataset.moveToClass': async ({ dataset, path, toClass }) => ({
      path: await moveToClass(dataset, path, toClass),
    }),
    'dataset.renameClass': async ({ dataset, from, to }) => ({
      renamed: await renameClass(dataset, from, to),
    }),
    'dataset.removeFiles': async ({ dataset, paths }) => ({
      trash: await removeFiles(dataset, paths, trashDir(context.env)),
    }),
    'project.open': async ({ folder }) => {
      const opened = await openProject(folder);
      return { ...opened, datasets: await checkProjectDatasets(folder, opened.project) };
    },
    'project.save': async ({ folder, project }) => {
      await saveProject(folder, project);
      await rememberProject(context.env, folder);
      return { savedAt: new Date().toISOString() };
    },
    'project.create': async ({ name }) => ({
      folder: await createProjectFolder(context.env, name),
    }),
    'project.recent': () => recentProject(context.env),
    'project.copyImages': async ({ folder, dataset, name }) => ({
      path: await copyImagesIntoProject(folder, dataset, name),
    }),
    'project.handIn': ({ modelDir, out, project, data, student, overwrite }) =>
      writeHandInBundle(modelDir, {
        out,
        overwrite,
        ...(project ? { project } : {}),
        ...(data ? { data } : {}),
        ...(student ? { student } : {}),
      }),
    'models.list': async () => {
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
    'models.import': ({ path }) => importPack(path, packStoreDir(context.env)),
    'models.summary': (request) => summaries(request),
    'training.start': async (request) => {
      const jobId = randomUUID();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      runTraining({
        ...request,
        out: request.out ?? newRunDir(context.env, request.dataset),
        env: context.env,
        signal: controller.signal,
        onEvent: (event) => context.emit('job.event', { jobId, event }),
      })
        .then((result) => context.emit('job.done', { jobId, result }))
        .catch((error: unknown) =>
          context.emit('job.failed', { jobId, error: serializeError(error) }),
        )
        .finally(() => jobs.delete(jobId));
      return { jobId };
    },
    'training.scratch': async ({ dataset, epochs, seed }) => {
      let parameters = 0;
      const result = await runDemo({
        dataset,
        epochs,
        seed,
        env: context.env,
        onEvent: (event) => {
          if (event.type === 'model') parameters = event.parameters;
        },
      });
      return {
        history: result.history,
        accuracy: result.accuracy,
        parameters,
        seconds: result.seconds,
      };
    },
    'training.cancel': async ({ jobId }) => {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: job !== undefined };
    },
    'model.evaluate': async ({ modelDir, dataset }) => {
      const { skippedClasses: _skipped, ...evaluation } = await evaluateModelOnDataset(
        modelDir,
        dataset,
      );
      return evaluation;
    },
    'model.evaluateValidation': ({ modelDir }) => evaluateValidationImages(modelDir),
    'model.info': async ({ modelDir }) => {
      const metadata = await readTrainedModelMetadata(modelDir);
      return {
        classes: metadata.classes,
        history: metadata.history,
        ...(metadata.validation ? { validationAccuracy: metadata.validation.accuracy } : {}),
        base: metadata.base.name,
        createdAt: metadata.createdAt,
      };
    },
    'model.predict': ({ modelDir, images }) => predictImageFiles(modelDir, images),
    'model.export': ({ modelDir, formats, out, overwrite }) =>
      exportModel(modelDir, { formats, out, overwrite }),
  };
}
