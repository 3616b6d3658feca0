// Fetches ml5's browser bundle for the client check in e2e/exportClients.spec.ts. ml5 as an npm
// dependency installs 287 packages (685 MB: mediapipe, a dozen tfjs-models) to give a page one
// self-contained file, dist/ml5.min.js; so the tests take that file from the published tarball
// instead, kept in an ignored cache folder. Usage: npm run fetch:ml5
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const ML5_VERSION = '1.4.0';
// The registry's own record for ml5@1.4.0: a republished or tampered tarball is refused.
const ML5_INTEGRITY =
  'sha512-gjWRlas0Bp+1eWTht+XrpJdOmdwqOrh5ACBY162PGfLqOt/IqZEtwiZgVhD7khOgO0HApJUCFGFuaiLjSg5BMg==';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where e2e/exportClients.spec.ts looks for the bundle (keep the two in step). */
export const ML5_CACHE = join(ROOT, '.cache', 'clients', `ml5-${ML5_VERSION}`);
/** Files taken from the tarball: the bundle and its licence, which travels with it. */
const WANTED = { 'package/dist/ml5.min.js': 'ml5.min.js', 'package/LICENSE.md': 'LICENSE.md' };

async function main() {
  if (existsSync(join(ML5_CACHE, 'ml5.min.js'))) {
    console.log(`ml5 ${ML5_VERSION} is already in ${ML5_CACHE}`);
    return;
  }
  await mkdir(dirname(ML5_CACHE), { recursive: true });
  // Beside the cache folder, so the last step is a rename on one file system.
  const work = await mkdtemp(join(dirname(ML5_CACHE), '.ml5-'));
  try {
    const tarball = join(work, packTarball(work));
    const gzipped = await readFile(tarball);
    const integrity = `sha512-${createHash('sha512').update(gzipped).digest('base64')}`;
    if (integrity !== ML5_INTEGRITY)
      throw new Error(`ml5-${ML5_VERSION}.tgz is not the published tarball (${integrity})`);
    const files = extractFiles(gunzipSync(gzipped), Object.keys(WANTED));
    const staged = join(work, 'staged');
    await mkdir(staged);
    for (const [path, name] of Object.entries(WANTED)) {
      const body = files.get(path);
      if (!body) throw new Error(`ml5-${ML5_VERSION}.tgz has no ${path}`);
      await writeFile(join(staged, name), body);
    }
    // Renamed into place whole, so the tests never see half a bundle.
    await rename(staged, ML5_CACHE);
    const size = (files.get('package/dist/ml5.min.js')?.length ?? 0) / 2 ** 20;
    console.log(`ml5 ${ML5_VERSION}: ml5.min.js (${size.toFixed(1)} MB) in ${ML5_CACHE}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `npm pack` downloads the tarball through npm's own registry settings, proxy and cache. */
function packTarball(folder) {
  const result = spawnSync(
    'npm',
    ['pack', `ml5@${ML5_VERSION}`, '--json', '--pack-destination', folder],
    { encoding: 'utf8', shell: process.platform === 'win32', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (result.status !== 0)
    throw new Error(`npm pack ml5@${ML5_VERSION} failed (exit ${result.status ?? result.signal})`);
  const [packed] = JSON.parse(result.stdout);
  if (!packed?.filename) throw new Error('npm pack did not name the tarball it wrote');
  return packed.filename;
}

/**
 * The named regular files of a tar archive (ustar, as npm writes it): 512-byte headers, each
 * followed by the file's bytes padded to 512. A pax header may carry a long path for the entry
 * after it.
 */
function extractFiles(tar, names) {
  const found = new Map();
  let longPath;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size)) throw new Error(`Corrupt tar header at byte ${offset}`);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = text(header, 345, 155);
    const path = longPath ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const body = tar.subarray(offset + 512, offset + 512 + size);
    longPath = type === 'x' ? paxPath(body) : undefined;
    if (type === '0' && names.includes(path)) found.set(path, Buffer.from(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

function text(buffer, start, length) {
  const field = buffer.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** A pax record list ("<len> path=<value>\n" …): the path, if it has one. */
function paxPath(body) {
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
  return match?.[1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`fetch-ml5: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
