import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../../testing/images.js';
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

describe('names a terminal or the file system cannot take as they are', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-names-'));
    const png = await makePng(16, 16);
    await mkdir(join(dir, 'cats'));
    await writeFile(join(dir, 'cats', '1.png'), png);
    await mkdir(join(dir, 'red\x1b[31mdogs\nFiles: 99 seen'));
    await writeFile(join(dir, 'red\x1b[31mdogs\nFiles: 99 seen', '1.png'), png);
    // A Latin-1 name from an old camera or a zip made on another system: not valid UTF-8.
    const latin1 = Buffer.concat([
      Buffer.from(join(dir, 'cats') + '/'),
      Buffer.from([0x63, 0xe9, 0x2e, 0x70, 0x6e, 0x67]),
    ]);
    await writeFile(latin1, png);
  });
  afterAll(() => promisify(execFile)('rm', ['-rf', dir]));

  it('reports a name that is not UTF-8 as such, instead of a file that vanished', async () => {
    const report = await scanDataset(dir);
    const skipped = report.skipped.find((s) => s.code === 'undecodable-name');
    expect(skipped?.path).toBe('cats/cé.png');
    expect(skipped?.reason).toMatch(/not valid UTF-8/);
    expect(report.skipped.filter((s) => s.code === 'unreadable')).toEqual([]);
  });

  it('prints class names with control characters as visible escapes', async () => {
    const { runCli } = await import('../../hosts/cli/main.js');
    const { memoryIo } = await import('../../hosts/cli/testIo.js');
    const io = memoryIo();
    expect(await runCli(['scan', dir], io)).toBe(0);
    const out = io.out();
    expect(out).not.toContain('\x1b');
    expect(out).toContain('red\\x1b[31mdogs\\nFiles: 99 seen');
    expect(out.match(/^Files: /gm)).toHaveLength(1);
  });
});
