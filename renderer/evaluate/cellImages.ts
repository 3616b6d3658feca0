import type { Evaluation, ExampleVerdict } from '../../src/common/evaluation.js';

export interface Cell {
  actual: number;
  predicted: number;
}

/**
 * Verdicts as the screen receives them: a dataset evaluation names each image; a text model's
 * verdicts also carry how the text starts.
 */
export type Verdict = ExampleVerdict & { path?: string; text?: string };
export type EvaluationView = Pick<Evaluation, 'classes' | 'confusion'> & {
  misclassified: Verdict[];
  highestLoss: Verdict[];
  correct?: Verdict[];
};

/** A right prediction below this confidence counts as "hard" (the model nearly got it wrong). */
const UNSURE_BELOW = 0.75;

/** Confidence in the class the model chose. */
export function confidenceOf(v: ExampleVerdict): number {
  return v.probabilities[v.predicted] ?? 0;
}

/**
 * The images behind one confusion-matrix cell (the diagonal included), or every listed mistake
 * when no cell is selected. `total` is the cell's count in the matrix: the engine may list fewer.
 */
export function cellImages(
  evaluation: EvaluationView,
  cell: Cell | undefined,
): { verdicts: Verdict[]; total: number } {
  if (!cell) {
    const offDiagonal = evaluation.confusion.reduce(
      (sum, row, a) => sum + row.reduce((s, n, p) => s + (a === p ? 0 : n), 0),
      0,
    );
    return { verdicts: evaluation.misclassified, total: offDiagonal };
  }
  const source =
    cell.actual === cell.predicted
      ? (evaluation.correct ?? evaluation.highestLoss)
      : evaluation.misclassified;
  return {
    verdicts: source.filter((v) => v.actual === cell.actual && v.predicted === cell.predicted),
    total: evaluation.confusion[cell.actual]?.[cell.predicted] ?? 0,
  };
}

/**
 * Right answers the model was unsure of, least sure first. Mistakes are listed already, so they
 * are left out here.
 */
export function hardestCorrect(evaluation: EvaluationView, limit: number): Verdict[] {
  const correct =
    evaluation.correct ?? evaluation.highestLoss.filter((v) => v.actual === v.predicted);
  return correct
    .filter((v) => v.actual === v.predicted && confidenceOf(v) < UNSURE_BELOW)
    .sort((a, b) => confidenceOf(a) - confidenceOf(b))
    .slice(0, limit);
}

export interface Page<T> {
  items: T[];
  /** 0-based page index, clamped into range. */
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last item shown (0 and 0 when empty). */
  first: number;
  last: number;
  total: number;
}

/** One page of a list; a page past the end (the list shrank) shows the last page. */
export function pageOf<T>(items: readonly T[], page: number, size: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const clamped = Math.min(Math.max(0, Math.floor(page)), pageCount - 1);
  const start = clamped * size;
  const shown = items.slice(start, start + size);
  return {
    items: shown,
    page: clamped,
    pageCount,
    first: shown.length === 0 ? 0 : start + 1,
    last: start + shown.length,
    total: items.length,
  };
}
