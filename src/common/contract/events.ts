import { z } from 'zod';
import { jobEventSchema } from './schemas.js';

/** Events a long job sends while it runs, and how it ends; and what the trainer process reports. */
export const EVENTS = {
  /** How a training job is going; it ends with the training.start response. */
  'job.event': z.object({ jobId: z.string(), event: jobEventSchema }),
  /** How far a named scan has got (a few times a second at most). */
  'scan.progress': z.object({
    scanId: z.string(),
    seen: z.number().int(),
    imported: z.number().int(),
    skipped: z.number().int(),
    lastPath: z.string(),
  }),
  /** How far a named copy into the project has got (a few times a second at most, and at the end). */
  'copy.progress': z.object({
    copyId: z.string(),
    copied: z.number().int(),
    total: z.number().int(),
    bytes: z.number().int(),
  }),
  /** A line the trainer logged (it runs in another process, whose output the UI cannot see). */
  'trainer.log': z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  /** The trainer process ended unexpectedly; the next request starts a fresh one. */
  'trainer.exited': z.object({
    reason: z.enum(['crashed', 'out-of-memory']),
    exitCode: z.number().int().nullable(),
    message: z.string(),
  }),
} as const;
