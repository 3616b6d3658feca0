import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { appFolder } from '../../adapters/platform/appHome.js';
import type { PackKind } from '../../../common/modelPack.js';
import { DEFAULT_BASE_ID } from '../../../engine/catalog/catalog.js';
import { identifyArchitecture, shapesOf } from '../../../engine/packs/identifyArchitecture.js';
import { repoBundledPacksDir } from './bundledPacks.js';
import { storedFeatureLayer } from './featureLayers.js';
import { openPackFiles } from './packFiles.js';
import { readManifest, readRequired, readTeachableMetadata } from './packMetadata.js';
import { validateLayersPack } from './validatePack.js';

export const PACK_STORE_ENV_VAR = 'TRANSFER_STUDIO_MODELS';
/**
 * Where the read-only bundled packs are: an installer's resources (the desktop app sets it), or any
 * folder; unset, the repository's models/bundled. Set it to an empty folder to hide them.
 */
export const BUNDLED_PACKS_ENV_VAR = 'TRANSFER_STUDIO_BUNDLED_MODELS';

/** Where installed packs live: $TRANSFER_STUDIO_MODELS, else the app home's models folder. */
export function packStoreDir(env: Record<string, string | undefined> = process.env): string {
  return appFolder(env, 'models');
}

/** The read-only packs that come with the app: $TRANSFER_STUDIO_BUNDLED_MODELS, else models/bundled. */
export function bundledPacksDir(env: Record<string, string | undefined> = process.env): string {
  return env[BUNDLED_PACKS_ENV_VAR] || repoBundledPacksDir();
}

/**
 * Every folder packs are read from: the user's store first (a pack the user installed wins), then
 * the bundled packs, so a catalog id resolves with nothing installed.
 */
export function packStoreDirs(env: Record<string, string | undefined> = process.env): string[] {
  const user = packStoreDir(env);
  const bundled = bundledPacksDir(env);
  return resolve(user) === resolve(bundled) ? [user] : [user, bundled];
}

/** Whether a listed pack is one of the read-only bundled ones. */
export function isBundled(
  pack: Pick<PackListing, 'path'>,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return resolve(pack.path, '..') === resolve(bundledPacksDir(env));
}

/**
 * The packs of several stores, in order, except that usable packs of the default base come first:
 * whoever takes the first usable pack (the app's Model screen, the demo) gets the default base,
 * the user's own copy before the bundled one.
 */
export async function listPacksIn(dirs: readonly string[]): Promise<PackListing[]> {
  const packs = (await Promise.all(dirs.map((dir) => listPacks(dir)))).flat();
  const isDefault = (p: PackListing) =>
    p.problem === undefined && p.architecture === DEFAULT_BASE_ID;
  return [...packs.filter(isDefault), ...packs.filter((p) => !isDefault(p))];
}

export interface PackListing {
  path: string;
  kind: PackKind | undefined;
  name: string;
  architecture: string | undefined;
  /** For a plain TF.js model imported with a chosen feature layer: that layer. */
  featureLayer?: string;
  /** Why the pack cannot be used; absent when it validated. */
  problem?: string;
}

/** Every folder or .zip in the store, validated (weights are not decoded). */
export async function listPacks(dir: string): Promise<PackListing[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const candidates = entries.filter(
    (e) => !e.name.startsWith('.') && (e.isDirectory() || e.name.endsWith('.zip')),
  );
  // By name, so every machine lists a store alike (readdir's order is the file system's).
  candidates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
    const modelJson = validateLayersPack(await readRequired(files, 'model.json'), (name) =>
      files.size(name),
    );
    if (files.size('manifest.json') !== undefined) {
      const manifest = await readManifest(files);
      return { path, kind: 'pack', name: manifest.name, architecture: manifest.architecture };
    }
    const metadata =
      files.size('metadata.json') !== undefined ? await readTeachableMetadata(files) : undefined;
    const featureLayer = metadata ? undefined : await storedFeatureLayer(files);
    // A chosen feature layer wins over the architecture, as it does when the base is loaded.
    if (featureLayer)
      return {
        path,
        kind: 'tfjs-layers',
        name: `TF.js model, features from "${featureLayer}"`,
        architecture: undefined,
        featureLayer,
      };
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
