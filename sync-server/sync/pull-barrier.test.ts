import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../shared/domain/schemas';
import { pullResponseSchema, type PullResponse } from '../../shared/sync/protocol';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { seedTestChain } from '../test-support/fixtures';
import { putProducts, receiveStock } from '../admin/service';
import type { Db, Queryable } from '../db/db';
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

/** The same database, but the first products query of a pull waits until `before` has run on another connection. */
function holdingProductsQuery(db: Db, before: () => Promise<void>): Db {
  let fired = false;
  const wrap = (q: Queryable): Queryable => ({
    async query(sql, params) {
      if (!fired && /FROM products p/.test(sql)) {
        fired = true;
        await before();
      }
      return q.query(sql, params);
    },
  });
  return { kind: db.kind, query: wrap(db).query, transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), close: () => db.close() };
}

describe('a pull page is one consistent snapshot', () => {
  it('never sends a level without its product, even when the product changes while the pull reads', async () => {
    const chain = await seedTestChain(tdb.db, { products: 3 });
    const till = { tenantId: chain.tenantId, terminalId: chain.tills[0]!.tillId, storeId: chain.storeA, name: 'T' };
    const repriced = chain.products.map((p) => ({ ...p, price: p.price + 1 }));
    // Head office reprices every product (and commits) after the pull drew its mark, between its reads.
    const page = await pull(holdingProductsQuery(tdb.db, () => putProducts(tdb.db, chain.tenantId, repriced)), till, 0);
    const known = new Set(page.products.map((p) => p.id));
    expect(page.levels.length).toBe(3);
    for (const l of page.levels) expect(known.has(l.productId), `level of ${l.productId} came without its product`).toBe(true);
    // The new prices come in the next pull, not lost.
    const next = await pull(tdb.db, till, Number(page.cursor));
    expect(next.products.map((p) => p.price).sort()).toEqual(repriced.map((p) => p.price).sort());
  });
});

describe('paging a pull', () => {
  it('pages by bytes and, with changes committing between pages, loses nothing and repeats only what changed', async () => {
    const chain = await seedTestChain(tdb.db, { products: 60 });
    const till = { tenantId: chain.tenantId, terminalId: chain.tills[0]!.tillId, storeId: chain.storeA, name: 'T' };
    const maxBytes = 2048;
    // seeded, printed on failure
    let seed = 0x5eed;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // What the till would hold after applying every page in order: a naive last-writer map.
    const products = new Map<string, Product>();
    const levels = new Map<string, number>();
    // Per product / level: the page numbers that carried it, and the pages after which it was changed.
    const delivered = new Map<string, number[]>();
    const changedAfter = new Map<string, number[]>();
    const note = (m: Map<string, number[]>, k: string, n: number) => m.set(k, [...(m.get(k) ?? []), n]);
    let since = 0;
    let pages = 0;
    let page: PullResponse;
    do {
      page = pullResponseSchema.parse(await pull(tdb.db, till, since, { maxBytes }));
      pages += 1;
      const changes = { products: page.products, users: page.users, levels: page.levels, opResults: page.opResults, conflicts: page.conflicts };
      const count = page.products.length + page.users.length + page.levels.length + page.opResults.length + page.conflicts.length;
      if (count > 1) expect(Buffer.byteLength(JSON.stringify(changes)), `page ${pages} (seed ${seed})`).toBeLessThanOrEqual(maxBytes + 200);
      for (const p of page.products) {
        products.set(p.id, p);
        note(delivered, `p:${p.id}`, pages);
      }
      for (const l of page.levels) {
        expect(products.has(l.productId), `level before its product (seed ${seed})`).toBe(true);
        levels.set(l.productId, l.level.onHand);
        note(delivered, `l:${l.productId}`, pages);
      }
      since = Number(page.cursor);
      // While the first pages travel, head office reprices some products and the store receives some stock.
      if (pages <= 6) {
        const picks = chain.products.filter(() => random() < 0.15);
        if (picks.length > 0) {
          await putProducts(tdb.db, chain.tenantId, picks.map((p) => ({ ...p, price: p.price + pages })));
          for (const p of picks) note(changedAfter, `p:${p.id}`, pages);
        }
        const received = chain.products.filter(() => random() < 0.15);
        if (received.length > 0) {
          await receiveStock(tdb.db, chain.tenantId, chain.storeA, received.map((p) => ({ productId: p.id, qty: 1000 })));
          for (const p of received) note(changedAfter, `l:${p.id}`, pages);
        }
      }
      expect(pages, 'paging does not end').toBeLessThan(200);
    } while (page.more);
    expect(pages).toBeGreaterThan(4);

    // Nothing lost: the till's picture equals the server's, read directly.
    const server = await tdb.db.query<{ id: string; price: number; on_hand: number }>(
      'SELECT p.id, p.price, l.on_hand FROM products p JOIN levels l ON l.tenant_id = p.tenant_id AND l.product_id = p.id AND l.location_id = $2 WHERE p.tenant_id = $1',
      [chain.tenantId, chain.storeA],
    );
    expect(server.rows.length).toBe(60);
    for (const row of server.rows) {
      expect(products.get(row.id)?.price, `price of ${row.id} (seed ${seed})`).toBe(row.price);
      expect(levels.get(row.id), `level of ${row.id} (seed ${seed})`).toBe(row.on_hand);
    }
    // Nothing repeated without a reason: a second delivery follows a change made after the earlier one, or the
    // product travelled with its level in the earlier page.
    for (const [key, at] of delivered) {
      for (let i = 1; i < at.length; i++) {
        const prev = at[i - 1]!;
        const changed = (changedAfter.get(key) ?? []).some((n) => n >= prev && n < at[i]!);
        const carried = key.startsWith('p:') && (delivered.get(`l:${key.slice(2)}`) ?? []).includes(prev);
        expect(changed || carried, `${key} delivered in pages ${at.join(', ')} (seed ${seed})`).toBe(true);
      }
    }
  });

  it('resumes from the cursor of the last page: the rest of the window comes, nothing before it again', async () => {
    const chain = await seedTestChain(tdb.db, { products: 30 });
    const till = { tenantId: chain.tenantId, terminalId: chain.tills[0]!.tillId, storeId: chain.storeA, name: 'T' };
    const first = await pull(tdb.db, till, 0, { maxBytes: 2048 });
    expect(first.more).toBe(true);
    expect(first.remaining).toBeGreaterThan(0);
    const got = new Set(first.products.map((p) => p.id));
    let since = Number(first.cursor);
    let rest: PullResponse;
    let restCount = 0;
    do {
      rest = await pull(tdb.db, till, since, { maxBytes: 2048 });
      for (const p of rest.products) {
        expect(got.has(p.id), `product ${p.id} sent again`).toBe(false);
        got.add(p.id);
      }
      restCount += rest.products.length + rest.levels.length + rest.users.length;
      since = Number(rest.cursor);
    } while (rest.more);
    expect(got.size).toBe(30);
    // remaining counted exactly what the later pages carried
    expect(restCount).toBe(first.remaining);
  });
});
