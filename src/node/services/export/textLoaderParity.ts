import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import * as tf from '../../../engine/tf.js';

/** The origin the exported loader is told it is served from; `folderFetch` answers for it. */
const SERVED_FROM = 'http://export.transfer-studio.invalid/';

interface TextClassifierModule {
  loadTextClassifier(options: {
    tf: unknown;
    url: string;
    fetch: (url: string | URL) => Promise<Response>;
  }): Promise<{ probabilities(texts: string[]): Promise<number[][]>; dispose(): void }>;
}

/**
 * Runs an exported text classifier as a page would: its own textClassifier.js, tokenizer and
 * files, one `probabilities([text])` per text, with the files fetched from the folder on disk.
 * Returns the probabilities of every text, row after row.
 */
export async function exportedLoaderProbabilities(
  folder: string,
  texts: readonly string[],
): Promise<Float32Array> {
  const loader = await importLoader(join(folder, 'textClassifier.js'));
  const classifier = await loader.loadTextClassifier({
    tf,
    url: SERVED_FROM,
    fetch: folderFetch(folder),
  });
  try {
    const rows: number[] = [];
    for (const text of texts) rows.push(...((await classifier.probabilities([text]))[0] ?? []));
    return Float32Array.from(rows);
  } finally {
    classifier.dispose();
  }
}

/** A fetch that serves the export folder's own files under SERVED_FROM, and nothing else. */
export function folderFetch(folder: string): (url: string | URL) => Promise<Response> {
  return async (url) => {
    const href = String(url);
    if (!href.startsWith(SERVED_FROM)) return new Response(null, { status: 404 });
    const parts = decodeURIComponent(new URL(href).pathname).split('/').slice(1);
    if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes(sep)))
      return new Response(null, { status: 404 });
    try {
      return new Response(await readFile(join(folder, ...parts)));
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

/**
 * Imports the written loader as an ES module. By its path it would not do: Node reads a .js file
 * outside a `"type": "module"` package (an export folder anywhere) as CommonJS. Its bytes as a
 * data: URL are read as a module, and they are the bytes the page gets.
 */
async function importLoader(path: string): Promise<TextClassifierModule> {
  const source = await readFile(path);
  return (await import(
    /* @vite-ignore */ `data:text/javascript;base64,${source.toString('base64')}`
  )) as TextClassifierModule;
}
