import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/common/security.js';
import { serveAppRequest } from './appProtocol.js';

describe('the app:// protocol', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-app-protocol-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers a malformed escape with 400 (it once threw a URIError), with the CSP', async () => {
    const answer = await serveAppRequest('app://ui/%E0%A4%A', dir);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await serveAppRequest('app://ui/index.html', dir)).status).toBe(200);
  });
});
