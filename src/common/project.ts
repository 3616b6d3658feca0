import { z } from 'zod';
import { trainSettingsSchema } from './training.js';

export const PROJECT_FORMAT = 'transfer-studio-project';
/**
 * The project file's format. 2: settings (and each run's) record per-layer freeze switches
 * (`layerOverrides`). 3: a text dataset records its files' hashes (`texts`). Older files are
 * migrated on open (projectMigrations.ts).
 */
export const PROJECT_VERSION = 3;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** A dataset the project uses, by path, with the content hashes that let moved images be noticed. */
const datasetRefSchema = z.object({
  path: z.string(),
  /** Image path → SHA-256, as scanned. */
  images: z.record(z.string(), sha256Schema),
  /**
   * A text dataset: file path → SHA-256 of every file it holds (the .txt files, or the tables),
   * recorded when the project is saved. Absent in projects saved before format 3: such a text
   * dataset is reported as not checked, never as changed.
   */
  texts: z.record(z.string(), sha256Schema).optional(),
});

const runSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  modelDir: z.string().optional(),
  settings: trainSettingsSchema,
  validationAccuracy: z.number().optional(),
  /** `scratch`: the from-scratch comparison run; absent: transfer learning. */
  recipe: z.enum(['transfer', 'scratch']).optional(),
});

/** project.json: everything a project is, except images and caches, which are referenced. */
export const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.number().int().positive(),
  name: z.string().min(1),
  datasets: z.array(datasetRefSchema),
  classes: z.array(z.string()),
  base: z.string().optional(),
  settings: trainSettingsSchema,
  runs: z.array(runSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof projectSchema>;
