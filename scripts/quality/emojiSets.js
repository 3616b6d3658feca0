// The emoji domain-shift task's data: two artists' drawings of the same emoji (Apple's and
// Facebook's, from the emoji-datasource packages), fetched with `npm pack` at run time into a cache
// folder (never a dependency, never committed), written as class folders by Unicode category.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const EMOJI_VERSION = '16.0.0';
export const ARTISTS = ['apple', 'facebook'];

/** `emoji-datasource-<artist>@16.0.0` unpacked under `cache` (emoji.json and the 64-px images). */
async function fetchArtist(cache, artist) {
  const folder = join(cache, `emoji-datasource-${artist}-${EMOJI_VERSION}`);
  if (existsSync(join(folder, '.complete'))) return join(folder, 'package');
  await mkdir(folder, { recursive: true });
  const spec = `emoji-datasource-${artist}@${EMOJI_VERSION}`;
  const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', folder], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const tarball = join(folder, JSON.parse(stdout)[0].filename);
  await run('tar', [
    'xzf',
    tarball,
    '-C',
    folder,
    'package/emoji.json',
    `package/img/${artist}/64`,
  ]);
  // The tarball also holds sprite sheets and other sizes: ~100 MB not needed once unpacked.
  await rm(tarball);
  await writeFile(join(folder, '.complete'), '');
  return join(folder, 'package');
}

/**
 * Class folders `<cache>/emoji-<perClass|all>/<artist>/<category>/<code>.png` for both artists:
 * the emoji both artists drew (no skin-tone variants), in the `categories` largest Unicode
 * categories; with `perClass`, at most that many per category (the same emoji for both artists).
 */
export async function writeEmojiSets(cache, { categories = 6, perClass } = {}) {
  const packages = {};
  for (const artist of ARTISTS) packages[artist] = await fetchArtist(cache, artist);
  const emoji = JSON.parse(await readFile(join(packages.apple, 'emoji.json'), 'utf8'));
  const drawnByBoth = emoji.filter((e) => ARTISTS.every((a) => e[`has_img_${a}`]));
  const byCategory = new Map();
  for (const e of drawnByBoth)
    byCategory.set(e.category, [...(byCategory.get(e.category) ?? []), e]);
  const largest = [...byCategory.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, categories);
  const out = join(cache, `emoji-${perClass ?? 'all'}`);
  const sets = Object.fromEntries(ARTISTS.map((a) => [a, join(out, a)]));
  if (existsSync(join(out, '.complete'))) return { sets, classes: largest.map(([c]) => c) };
  for (const artist of ARTISTS) {
    for (const [category, members] of largest) {
      const folder = join(sets[artist], folderName(category));
      await mkdir(folder, { recursive: true });
      const chosen = [...members].sort((a, b) => a.sort_order - b.sort_order).slice(0, perClass);
      for (const e of chosen)
        await copyFile(join(packages[artist], 'img', artist, '64', e.image), join(folder, e.image));
    }
  }
  await writeFile(join(out, '.complete'), '');
  return { sets, classes: largest.map(([c]) => c) };
}

function folderName(category) {
  return category.toLowerCase().replace(/[^a-z]+/g, '-');
}
