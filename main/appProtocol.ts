import { APP_HOST, APP_SCHEME } from './appOrigin.js';
import { failure, serveStatic, type StaticAnswer } from '../src/node/hosts/web/staticFiles.js';

/**
 * Answers app://ui/… from the built renderer folder through the same serving code as browser
 * mode (Content Security Policy on every response, 400 for a malformed escape); another host,
 * anything outside the folder or a missing file is a 404.
 */
export async function serveAppRequest(url: string, rootDir: string): Promise<Response> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return toResponse(failure(400, 'Bad request'));
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return toResponse(failure(404, 'Not found'));
  return toResponse(await serveStatic(rootDir, parsed.pathname));
}

function toResponse(answer: StaticAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
