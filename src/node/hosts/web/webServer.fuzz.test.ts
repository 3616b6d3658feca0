import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seededRandom, type Random } from '../../../common/random.js';
import { contractSocket, startStubWebServer } from './webChild.js';
import { MAX_MESSAGE_BYTES, type WebServer } from './webServer.js';

/**
 * Protocol fuzzing of browser mode's server: whatever a client sends (garbage frames, invalid
 * UTF-8, frames over the limit, broken JSON, well-formed JSON of the wrong shape, unknown
 * channels, raw bytes on the TCP socket, mangled HTTP paths), the server fails that socket or
 * that request only, and keeps answering everyone else. Seeded, so a failure replays.
 */
const SEED = 20261129;
const CASES = 150;

type Outcome = 'answers' | 'closes';
interface Case {
  label: string;
  send: (ws: WebSocket) => void;
  /** What must follow: the socket still answers a good request, or the server closes it. */
  expect: Outcome;
}

describe('browser mode server under fuzzed input', () => {
  let dir: string;
  let server: WebServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-web-fuzz-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Transfer Studio</title>');
    server = await startStubWebServer(dir);
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`survives ${CASES} random frames, each followed by a good request`, async () => {
    const random = seededRandom(SEED);
    for (let i = 0; i < CASES; i++) {
      const fuzz = pick(random, GENERATORS)(random);
      expect(await tryCase(server, fuzz), `case ${i}: ${fuzz.label}`).toBe(fuzz.expect);
    }
    expect(await goodRequest(server)).toEqual({ path: 'known' });
  }, 120_000);

  it('survives raw bytes on the socket after the handshake', async () => {
    const random = seededRandom(SEED + 1);
    for (let i = 0; i < 20; i++) await rawGarbage(server, bytes(random, 1 + int(random, 4096)));
    expect(await goodRequest(server)).toEqual({ path: 'known' });
  }, 60_000);

  it('answers mangled HTTP paths with a 4xx, never a crash or a 5xx', async () => {
    const random = seededRandom(SEED + 2);
    const paths = [
      ...FIXED_PATHS,
      ...Array.from({ length: 40 }, () => randomPath(random)),
      `/${'a'.repeat(8_000)}`,
      `/${'%41'.repeat(20_000)}`,
    ];
    for (const path of paths) {
      const status = await rawHttp(server, path);
      expect(status === undefined || (status >= 200 && status < 500), `${path}: ${status}`).toBe(
        true,
      );
    }
    expect(await rawHttp(server, '/%E0%A4%A')).toBe(400);
    expect(await rawHttp(server, '/')).toBe(200);
    expect(await goodRequest(server)).toEqual({ path: 'known' });
  }, 60_000);
});

const FIXED_PATHS = [
  '/%E0%A4%A',
  '/%',
  '/%zz',
  '/%00',
  '/index.html%00.png',
  '/..',
  '/../../../etc/passwd',
  '/..%2f..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '//',
  '//evil.example/x',
  '/\0',
  '*',
  'http://127.0.0.1/index.html',
  '/?token=%',
  '/?%%%=%%%',
];

const GENERATORS: ((random: Random) => Case)[] = [
  (random) => ({
    label: 'binary garbage',
    send: (ws) => ws.send(bytes(random, 1 + int(random, 2048)), { binary: true }),
    expect: 'closes',
  }),
  (random) => ({
    label: 'invalid UTF-8 text',
    send: (ws) => ws.send(Buffer.concat([Buffer.from('{"a":"'), invalidUtf8(random)]), textFrame),
    expect: 'closes',
  }),
  (random) => ({
    label: 'a frame over the limit',
    send: (ws) => ws.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1 + int(random, 1024), 0x20), textFrame),
    expect: 'closes',
  }),
  (random) => ({
    label: 'malformed JSON',
    send: (ws) => ws.send(pick(random, MALFORMED)),
    expect: 'closes',
  }),
  (random) => {
    const value = randomJson(random, 4);
    return {
      label: `JSON ${JSON.stringify(value).slice(0, 80)}`,
      send: (ws) => ws.send(JSON.stringify(value)),
      expect: 'answers',
    };
  },
  (random) => {
    const message = wrongShape(random);
    return {
      label: `wire ${JSON.stringify(message).slice(0, 80)}`,
      send: (ws) => ws.send(JSON.stringify(message)),
      expect: 'answers',
    };
  },
  (random) => ({
    label: 'deeply nested JSON',
    send: (ws) => ws.send(`${'['.repeat(2_000 + int(random, 50_000))}`),
    expect: 'closes',
  }),
];

