import * as tf from '../../../engine/tf.js';
import type { BackendReport } from '../../../common/backend.js';
import { missingKernels } from '../../../engine/kernels/missingKernels.js';
import { loadBackend } from '../../adapters/backend/loadBackend.js';

export interface ScratchBackend {
  report: BackendReport;
  /** The backend the CNN trains on: the chosen one, or cpu when it cannot train convolutions. */
  trainingBackend: string;
  /** Why training moved to cpu, when it did. */
  note?: string;
}

/**
 * A network from scratch trains its convolutions, which needs their gradient kernels; a backend
 * without them (a frozen base never needs them) hands this run to cpu.
 */
export async function chooseScratchBackend(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): Promise<ScratchBackend> {
  const report = await loadBackend({ flag, env });
  const missing = missingKernels(tf.getBackend(), ['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
  if (missing.length === 0) return { report, trainingBackend: tf.getBackend() };
  await tf.setBackend('cpu');
  return {
    report,
    trainingBackend: 'cpu',
    note: `${report.label} lacks ${missing.join(', ')}; training this CNN on the cpu backend instead`,
  };
}
