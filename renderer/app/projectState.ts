import type { Project } from '../../src/common/project.js';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../src/common/project.js';
import type { Workspace } from './workspace.js';

/** The project file for what the workspace holds (images by path and content hash). */
export function projectFromWorkspace(state: Workspace, now: Date): Project | undefined {
  if (!state.project || !state.dataset) return undefined;
  const { report, path } = state.dataset;
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: state.project.name,
    datasets: [{ path, images: Object.fromEntries(report.images.map((i) => [i.path, i.sha256])) }],
    classes: report.classes.filter((c) => c.count > 0).map((c) => c.name),
    ...(state.base ? { base: state.base } : {}),
    settings: state.settings,
    runs: [
      ...state.pastRuns.map((run) => ({
        id: run.id,
        startedAt: run.startedAt,
        ...(run.modelDir ? { modelDir: run.modelDir } : {}),
        settings: run.settings,
        ...(run.validationAccuracy !== undefined
          ? { validationAccuracy: run.validationAccuracy }
          : {}),
        ...(run.recipe ? { recipe: run.recipe } : {}),
      })),
      ...state.runs.map((run) => ({
        id: run.jobId,
        startedAt: run.startedAt ?? now.toISOString(),
        ...(run.result ? { modelDir: run.result.modelDir } : {}),
        settings: run.settings ?? state.settings,
        ...(run.result?.validation ? { validationAccuracy: run.result.validation.accuracy } : {}),
        ...(run.result?.recipe ? { recipe: run.result.recipe } : {}),
      })),
    ],
    createdAt: state.project.createdAt,
    updatedAt: now.toISOString(),
  };
}

/** A project's name from its dataset folder: /home/s/flowers → flowers. */
export function projectNameFor(datasetPath: string): string {
  return (
    datasetPath
      .split(/[\\/]/)
      .filter(Boolean)
      .pop()
      ?.replace(/\.zip$/i, '') ?? 'project'
  );
}
