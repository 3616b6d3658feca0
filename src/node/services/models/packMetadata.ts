import { z } from 'zod';
import { AppError } from '../../../common/errors.js';
import { packManifestSchema, type PackManifest } from '../../../common/modelPack.js';
import type { PackFiles } from './packFiles.js';

const teachableMetadataSchema = z.object({
  imageSize: z.number().int().positive(),
  labels: z.array(z.string()).optional(),
  tmVersion: z.string().optional(),
  packageName: z.string().optional(),
});
export type TeachableMetadata = z.infer<typeof teachableMetadataSchema>;

export async function readManifest(files: PackFiles): Promise<PackManifest> {
  const parsed = packManifestSchema.safeParse(
    parseJson(await files.read('manifest.json'), 'manifest.json'),
  );
  if (!parsed.success) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `Invalid model pack: manifest.json ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export async function readTeachableMetadata(
  files: PackFiles,
): Promise<TeachableMetadata | undefined> {
  const parsed = teachableMetadataSchema.safeParse(
    parseJson(await files.read('metadata.json'), 'metadata.json'),
  );
  if (!parsed.success) return undefined;
  const isTeachable =
    parsed.data.tmVersion !== undefined ||
    parsed.data.packageName?.startsWith('@teachablemachine') === true;
  return isTeachable ? parsed.data : undefined;
}

function parseJson(bytes: Uint8Array, name: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new AppError('INVALID_ARGUMENT', `Invalid model pack: ${name} is not valid JSON`);
  }
}

export async function readRequired(files: PackFiles, name: string): Promise<Uint8Array> {
  if (files.size(name) === undefined) {
    throw new AppError('INVALID_ARGUMENT', `Invalid model pack: no ${name} in ${files.path}`);
  }
  return files.read(name);
}
