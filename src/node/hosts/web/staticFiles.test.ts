import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../common/security.js';
import { serveStatic } from './staticFiles.js';

describe('serving the built renderer (browser mode and app:// alike)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'app 1.js'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves files with their type and the security headers, index.html for the root', async () => {
    const page = await serveStatic(dir, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const script = await serveStatic(dir, '/assets/app%201.js');
    expect([script.status, script.headers['content-type']]).toEqual([200, 'text/javascript']);
  });

  it('answers 400 for a malformed escape or a NUL, 404 outside the folder, both with the CSP', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/%zz', '/index.html%00', '/\0']) {
      const answer = await serveStatic(dir, path);
      expect(answer.status, path).toBe(400);
      expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
    for (const path of ['/..%2Fx', '/../x', '/%2e%2e/%2e%2e/etc/passwd', '/assets', '/missing'])
      expect((await serveStatic(dir, path)).status, path).toBe(404);
  });
});
