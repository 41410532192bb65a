import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import { count, onHand, seedTestChain } from './test-support/fixtures';
import { listenApp } from './test-support/harness';
import { TestTill } from './test-support/client';
import type { RawOp, UpgradeConfig } from '../shared/sync/upgrade';

/**
 * The upgrade path, with a server one schema version ahead of the tills: pretend version 1 sale lines said
 * `quantity` where version 2 says `qty`. A version-1 op is upgraded and applied; a version-3 op (from an app
 * newer than the server) is recorded rejected and the till's queue moves on.
 */
const v1ToV2 = (op: RawOp): RawOp => {
  const payload = op.payload as { lines: Array<Record<string, unknown>> };
  return {
    ...op,
    schemaVersion: 2,
    payload: { ...payload, lines: payload.lines.map(({ quantity, ...rest }) => ({ ...rest, qty: quantity })) },
  };
};
const upgrade: UpgradeConfig = { currentVersion: 2, upgraders: { 1: v1ToV2 } };

let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ app, url } = await listenApp(tdb.db, { upgrade }));
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

describe('op schema versions', () => {
  it('upgrades old ops, rejects future ones without blocking the queue', async () => {
    const chain = await seedTestChain(tdb.db);
    const t = chain.tills[0]!;
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    const p = chain.products[0]!;
    const current = { ...till.sale([{ productId: p.id, qty: 1000 }]), schemaVersion: 2 };
    const old = till.sale([{ productId: p.id, qty: 2000 }]);
    const oldShape = { ...old, schemaVersion: 1, payload: { ...old.payload, lines: old.payload.lines.map(({ qty, ...l }) => ({ ...l, quantity: qty })) } };
    const future = { ...till.sale([{ productId: p.id, qty: 4000 }]), schemaVersion: 3, payload: { whatever: true } };
    const after = { ...till.sale([{ productId: p.id, qty: 1000 }]), schemaVersion: 2 };

    const r = await till.push([current, oldShape, future, after]);
    if (!r.ok) throw new Error(JSON.stringify(r.body));
    expect(r.body.results.map((x) => [x.status, x.code])).toEqual([
      ['accepted', null],
      ['accepted', null],
      ['rejected', 'UNSUPPORTED_SCHEMA_VERSION'],
      ['accepted', null],
    ]);
    expect(r.body.ackSeq).toBe(4);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(10_000 - 4000);
    // The future op's body is kept for an operator.
    expect(await count(tdb.db, "SELECT count(*) AS n FROM applied_ops WHERE op_id = $1 AND body->'payload'->>'whatever' = 'true'", [future.id])).toBe(1);

    const malformedOld = { ...till.sale([{ productId: p.id, qty: 1000 }]), schemaVersion: 1 }; // v1 must say `quantity`
    expect(await till.push([malformedOld])).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
  });
});
