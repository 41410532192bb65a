import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import { CURRENT_SCHEMA_VERSION, type Operation } from '../../shared/ops/operations';
import type { PushResponse } from '../../shared/sync/protocol';
import { seedTestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { TestTill } from '../test-support/client';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';

/**
 * Voids at the server (issue 11, approvals): a till's line_void is kept as an applied op with the cashier and the
 * manager who approved it, for head office's audit; one with no manager is refused by the conflict policy's
 * rolesFor(); neither moves stock.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ app, url } = await listenApp(tdb.db));
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

function voidOp(till: TestTill, productId: string, approvedBy?: string): Operation {
  till.seq += 1;
  return {
    id: uuidv7(),
    tillId: till.tillId,
    seq: till.seq,
    userId: till.userId,
    occurredAt: new Date().toISOString(),
    schemaVersion: CURRENT_SCHEMA_VERSION,
    type: 'line_void',
    payload: { voidId: uuidv7(), saleId: uuidv7(), lines: [{ productId, qty: 2000 }], whole: false, ...(approvedBy === undefined ? {} : { approvedBy }) },
  };
}

describe('voids replayed at the server', () => {
  it('keeps an approved void with both users and refuses one without a manager, moving no stock', async () => {
    const chain = await seedTestChain(tdb.db, { tillsPerStore: 1 });
    const [hamra] = tillsOf(chain, url);
    if (hamra === undefined) throw new Error('a till');
    const product = chain.products[0] as { id: string };
    const levels = () => tdb.db.query('SELECT product_id, location_id, on_hand FROM levels WHERE tenant_id = $1 ORDER BY 1, 2', [chain.tenantId]).then((r) => r.rows);
    const before = await levels();
    const approved = voidOp(hamra, product.id, chain.managerId);
    const unapproved = voidOp(hamra, product.id);
    const r = await hamra.push([approved, unapproved]);
    if (!r.ok) throw new Error(JSON.stringify(r.body));
    expect((r.body as PushResponse).results.map((x) => [x.status, x.code])).toEqual([
      ['accepted', null],
      ['rejected', 'FORBIDDEN'],
    ]);
    const kept = await tdb.db.query<{ user_id: string; type: string; body: { payload: { approvedBy?: string } } }>('SELECT user_id, type, body FROM applied_ops WHERE op_id = $1', [approved.id]);
    expect(kept.rows[0]).toMatchObject({ user_id: hamra.userId, type: 'line_void', body: { payload: { approvedBy: chain.managerId } } });
    expect(await levels()).toEqual(before);
  });
});
