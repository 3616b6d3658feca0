import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/** A URL prefix served from a folder, or a single URL answered with a fixed body. */
export type Route =
  { prefix: string; folder: string } | { path: string; body: string; type: string };

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.html': 'text/html',
};

/**
 * The smallest web server the client tests need: libraries from node_modules, the exported model
 * folder and the image files, over plain HTTP on 127.0.0.1 (clients fetch what they load, so
 * file:// or data: URLs would not test what users run).
 */
export async function serveStatic(routes: readonly Route[]): Promise<{
  origin: string;
  close: () => Promise<void>;
}> {
  const server: Server = createServer((request, response) => {
    const url = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    const file = resolveRoute(routes, url);
    if (!file) return response.writeHead(404).end();
    if ('body' in file)
      return response.writeHead(200, { 'content-type': file.type }).end(file.body);
    readFile(file.path).then(
      (body) =>
        response
          .writeHead(200, {
            'content-type': TYPES[extname(file.path)] ?? 'application/octet-stream',
          })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function resolveRoute(
  routes: readonly Route[],
  url: string,
): { path: string } | { body: string; type: string } | undefined {
  for (const route of routes) {
    if ('body' in route) {
      if (route.path === url) return route;
      continue;
    }
    if (!url.startsWith(route.prefix)) continue;
    const rest = normalize(url.slice(route.prefix.length));
    // Nothing outside the folder: no "..", no absolute paths.
    if (rest.startsWith('..') || rest.startsWith('/')) return undefined;
    return { path: join(route.folder, rest) };
  }
  return undefined;
}
