import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../common/security.js';

/**
 * The one way the built renderer is served, shared by both hosts that serve it: browser mode's
 * loopback HTTP server and the Electron app:// protocol. Each host only adapts the answer to its
 * own response type, so a fix here (a bad escape, a path outside the folder) fixes both.
 */
export interface StaticAnswer {
  status: 200 | 400 | 404;
  headers: Record<string, string>;
  body: Buffer | string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Sent with every answer, errors included: the page's policy must hold on any response. */
const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/** The Content-Type of a built renderer file. */
export function contentTypeOf(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

/**
 * Answers a request for `pathname` (as it came in the URL, still %-encoded) from `rootDir`:
 * 400 for a malformed escape or a NUL, 404 for anything outside the folder or missing.
 */
export async function serveStatic(rootDir: string, pathname: string): Promise<StaticAnswer> {
  const located = locate(rootDir, pathname);
  if (typeof located !== 'string') return located;
  try {
    const body = await readFile(located);
    return {
      status: 200,
      headers: { 'content-type': contentTypeOf(located), ...SECURITY_HEADERS },
      body,
    };
  } catch {
    // Missing, a folder, unreadable: all the same to a visitor.
    return failure(404, 'Not found');
  }
}

/** The file `pathname` names inside `rootDir`, or the error answer. */
export function locate(rootDir: string, pathname: string): string | StaticAnswer {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // decodeURIComponent throws URIError on "%E0%A4%A": a client error, never a crash.
    return failure(400, 'Bad request: malformed %-escape in the path');
  }
  if (decoded.includes('\0')) return failure(400, 'Bad request: NUL in the path');
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  const root = normalize(rootDir);
  const path = normalize(join(root, relative));
  return path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : failure(404, 'Not found');
}

/** A plain-text error answer, with the same security headers as a page. */
export function failure(status: 400 | 404, message: string): StaticAnswer {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
    body: message,
  };
}
