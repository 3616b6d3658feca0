import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFolder, appHome, type AppFolderName } from './appHome.js';
import { featureCacheRoot } from '../../services/embedding/featureCache.js';
import { uploadsDir } from '../../services/dataset/uploads.js';
import { trashDir } from '../../services/dataset/datasetEdits.js';
import { packStoreDir } from '../../services/models/packStore.js';
import { runsDir } from '../../services/training/runsDir.js';

describe('the app home', () => {
  it('TRANSFER_STUDIO_HOME moves every folder the app keeps, cache and model packs included', () => {
    const env = { TRANSFER_STUDIO_HOME: '/classroom/share' };
    expect(appHome(env)).toBe('/classroom/share');
    const names: AppFolderName[] = ['runs', 'uploads', 'trash', 'projects', 'cache', 'models'];
    for (const name of names) expect(appFolder(env, name)).toBe(join('/classroom/share', name));
    expect(featureCacheRoot(env)).toBe(join('/classroom/share', 'cache'));
    expect(packStoreDir(env)).toBe(join('/classroom/share', 'models'));
    expect(trashDir(env)).toBe(join('/classroom/share', 'trash'));
    expect(uploadsDir(env)).toBe(join('/classroom/share', 'uploads'));
    expect(runsDir(env)).toBe(join('/classroom/share', 'runs'));
  });

  it("each folder's own variable still wins", () => {
    const env = {
      TRANSFER_STUDIO_HOME: '/home-share',
      TRANSFER_STUDIO_CACHE: '/fast/cache',
      TRANSFER_STUDIO_MODELS: '/usb/models',
    };
    expect(featureCacheRoot(env)).toBe('/fast/cache');
    expect(packStoreDir(env)).toBe('/usb/models');
  });
});
