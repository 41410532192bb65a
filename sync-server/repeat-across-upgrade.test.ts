import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import { onHand, seedTestChain } from './test-support/fixtures';
import { listenApp } from './test-support/harness';
import { TestTill } from './test-support/client';
import type { RawOp, UpgradeConfig } from '../shared/sync/upgrade';
import { CURRENT_SCHEMA_VERSION } from '../shared/ops/operations';

/**
 * A repeat is told from an id reuse by the op as the till sent it, never by what this server version made of it:
 * the server may be upgraded between an op and its repeat (the till's answer was lost), and the repeat must
 * still be answered with the stored result instead of ID_REUSED, which would block the till for good.
 */
const next = CURRENT_SCHEMA_VERSION + 1;
// The newer server reads one more schema version; its upgrader changes what the parsed op looks like.
const newer: UpgradeConfig = { currentVersion: next, upgraders: { [CURRENT_SCHEMA_VERSION]: (op: RawOp): RawOp => ({ ...op, schemaVersion: next }) } };

let tdb: TestDatabase;
let before: { app: FastifyInstance; url: string };
let after: { app: FastifyInstance; url: string };
beforeAll(async () => {
  tdb = await createTestDatabase('till_repeat_upgrade_test');
  before = await listenApp(tdb.db);
  after = await listenApp(tdb.db, { upgrade: newer });
});
afterAll(async () => {
  await before?.app.close();
  await after?.app.close();
  await tdb?.drop();
});

describe('a push repeated after the server was upgraded', () => {
  it('is answered with the stored results, both for an op the old server applied and one it could not read', async () => {
    const chain = await seedTestChain(tdb.db);
    const t = chain.tills[0]!;
    const p = chain.products[0]!;
    const oldTill = new TestTill(before.url, t.tillId, t.token, chain.cashierId);
    const applied = oldTill.sale([{ productId: p.id, qty: 1000 }]);
    const fromNewerApp = { ...oldTill.sale([{ productId: p.id, qty: 2000 }]), schemaVersion: next };
    const first = await oldTill.push([applied, fromNewerApp]);
    if (!first.ok) throw new Error(JSON.stringify(first.body));
    expect(first.body.results.map((r) => [r.status, r.code])).toEqual([
      ['accepted', null],
      ['rejected', 'UNSUPPORTED_SCHEMA_VERSION'],
    ]);

    // The answer was lost; the server is upgraded; the till sends the same push again.
    const newTill = new TestTill(after.url, t.tillId, t.token, chain.cashierId);
    const again = await newTill.push([applied, fromNewerApp]);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    if (!again.ok) return;
    expect(again.body.results.map((r) => [r.status, r.code, r.duplicate])).toEqual([
      ['accepted', null, true],
      ['rejected', 'UNSUPPORTED_SCHEMA_VERSION', true],
    ]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(10_000 - 1000);

    // Other contents under a used id are still refused.
    const changed = { ...applied, payload: { ...applied.payload, lines: applied.payload.lines.map((l) => ({ ...l, qty: 3000 })) } };
    const reused = await newTill.push([changed]);
    expect(reused).toMatchObject({ ok: false, body: { code: 'ID_REUSED' } });
  });
});
