import type { Bridge } from '../../src/common/contract/bridge.js';
import type { ResponseOf } from '../../src/common/contract/contract.js';

export type Format = 'tfjs' | 'onnx' | 'keras';
export type Exported = ResponseOf<'model.export'>[number];

/** One named step of an export: a format written, loaded back and checked. */
export interface ExportStep {
  format: Format;
  /** Where it goes: the folder itself for one format, one sub-folder each for several. */
  out: string;
}

/** The steps of an export, in order. Paths use "/", which every system the engine runs on reads. */
export function exportSteps(out: string, formats: readonly Format[]): ExportStep[] {
  const base = out.replace(/[\\/]+$/, '');
  return formats.map((format) => ({
    format,
    out: formats.length > 1 ? `${base}/${format}` : out,
  }));
}

/**
 * Exports one format after the other, saying which is being written, so a three-format export is
 * three named steps rather than one bar. A step that fails stops the rest; the formats written
 * before it stay, and are reported.
 */
export async function exportStepByStep(
  bridge: Bridge,
  request: { modelDir: string; out: string; formats: readonly Format[]; overwrite: boolean },
  onStep: (index: number, step: ExportStep) => void,
  onDone: (result: Exported) => void,
  signal: AbortSignal,
): Promise<void> {
  const steps = exportSteps(request.out, request.formats);
  for (const [index, step] of steps.entries()) {
    onStep(index, step);
    const [result] = await bridge.call(
      'model.export',
      {
        modelDir: request.modelDir,
        formats: [step.format],
        out: step.out,
        overwrite: request.overwrite,
      },
      { signal },
    );
    if (result) onDone(result);
  }
}
