import { PROJECT_VERSION } from './project.js';

type ProjectJson = Record<string, unknown>;

/** Each step turns a project file of version n into version n + 1. */
const MIGRATIONS: Record<number, (project: ProjectJson) => ProjectJson> = {
  // 1 → 2: settings gained per-layer freeze switches; a version 1 project had none.
  1: (project) => ({
    ...project,
    version: 2,
    settings: withLayerOverrides(project['settings']),
    runs: Array.isArray(project['runs'])
      ? project['runs'].map((run: unknown) =>
          typeof run === 'object' && run !== null
            ? { ...run, settings: withLayerOverrides((run as ProjectJson)['settings']) }
            : run,
        )
      : project['runs'],
  }),
  // 2 → 3: text datasets gained file hashes (`texts`). There is nothing to hash here without the
  // files, so an older text dataset keeps none and opening it says it was not checked.
  2: (project) => ({ ...project, version: 3 }),
};

function withLayerOverrides(settings: unknown): unknown {
  return typeof settings === 'object' && settings !== null
    ? { layerOverrides: {}, ...settings }
    : settings;
}

/**
 * Brings a project file of an older version up to the current one, step by step. Returns it
 * unchanged when it is current (or not a project file at all: validation says what is wrong).
 */
export function migrateProject(json: unknown): { json: unknown; migratedFrom?: number } {
  if (typeof json !== 'object' || json === null) return { json };
  const start = (json as ProjectJson)['version'];
  if (typeof start !== 'number' || start >= PROJECT_VERSION) return { json };
  let current = json as ProjectJson;
  for (let version = start; version < PROJECT_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) return { json };
    current = step(current);
  }
  return { json: current, migratedFrom: start };
}
