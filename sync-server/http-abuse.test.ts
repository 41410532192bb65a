import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import type { TestChain } from './test-support/fixtures';
import { seedTestChain } from './test-support/fixtures';
import { TestTill } from './test-support/client';
import type { AppOptions } from './app';
import { buildApp } from './app';
import { lockTill } from './db/locks';
import { ERROR_CODES } from '../shared/domain/errors';
import { SYNC_PATHS } from '../shared/sync/protocol';

/**
 * Issue 7 item 17: a client that guesses tokens, trickles its headers or body, or sends what the framework
 * itself refuses. Failed authentications are limited per address; slow requests are cut off; and every answer,
 * the framework's own included, is the protocol's `{code, message}`.
 */
let tdb: TestDatabase;
let chain: TestChain;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  chain = await seedTestChain(tdb.db, { tillsPerStore: 1 });
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await tdb?.drop();
});

async function listen(opts: Partial<AppOptions> = {}): Promise<{ url: string; port: number }> {
  const app = await buildApp({ db: tdb.db, logger: false, ...opts });
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return { url: `http://127.0.0.1:${address.port}`, port: address.port };
}

/** Exactly the error contract: a known code, a message, optional details, nothing else. */
function expectErrorBody(body: unknown, code: string): void {
  expect(body).toMatchObject({ code, message: expect.any(String) });
  expect(ERROR_CODES).toContain((body as { code: string }).code);
  expect(Object.keys(body as object).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
}

/**
 * Writes `chunks` on a raw TCP connection and then stays silent, as a slow or hostile client does; returns what
 * the server wrote and whether it closed the connection within `giveUpMs` (the test's own patience, not a
 * performance target).
 */
function rawExchange(port: number, chunks: readonly string[], giveUpMs = 8000): Promise<{ status: number | null; body: unknown; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(data)?.[1];
      const rawBody = data.split('\r\n\r\n').slice(1).join('\r\n\r\n');
      let body: unknown = null;
      try {
        body = rawBody === '' ? null : JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
      resolve({ status: status === undefined ? null : Number(status), body, closed });
    };
    const timer = setTimeout(() => finish(false), giveUpMs);
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
  });
}

