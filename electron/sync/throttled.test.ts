import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../sync-server/app';
import type { TestChain } from '../../sync-server/test-support/fixtures';
import { seedTestChain } from '../../sync-server/test-support/fixtures';
import type { TestDatabase } from '../../sync-server/test-support/test-db';
import { createTestDatabase } from '../../sync-server/test-support/test-db';
import { SYNC_PATHS } from '../../shared/sync/protocol';
import { SyncError } from './errors';
import { SyncHttp } from './http';

/**
 * Issue 7 item 17, till side: a server that rate-limits an address (another device behind the shop's router kept
 * failing to authenticate) answers 429. For a till with a good token that is "retry later", not a refusal that
 * would leave its queue waiting for a person.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
let chain: TestChain;

beforeAll(async () => {
  tdb = await createTestDatabase();
  chain = await seedTestChain(tdb.db, { tillsPerStore: 1 });
  app = await buildApp({ db: tdb.db, logger: false, limits: { authFailuresPerWindow: 2, authFailureWindowMs: 60_000 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  url = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

describe('a till behind a rate-limited address', () => {
  it('treats 429 RATE_LIMITED as transient: it retries later instead of stopping', async () => {
    const till = new SyncHttp({ serverUrl: url, token: chain.tills[0]!.token });
    expect((await till.get(`${SYNC_PATHS.pull}?since=0`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      await expect(new SyncHttp({ serverUrl: url, token: `till_${'z'.repeat(43)}` }).get(SYNC_PATHS.pull)).rejects.toMatchObject({ kind: 'auth' });
    }
    const limited = await till.get(`${SYNC_PATHS.pull}?since=0`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(limited).toBeInstanceOf(SyncError);
    expect(limited).toMatchObject({ kind: 'transient', status: 429 });
  });
});
