import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../testing/images.js';
import { MAX_FOLDER_DEPTH } from './folderSource.js';
import { scanDataset } from './scanner.js';

/** Makes `levels` nested folders under `root` from inside them (the full path outgrows PATH_MAX). */
function nest(root: string, levels: number): Promise<void> {
  const script = `
    process.chdir(${JSON.stringify(root)});
    const { mkdirSync, writeFileSync } = await import('node:fs');
    for (let i = 0; i < ${levels}; i++) { mkdirSync('d'); process.chdir('d'); }
    writeFileSync('deep.png', 'not reached');
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: 'inherit',
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
}

describe('a folder nested thousands of levels deep', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-deep-'));
    const png = await makePng(16, 16);
    for (const name of ['cats', 'dogs']) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, '1.png'), png);
    }
    await nest(join(dir, 'cats'), 3000);
  });
  // fs.rm works with whole paths, which outgrow PATH_MAX here; rm -rf descends relatively.
  afterAll(() => promisify(execFile)('rm', ['-rf', dir]));

  it('scans the rest and reports the too-deep part as skipped', async () => {
    const report = await scanDataset(dir);
    expect(report.classes).toEqual([
      { name: 'cats', count: 1 },
      { name: 'dogs', count: 1 },
    ]);
    const deep = report.skipped.filter((s) => s.code === 'folder-too-deep');
    expect(deep).toHaveLength(1);
    expect(deep[0]?.path.split('/')).toHaveLength(MAX_FOLDER_DEPTH + 1);
    expect(deep[0]?.reason).toMatch(/nested more than 32 levels/);
  });
});
