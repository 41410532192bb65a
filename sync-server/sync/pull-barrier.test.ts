import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { seedTestChain } from '../test-support/fixtures';
import { enterTenantWrite } from '../db/locks';
import { pull } from './pull';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe('pull cursor', () => {
  it('never skips a change that was stamped before the pull but committed after it', async () => {
    const chain = await seedTestChain(tdb.db, { products: 2 });
    const till = { tenantId: chain.tenantId, terminalId: chain.tills[0]!.tillId, storeId: chain.storeA, name: 'T' };
    const first = await pull(tdb.db, till, 0);
    const product = chain.products[0]!.id;

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let stamped!: () => void;
    const stampedYet = new Promise<void>((r) => (stamped = r));
    // A slow writer: draws its change stamp, then stays uncommitted for a while.
    const writer = tdb.db.transaction(async (tx) => {
      await enterTenantWrite(tx, chain.tenantId);
      await tx.query("UPDATE levels SET on_hand = on_hand + 1000, chg = nextval('change_seq') WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3", [
        chain.tenantId,
        chain.storeA,
        product,
      ]);
      stamped();
      await held;
    });
    await stampedYet;
    // A faster writer stamps a higher number and commits first: "max stamp seen" would now skip the slow one.
    await tdb.db.transaction(async (tx) => {
      await enterTenantWrite(tx, chain.tenantId);
      await tx.query("UPDATE levels SET on_hand = on_hand + 1000, chg = nextval('change_seq') WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3", [
        chain.tenantId,
        chain.storeA,
        chain.products[1]!.id,
      ]);
    });
    const pulling = pull(tdb.db, till, Number(first.cursor));
    let pulled = false;
    void pulling.then(() => (pulled = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(pulled).toBe(false); // the pull waits for the in-flight writer instead of cutting past it
    release();
    await writer;
    const second = await pulling;
    expect(second.levels.map((l) => l.productId).sort()).toEqual([product, chain.products[1]!.id].sort());
    const third = await pull(tdb.db, till, Number(second.cursor));
    expect(third.levels).toEqual([]);
  });
});