const textFrame = { binary: false } as const;

const MALFORMED = [
  '{',
  '{"kind":',
  'undefined',
  "{'kind':'request'}",
  '[1,2',
  '',
  'NaN',
  '{"a":1}}',
];

const CHANNEL_NAMES_TO_TRY = [
  'nope.channel',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'output.suggestPath',
  'dataset.upload',
  '',
];

/** Well-formed JSON that is not a good request: every one must be answered or ignored. */
function wrongShape(random: Random): unknown {
  const channel = pick(random, CHANNEL_NAMES_TO_TRY);
  return pick(random, [
    { kind: 'request', id: int(random, 1e6) + 1e6, channel, payload: randomJson(random, 3) },
    { kind: 'request', id: randomJson(random, 2), channel, payload: {} },
    { kind: 'request', channel },
    { kind: 'response', id: 1, ok: true, result: randomJson(random, 2) },
    { kind: 'event', name: channel, payload: randomJson(random, 2) },
    { kind: 'cancel', id: randomJson(random, 2) },
    { kind: 'cancel', id: int(random, 1e6), extra: randomJson(random, 1) },
    { kind: randomJson(random, 1) },
    { __proto__: { kind: 'request' }, channel },
  ]);
}

function randomJson(random: Random, depth: number): unknown {
  const kind = int(random, depth > 0 ? 7 : 4);
  if (kind === 0) return null;
  if (kind === 1) return random() * 1e9 - 5e8;
  if (kind === 2) return random() < 0.5;
  if (kind === 3)
    return String.fromCharCode(
      ...Array.from({ length: int(random, 20) }, () => int(random, 0xd7ff)),
    );
  if (kind === 4)
    return Array.from({ length: int(random, 4) }, () => randomJson(random, depth - 1));
  const keys = ['kind', 'id', 'channel', 'payload', 'jobId', 'name', 'files', '__proto__'];
  return Object.fromEntries(
    Array.from({ length: int(random, 5) }, () => [
      pick(random, keys),
      randomJson(random, depth - 1),
    ]),
  );
}

function invalidUtf8(random: Random): Buffer {
  // Lone continuation bytes, overlong forms, surrogates encoded in UTF-8, bytes never valid.
  return Buffer.from(
    pick(random, [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xe0, 0xa4]]),
  );
}

function randomPath(random: Random): string {
  const alphabet = 'ab/.%09AFzz?#;=&\\~ ';
  const length = 1 + int(random, 60);
  return `/${Array.from({ length }, () => alphabet[int(random, alphabet.length)]).join('')}`;
}

function bytes(random: Random, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => int(random, 256)));
}

function int(random: Random, below: number): number {
  return Math.floor(random() * below);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[int(random, items.length)] as T;
}

/** Sends one fuzz frame then a good request on the same socket; reports which came back. */
async function tryCase(server: WebServer, fuzz: Case): Promise<Outcome> {
  const { ws, rpc } = await contractSocket(server);
  const closed = new Promise<Outcome>((resolve) => ws.once('close', () => resolve('closes')));
  ws.on('error', () => undefined);
  fuzz.send(ws);
  const answered = rpc.call('output.suggestPath', { kind: 'export', name: 'known' }).then(
    () => 'answers' as const,
    () => closed,
  );
  const outcome = await Promise.race([answered, closed]);
  ws.close();
  return outcome;
}

async function goodRequest(server: WebServer): Promise<unknown> {
  const { ws, rpc } = await contractSocket(server);
  try {
    return await rpc.call('output.suggestPath', { kind: 'export', name: 'known' });
  } finally {
    ws.close();
  }
}

/** Completes the WebSocket handshake by hand, then writes raw bytes and hangs up. */
function rawGarbage(server: WebServer, garbage: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
    socket.once('data', () => socket.end(garbage));
    socket.write(
      [
        'GET /contract HTTP/1.1',
        `Host: 127.0.0.1:${server.port}`,
        `Origin: http://127.0.0.1:${server.port}`,
        `Cookie: ${server.cookieName}=${server.token}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

/** One raw HTTP request with the access cookie; the status, or undefined if only hung up. */
function rawHttp(server: WebServer, path: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve(status === undefined ? undefined : Number(status));
    });
    // Written, not ended: a half-closed request may be dropped before a slow answer is sent.
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
        `Cookie: ${server.cookieName}=${server.token}\r\nConnection: close\r\n\r\n`,
      'latin1',
    );
  });
}
