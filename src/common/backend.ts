import { z } from 'zod';

/** Where tensors run, best first. The app shows the chosen one as a badge with a "why" panel. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export const backendNameSchema = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof backendNameSchema>;

export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const BACKEND_LABELS: Record<BackendName, string> = {
  'tensorflow-gpu': 'GPU (CUDA, native TensorFlow)',
  tensorflow: 'CPU (native TensorFlow)',
  wasm: 'WASM',
  cpu: 'CPU (JavaScript)',
};

export const SKIP_REASONS = [
  'module-absent',
  'native-binary-missing',
  'cuda-missing',
  'init-failed',
  'not-requested',
] as const;

export const backendAttemptSchema = z.object({
  backend: backendNameSchema,
  outcome: z.enum(['selected', 'skipped']),
  reason: z.enum(SKIP_REASONS).optional(),
  message: z.string(),
});
export type BackendAttempt = z.infer<typeof backendAttemptSchema>;

export const backendReportSchema = z.object({
  backend: backendNameSchema,
  label: z.string(),
  /** What asked for it: the --backend flag, the environment variable, or automatic choice. */
  requestedBy: z.enum(['flag', 'env', 'auto']),
  attempts: z.array(backendAttemptSchema),
  wasm: z.object({ simd: z.boolean(), threads: z.boolean() }).optional(),
  /** Gradient kernels the backend lacked and the app supplied (built from its other kernels). */
  patchedKernels: z.array(z.string()),
  tfjsVersion: z.string(),
});
export type BackendReport = z.infer<typeof backendReportSchema>;

export const BACKEND_ENV_VAR = 'TRANSFER_STUDIO_BACKEND';

export function parseBackendChoice(value: string): BackendChoice | undefined {
  return (BACKEND_CHOICES as readonly string[]).includes(value)
    ? (value as BackendChoice)
    : undefined;
}
