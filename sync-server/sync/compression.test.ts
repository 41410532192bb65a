import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MAX_PUSH_BYTES, pullResponseSchema, pushResponseSchema, SYNC_PATHS } from '../../shared/sync/protocol';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { seedTestChain, type TestChain } from '../test-support/fixtures';
import { listenApp } from '../test-support/harness';
import { TestTill } from '../test-support/client';

let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
let chain: TestChain;
beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ app, url } = await listenApp(tdb.db));
  chain = await seedTestChain(tdb.db, { products: 40 });
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

/** Raw HTTP, so the test sees the bytes on the wire (fetch would inflate them out of sight). */
function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { authorization: `Bearer ${chain.tills[0]!.token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('compression on the wire', () => {
  it('answers a pull gzip- or br-compressed, as the till accepts, and plain to a client that asks for nothing', async () => {
    const plain = await raw('GET', `${SYNC_PATHS.pull}?since=0`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gz = await raw('GET', `${SYNC_PATHS.pull}?since=0`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const br = await raw('GET', `${SYNC_PATHS.pull}?since=0`, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    const inflated = gunzipSync(gz.body);
    expect(pullResponseSchema.parse(JSON.parse(inflated.toString('utf8'))).products.length).toBe(40);
    // the same answer (each pull draws its own mark, so the cursors differ)
    const { cursor: _c1, ...fromBr } = JSON.parse(brotliDecompressSync(br.body).toString('utf8')) as Record<string, unknown>;
    const { cursor: _c2, ...fromPlain } = JSON.parse(plain.body.toString('utf8')) as Record<string, unknown>;
    expect(fromBr).toEqual(fromPlain);
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('accepts a gzipped push and applies it like a plain one', async () => {
    const till = new TestTill(url, chain.tills[0]!.tillId, chain.tills[0]!.token, chain.cashierId);
    const op = till.sale([{ productId: chain.products[0]!.id, qty: 1000 }]);
    const answer = await raw('POST', SYNC_PATHS.push, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ ops: [op] })));
    expect(answer.status).toBe(200);
    const body = pushResponseSchema.parse(JSON.parse(answer.body.toString('utf8')));
    expect(body.results.map((r) => [r.status, r.reason])).toEqual([['accepted', null]]);
  });

  it('counts the inflated bytes against the push limit: a small gzip bomb is 413 PAYLOAD_TOO_LARGE', async () => {
    const bomb = gzipSync(Buffer.from(`{"ops":[{"pad":"${'0'.repeat(MAX_PUSH_BYTES + 1024)}"}]}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const answer = await raw('POST', SYNC_PATHS.push, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses a body that is not the gzip it claims with a 4xx in the error contract', async () => {
    const answer = await raw('POST', SYNC_PATHS.push, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from('{"ops":[]}'));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(Object.keys(JSON.parse(answer.body.toString('utf8')))).toEqual(expect.arrayContaining(['code', 'message']));
  });
});
