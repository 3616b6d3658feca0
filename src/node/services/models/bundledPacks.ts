import { join } from 'node:path';
import { packageRoot } from '../../adapters/platform/packageRoot.js';

/**
 * The model packs committed to the repository (models/bundled, made by scripts/bundle-base.js), so
 * the app and the CLI work out of the box, offline. Folder names differ from the pack store's
 * (`<id>`), because installers copy these and the store's packs into one folder.
 */
export const BUNDLED_PACKS = {
  /** The default base: small, fast, ImageNet features. */
  base: {
    folder: 'mobilenet_v2_0.35_224-imagenet',
    architecture: 'mobilenet_v2_0.35_224',
    name: 'MobileNet V2 0.35 (ImageNet, bundled)',
  },
  /** Kept whole with its 1000-class ImageNet head: it can say what it sees in a photo. */
  classifier: {
    folder: 'mobilenet_v1_0.75_224-imagenet',
    architecture: 'mobilenet_v1_0.75_224',
    name: 'MobileNet V1 0.75 (ImageNet with its classifier, bundled)',
  },
} as const;

/** models/bundled in the source tree (and wherever the package is installed from npm). */
export function repoBundledPacksDir(): string {
  return join(packageRoot(), 'models', 'bundled');
}
