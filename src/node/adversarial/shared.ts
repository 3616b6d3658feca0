import type { ScanReport } from '../../common/dataset.js';
import * as img from '../testing/images.js';

/**
 * Helpers shared by several tables of the adversarial corpus and its runner
 * (adversarial.corpus.test.ts).
 */

/** What an operation ended in, as one comparable line. */
export async function outcome(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return `refused ${typeof code === 'string' ? code : 'untyped'}`;
  }
}

/**
 * How the scan reported the file at `path` (the path as the report shows it); every report of it,
 * sorted, where a zip holds the name twice.
 */
export function reported(report: ScanReport, path: string): string {
  const lines = [
    ...report.images
      .filter((i) => i.path === path)
      .map((i) => `imported ${i.format} ${i.width}x${i.height}`),
    ...report.skipped.filter((s) => s.path === path).map((s) => `skipped ${s.code}`),
  ].sort();
  if (lines.length > 0) return lines.join(' + ');
  const paths = [...report.images, ...report.skipped].map((f) => JSON.stringify(f.path));
  return `absent (paths: ${paths.join(', ')})`;
}

/**
 * Images the zip and disk cases write. Made once in the runner's beforeAll (they are slow to
 * encode), so they are live `let` bindings: the cases read them when they run, not when loaded.
 */
export let goodJpeg: Buffer;
export let noisyJpeg: Buffer;

export async function makeImageFixtures(): Promise<void> {
  goodJpeg = await img.makeJpeg();
  noisyJpeg = await img.makeNoisyJpeg(1200, 900, 7);
}
