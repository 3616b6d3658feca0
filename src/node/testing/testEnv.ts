import { join } from 'node:path';

/**
 * A test's own app folders inside its temporary `dir`: the home (runs, uploads, projects, trash,
 * imported bases) and the feature cache, so the machine's ~/.transfer-studio is never touched.
 */
export function appFoldersTestEnv(dir: string): Record<string, string> {
  return {
    TRANSFER_STUDIO_HOME: join(dir, 'home'),
    TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
  };
}

/**
 * A home of the test's own in `dir` with no base packs in it, the repository's bundled ImageNet
 * packs kept out too: a base is only what the test imports or names by path.
 */
export function bareHomeTestEnv(dir: string): Record<string, string> {
  return {
    TRANSFER_STUDIO_HOME: join(dir, 'home'),
    TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
  };
}

/**
 * The environment of a test on the model pack it wrote with `writeTestPack(join(dir, 'store'), …)`:
 * every folder the engine writes is inside `dir`, and the bundled packs stay out of the listing,
 * so the engine sees exactly the test's pack and nothing of the machine it runs on.
 */
export function packTestEnv(dir: string): Record<string, string> {
  return {
    ...appFoldersTestEnv(dir),
    TRANSFER_STUDIO_MODELS: join(dir, 'store'),
    TRANSFER_STUDIO_BUNDLED_MODELS: join(dir, 'no-bundled-packs'),
  };
}