describe('failed authentication is limited per address', () => {
  it('answers 429 RATE_LIMITED after the allowed failures, before looking the token up, even for a valid token', async () => {
    const { url } = await listen({ limits: { authFailuresPerWindow: 5, authFailureWindowMs: 60_000 } });
    const t = chain.tills[0]!;
    const guesser = new TestTill(url, t.tillId, `till_${'x'.repeat(43)}`, chain.cashierId);
    for (let i = 0; i < 5; i++) {
      const r = await guesser.pull();
      expect(r.status).toBe(401);
      expectErrorBody(r.body, 'UNAUTHENTICATED');
    }
    const limited = await fetch(url + SYNC_PATHS.pull, { headers: { authorization: `Bearer till_${'y'.repeat(43)}` } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expectErrorBody(await limited.json(), 'RATE_LIMITED');
    // A missing token counts as a failure and is limited too.
    const none = await fetch(url + SYNC_PATHS.pull);
    expect(none.status).toBe(429);
    // The address is limited, so even a valid token waits: its check is never reached.
    const valid = await new TestTill(url, t.tillId, t.token, chain.cashierId).pull();
    expect(valid.status).toBe(429);
    expectErrorBody(valid.body, 'RATE_LIMITED');
  });

  it('cannot be escaped with a forged X-Forwarded-For; behind a trusted proxy it counts each till address apart', async () => {
    const t = chain.tills[0]!;
    const bad = `Bearer till_${'x'.repeat(43)}`;
    const pull = (u: string, forwardedFor: string, authorization: string): Promise<Response> =>
      fetch(u + SYNC_PATHS.pull, { headers: { authorization, 'x-forwarded-for': forwardedFor } });
    const direct = await listen({ limits: { authFailuresPerWindow: 3, authFailureWindowMs: 60_000 } });
    for (let i = 0; i < 5; i++) await pull(direct.url, `10.9.0.${i}`, bad);
    expect((await pull(direct.url, '10.9.0.99', bad)).status).toBe(429);

    const proxied = await listen({ limits: { authFailuresPerWindow: 3, authFailureWindowMs: 60_000 }, trustProxy: '127.0.0.1' });
    for (let i = 0; i < 4; i++) await pull(proxied.url, '10.0.0.1', bad);
    expect((await pull(proxied.url, '10.0.0.1', bad)).status).toBe(429);
    expect((await pull(proxied.url, '10.0.0.2', `Bearer ${t.token}`)).status).toBe(200);
  });

  it('does not count successful authentications', async () => {
    const { url } = await listen({ limits: { authFailuresPerWindow: 2, authFailureWindowMs: 60_000 } });
    const t = chain.tills[0]!;
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    for (let i = 0; i < 10; i++) expect((await till.pull()).status).toBe(200);
  });
});

describe('slow clients are cut off', () => {
  const limits = { headersTimeoutMs: 300, requestTimeoutMs: 900, keepAliveTimeoutMs: 300 };

  it('answers 408 REQUEST_TIMEOUT and closes when the headers never finish', async () => {
    const { port } = await listen({ limits });
    const r = await rawExchange(port, ['POST /v1/sync/push HTTP/1.1\r\nHost: till\r\nX-Slow: ']);
    expect(r.closed).toBe(true);
    expect(r.status).toBe(408);
    expectErrorBody(r.body, 'REQUEST_TIMEOUT');
  });

  it('answers 408 REQUEST_TIMEOUT and closes when the body never finishes', async () => {
    const { port } = await listen({ limits });
    const t = chain.tills[0]!;
    const r = await rawExchange(port, [
      `POST /v1/sync/push HTTP/1.1\r\nHost: till\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
      '{"ops": [',
    ]);
    expect(r.closed).toBe(true);
    expect(r.status).toBe(408);
    expectErrorBody(r.body, 'REQUEST_TIMEOUT');
  });
});

describe('a request being handled is never cut off by a timer', () => {
  it('answers a push that waits on the database for longer than every timeout', async () => {
    const limits = { headersTimeoutMs: 300, requestTimeoutMs: 900, keepAliveTimeoutMs: 300 };
    const { url } = await listen({ limits });
    const t = chain.tills[1]!;
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    // Another push of the same till holds its push lock (as a slow replay would) for three times the longest
    // limit: the push waits in the handler with its socket silent, and must still get its answer, not a
    // dropped connection (an idle-socket timer once cut such pushes on a loaded server).
    const holder = await tdb.db.transaction(async (tx) => {
      await lockTill(tx, chain.tenantId, t.tillId);
      const pushed = till.push([till.sale([{ productId: chain.products[0]!.id, qty: 1000 }])]);
      await new Promise((r) => setTimeout(r, 3 * limits.requestTimeoutMs));
      return { pushed }; // wrapped: returning the promise itself would make the transaction wait for it
    });
    const r = await holder.pushed;
    expect(r.status).toBe(200);
    expect(r.ok && r.body.ackSeq).toBe(1);
  });
});

describe('framework errors answer in the {code, message} contract', () => {
  let url: string;
  let port: number;
  let token: string;
  beforeAll(async () => {
    ({ url, port } = await listen({ bodyLimit: 4096 }));
    token = chain.tills[0]!.token;
  });
  const post = (body: string, contentType: string | null): Promise<Response> =>
    fetch(url + SYNC_PATHS.push, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(contentType === null ? {} : { 'content-type': contentType }) },
      body,
    });

  it('431 HEADERS_TOO_LARGE for oversized headers', async () => {
    const r = await rawExchange(port, [`GET /v1/health HTTP/1.1\r\nHost: till\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`]);
    expect(r.status).toBe(431);
    expectErrorBody(r.body, 'HEADERS_TOO_LARGE');
  });

  it('400 INVALID_INPUT for a malformed request line', async () => {
    const r = await rawExchange(port, ['THIS IS NOT HTTP\r\n\r\n']);
    expect(r.status).toBe(400);
    expectErrorBody(r.body, 'INVALID_INPUT');
  });

  it('413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE, 400 INVALID_INPUT for bad or empty JSON, 404 NOT_FOUND', async () => {
    const cases: Array<[Promise<Response>, number, string]> = [
      [post(JSON.stringify({ ops: [{ pad: 'x'.repeat(5000) }] }), 'application/json'), 413, 'PAYLOAD_TOO_LARGE'],
      [post('ops=1', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [post('<ops/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [post('{"ops": [', 'application/json'), 400, 'INVALID_INPUT'],
      [post('', 'application/json'), 400, 'INVALID_INPUT'],
      [post('{"__proto__": {"x": 1}}', 'application/json'), 400, 'INVALID_INPUT'],
      [fetch(url + '/v1/nowhere'), 404, 'NOT_FOUND'],
      [fetch(url + SYNC_PATHS.push, { method: 'DELETE' }), 404, 'NOT_FOUND'],
    ];
    for (const [response, status, code] of cases) {
      const r = await response;
      expect(r.status, code).toBe(status);
      expectErrorBody(await r.json(), code);
    }
  });
});

describe('a server shutting down', () => {
  it('answers a request that arrives while it closes 503 UNAVAILABLE in the protocol body, with Retry-After', async () => {
    const app = await buildApp({ db: tdb.db, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP port');
    const socket = connect(address.port, '127.0.0.1');
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    // A request half sent keeps its connection busy, so closing waits for it instead of cutting it as idle.
    socket.write(`GET ${SYNC_PATHS.pull} HTTP/1.1\r\nHost: till\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write('\r\n');
    await ended;
    await closed;
    const [head = '', body = ''] = data.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503/);
    expect(head.toLowerCase()).toContain('retry-after: 1');
    expectErrorBody(JSON.parse(body), 'UNAVAILABLE');
  });
});
