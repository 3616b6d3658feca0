import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../src/common/security.js';
import { APP_HOST, APP_SCHEME } from './appOrigin.js';
import { contentTypeOf } from '../src/node/web/contentTypes.js';

/**
 * Answers app://ui/… from the built renderer folder, with the Content Security Policy on every
 * response; anything outside the folder, another host or a missing file is a 404.
 */
export async function serveAppRequest(url: string, rootDir: string): Promise<Response> {
  const parsed = new URL(url);
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return notFound();
  const relative = decodeURIComponent(parsed.pathname).replace(/^\/+/, '') || 'index.html';
  const path = normalize(join(rootDir, relative));
  if (!path.startsWith(normalize(rootDir) + sep)) return notFound();
  try {
    const body = await readFile(path);
    return new Response(body, {
      headers: {
        'content-type': contentTypeOf(path),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return notFound();
  }
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}
