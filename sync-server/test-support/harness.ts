import type { FastifyInstance } from 'fastify';
import type { UpgradeConfig } from '../../shared/sync/upgrade';
import { buildApp } from '../app';
import type { Db } from '../db/db';
import type { TestChain } from './fixtures';
import { TestTill } from './client';

/** A server on an ephemeral port of 127.0.0.1 over a given database. */
export async function listenApp(db: Db, opts: { upgrade?: UpgradeConfig } = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({ db, logger: false, ...(opts.upgrade ? { upgrade: opts.upgrade } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server did not bind a TCP port');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

export function tillsOf(chain: TestChain, url: string): TestTill[] {
  return chain.tills.map((t) => {
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    till.managerId = chain.managerId;
    return till;
  });
}
