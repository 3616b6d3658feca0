import type { Workspace } from '../app/workspace.js';
import { runRows } from './runRows.js';

/** A run whose model can be evaluated, tried and exported. */
export interface RunChoice {
  modelDir: string;
  /** Its number in the Runs table. */
  number: number;
  accuracy?: number;
  /** The newest one: what the screens use unless the student picks another. */
  latest: boolean;
}

/**
 * The project's transfer-learning runs that left a model folder, oldest first (the numbers the
 * Runs table gives them). From-scratch runs are left out: they are the comparison, not the model
 * a student hands in.
 */
export function runChoices(state: Pick<Workspace, 'pastRuns' | 'runs'>): RunChoice[] {
  const usable = runRows(state).filter(
    (row): row is typeof row & { modelDir: string } =>
      row.recipe === 'transfer' && row.modelDir !== undefined,
  );
  return usable.map((row, i) => ({
    modelDir: row.modelDir,
    number: row.number,
    ...(row.accuracy !== undefined ? { accuracy: row.accuracy } : {}),
    latest: i === usable.length - 1,
  }));
}
