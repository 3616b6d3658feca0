import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PackKind } from '../../common/modelPack.js';
import { DEFAULT_BASE_ID } from '../../engine/catalog/catalog.js';
import { identifyArchitecture, shapesOf } from '../../engine/packs/identifyArchitecture.js';
import { openPackFiles } from './packFiles.js';
import { readManifest, readRequired, readTeachableMetadata } from './packMetadata.js';
import { parseModelJson, validateWeightsManifest } from './validatePack.js';

export const PACK_STORE_ENV_VAR = 'TRANSFER_STUDIO_MODELS';
/** Read-only packs shipped inside an installer (the desktop app sets it to its resources). */
export const BUNDLED_PACKS_ENV_VAR = 'TRANSFER_STUDIO_BUNDLED_MODELS';

/** Where installed packs live: $TRANSFER_STUDIO_MODELS, else ~/.transfer-studio/models. */
export function packStoreDir(env: Record<string, string | undefined> = process.env): string {
  return env[PACK_STORE_ENV_VAR] || join(homedir(), '.transfer-studio', 'models');
}

/** Every folder packs are read from: the user's store first, then the installer's bundled packs. */
export function packStoreDirs(env: Record<string, string | undefined> = process.env): string[] {
  const bundled = env[BUNDLED_PACKS_ENV_VAR];
  return bundled ? [packStoreDir(env), bundled] : [packStoreDir(env)];
}

/** The packs of several stores, in order. */
export async function listPacksIn(dirs: readonly string[]): Promise<PackListing[]> {
  return (await Promise.all(dirs.map((dir) => listPacks(dir)))).flat();
}

export interface PackListing {
  path: string;
  kind: PackKind | undefined;
  name: string;
  architecture: string | undefined;
  /** Why the pack cannot be used; absent when it validated. */
  problem?: string;
}

/** Every folder or .zip in the store, validated (weights are not decoded). */
export async function listPacks(dir: string): Promise<PackListing[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const candidates = entries.filter(
    (e) => !e.name.startsWith('.') && (e.isDirectory() || e.name.endsWith('.zip')),
  );
  return Promise.all(candidates.map((e) => describePack(join(dir, e.name))));
}

export async function describePack(path: string): Promise<PackListing> {
  const unnamed = { path, kind: undefined, name: path, architecture: undefined };
  let files;
  try {
    files = await openPackFiles(path);
  } catch (error) {
    return { ...unnamed, problem: (error as Error).message };
  }
  try {
    const modelJson = parseModelJson(await readRequired(files, 'model.json'));
    validateWeightsManifest(modelJson.weightsManifest, (name) => files.size(name));
    if (files.size('manifest.json') !== undefined) {
      const manifest = await readManifest(files);
      return { path, kind: 'pack', name: manifest.name, architecture: manifest.architecture };
    }
    const metadata =
      files.size('metadata.json') !== undefined ? await readTeachableMetadata(files) : undefined;
    const shapes = shapesOf(modelJson.weightsManifest.flatMap((g) => g.weights));
    const architecture = identifyArchitecture(shapes, metadata?.imageSize ?? 224)?.id;
    const kind = metadata ? 'teachable-machine' : 'tfjs-layers';
    return {
      path,
      kind,
      name: kind === 'teachable-machine' ? 'Teachable Machine export' : 'TF.js layers model',
      architecture,
    };
  } catch (error) {
    return { ...unnamed, problem: (error as Error).message };
  } finally {
    await files.close();
  }
}

/** The installed pack to use when none is named: the default base if present, else any usable one. */
export async function findDefaultPack(dirs: readonly string[]): Promise<PackListing | undefined> {
  const usable = (await listPacksIn(dirs)).filter(
    (p) => p.problem === undefined && p.architecture !== undefined,
  );
  return usable.find((p) => p.architecture === DEFAULT_BASE_ID) ?? usable[0];
}
