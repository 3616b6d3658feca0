import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { trainingSeconds, type PhaseSeconds } from '../../../common/phaseSeconds.js';
import type { Project } from '../../../common/project.js';
import type { EpochMetrics } from '../../../common/training.js';
import { escapeHtml as e } from './html.js';

/** One run of a project as the comparison table shows it. */
export interface ComparedRun {
  /** Its place in the project's runs, from 1. */
  number: number;
  recipe: 'transfer' | 'scratch';
  /** The base, encoder or from-scratch network, in words. */
  model: string;
  accuracy?: number;
  seconds: number;
  /** The model the report is about. */
  reported: boolean;
}

/** The few fields of any model folder's metadata.json (image or text, transfer or scratch). */
interface AnyModelMetadata {
  recipe?: 'transfer' | 'scratch';
  history?: EpochMetrics[];
  /** Wall seconds of each training phase, every ensemble head included (newer models). */
  phaseSeconds?: Partial<PhaseSeconds>;
  bestEpoch?: number;
  validation?: { accuracy?: number };
  base?: { name?: string };
  encoder?: { id?: string };
  model?: { description?: string };
}

/**
 * The project's runs whose model folders are still there, for the transfer-vs-scratch table: the
 * accuracy each reported (its kept epoch's on its own validation split) and its training time.
 */
export async function compareProjectRuns(
  project: Project,
  reportedModelDir: string,
): Promise<ComparedRun[]> {
  const runs: ComparedRun[] = [];
  for (const [i, run] of project.runs.entries()) {
    if (!run.modelDir) continue;
    const metadata = await readMetadata(run.modelDir);
    if (!metadata) continue;
    const history = Array.isArray(metadata.history) ? metadata.history : [];
    const kept = history.find((m) => m.epoch === metadata.bestEpoch);
    // metadata.json may have been edited by hand: only finite numbers reach the page.
    const accuracy = finite(
      run.validationAccuracy ?? metadata.validation?.accuracy ?? kept?.valAccuracy ?? undefined,
    );
    runs.push({
      number: i + 1,
      recipe: run.recipe ?? metadata.recipe ?? 'transfer',
      model:
        metadata.base?.name ?? metadata.encoder?.id ?? metadata.model?.description ?? 'unknown',
      ...(accuracy === undefined ? {} : { accuracy }),
      seconds: trainingSeconds({ phaseSeconds: phasesOf(metadata.phaseSeconds), history }),
      reported: resolve(run.modelDir) === resolve(reportedModelDir),
    });
  }
  return runs;
}

/** The phase times of a metadata.json that may have been edited by hand: an object, or none. */
function phasesOf(value: unknown): Partial<PhaseSeconds> | undefined {
  return typeof value === 'object' && value !== null ? (value as Partial<PhaseSeconds>) : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

async function readMetadata(modelDir: string): Promise<AnyModelMetadata | undefined> {
  try {
    return JSON.parse(await readFile(join(modelDir, 'metadata.json'), 'utf8')) as AnyModelMetadata;
  } catch {
    return undefined;
  }
}

/**
 * The comparison the tutorial is about, as a section body: every run, then the best of each
 * recipe side by side. Empty unless the project has both a transfer and a from-scratch run.
 */
export function comparisonHtml(runs: readonly ComparedRun[]): string {
  const best = (recipe: ComparedRun['recipe']) =>
    Math.max(...runs.filter((r) => r.recipe === recipe).map((r) => r.accuracy ?? -1));
  const transfer = best('transfer');
  const scratch = best('scratch');
  if (transfer < 0 || scratch < 0) return '';
  const percent = (n: number) => `${(n * 100).toFixed(1)}%`;
  const rows = runs
    .map(
      (r) =>
        `<tr><td>${r.number}${r.reported ? ' (this report)' : ''}</td><td>${r.recipe === 'scratch' ? 'from scratch' : 'transfer learning'}</td><td>${e(r.model)}</td><td>${r.accuracy === undefined ? '–' : percent(r.accuracy)}</td><td>${r.seconds.toFixed(1)} s</td></tr>`,
    )
    .join('');
  const points = ((transfer - scratch) * 100).toFixed(1);
  return `<p>Best transfer-learning run ${percent(transfer)}, best from-scratch run ${percent(scratch)}: ${transfer >= scratch ? `transfer learning ahead by ${points}` : `from scratch ahead by ${(-Number(points)).toFixed(1)}`} points on their validation examples.</p><table><tr><th>run</th><th>recipe</th><th>model</th><th>validation accuracy</th><th>training time</th></tr>${rows}</table>`;
}
