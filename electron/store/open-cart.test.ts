import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import Database from 'better-sqlite3';
import type { OpenCartInput, OpenCartView } from '../../shared/api/branch-api';
import { createTillBackend } from '../backend';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * The open cart survives the till: written through the branch API, read back after the database is closed and
 * opened again (a power cut or a restart), per user, and gone once its sale is completed.
 */
let till: TempTill;
beforeEach(() => {
  till = createTempTill({ demo: { products: 20 } });
});
afterEach(() => till.cleanup());

function unitProducts(n: number) {
  const storeId = till.backend.db.config().storeId;
  const withStock = new Set(till.chain.stock.filter((s) => s.locationId === storeId && s.qty >= 5000).map((s) => s.productId));
  const found = till.chain.products.filter((p) => p.active && p.unit === 'each' && p.price > 0 && withStock.has(p.id)).slice(0, n);
  if (found.length < n) throw new Error('not enough demo products');
  return found;
}

function basket(): OpenCartInput {
  const [a, b] = unitProducts(2);
  return {
    saleId: uuidv7(),
    lines: [
      { key: 'l1', productId: a!.id, qty: 2000 },
      { key: 'l3', productId: b!.id, qty: 1000 },
    ],
    tenders: [{ method: 'cash', amount: 500 }],
    customerContact: { name: 'Nadine', phone: '+961 3 123456' },
    nextKey: 4,
  };
}

describe('the open cart', () => {
  it('is restored after the till restarts on the same file, with its products as they are now', async () => {
    const cashier = await till.loginAs('cashier');
    const cart = basket();
    await till.call('cart.save', cart);
    const [a, b] = unitProducts(2);
    // A power cut: the process is gone, only the file is left. A new backend opens it, as the restarted till does.
    till.backend.close();
    const restarted = createTillBackend({ dbPath: till.dbPath, validateOutputs: true });
    try {
      const call = async (method: string, input: unknown = {}) => {
        const r = await restarted.dispatch(method, input);
        if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
        return r.value;
      };
      await call('session.login', { userId: cashier.id, pin: cashier.pin });
      const restored = (await call('cart.load')) as OpenCartView | null;
      expect(restored).not.toBeNull();
      expect(restored?.saleId).toBe(cart.saleId);
      expect(restored?.lines.map((l) => [l.key, l.view.product.id, l.qty])).toEqual([
        ['l1', a!.id, 2000],
        ['l3', b!.id, 1000],
      ]);
      expect(restored?.lines[0]?.view.product.price).toBe(a!.price);
      expect(restored?.tenders).toEqual([{ method: 'cash', amount: 500 }]);
      expect(restored?.customerContact).toEqual({ name: 'Nadine', phone: '+961 3 123456' });
      expect(restored?.nextKey).toBe(4);
      expect(restored?.dropped).toBe(0);
    } finally {
      restarted.close();
    }
  });

  it('keeps the earlier unconfirmed attempts through a restart, even once the cart is emptied', async () => {
    const cashier = await till.loginAs('cashier');
    const earlier = uuidv7();
    const cart: OpenCartInput = { ...basket(), unconfirmedSaleIds: [earlier], attempted: { content: '{"lines":[]}' } };
    await till.call('cart.save', cart);
    // The cashier voided everything: the earlier sale may still have been recorded, so the cart is not "nothing".
    const emptied: OpenCartInput = { saleId: uuidv7(), lines: [], tenders: [], customerContact: null, nextKey: 4, unconfirmedSaleIds: [earlier, cart.saleId] };
    const restart = () => {
      till.backend.close();
      return createTillBackend({ dbPath: till.dbPath, validateOutputs: true });
    };
    const first = (await till.call<OpenCartView | null>('cart.load'))!;
    expect([first.unconfirmedSaleIds, first.attempted]).toEqual([[earlier], { content: '{"lines":[]}' }]);
    await till.call('cart.save', emptied);
    const restarted = restart();
    try {
      expect((await restarted.dispatch('session.login', { userId: cashier.id, pin: cashier.pin })).ok).toBe(true);
      const r = await restarted.dispatch('cart.load', {});
      const loaded = r.ok ? (r.value as OpenCartView | null) : null;
      expect(loaded?.saleId).toBe(emptied.saleId);
      expect(loaded?.unconfirmedSaleIds).toEqual([earlier, cart.saleId]);
      expect(loaded?.attempted).toBeUndefined();
    } finally {
      restarted.close();
    }
  });

  it("belongs to the user who rang it up: another user's login finds none", async () => {
    await till.loginAs('cashier');
    await till.call('cart.save', basket());
    await till.call('session.logout');
    await till.loginAs('manager');
    expect(await till.call('cart.load')).toBeNull();
  });

  it('an empty cart removes the saved one, and a later save replaces it whole', async () => {
    await till.loginAs('cashier');
    const first = basket();
    await till.call('cart.save', first);
    const second = { ...basket(), lines: [{ key: 'l9', productId: first.lines[0]!.productId, qty: 5000 }], tenders: [], customerContact: null, nextKey: 10 };
    await till.call('cart.save', second);
    const loaded = await till.call<OpenCartView | null>('cart.load');
    expect(loaded?.saleId).toBe(second.saleId);
    expect(loaded?.lines.map((l) => [l.key, l.qty])).toEqual([['l9', 5000]]);
    expect(loaded?.tenders).toEqual([]);

    await till.call('cart.save', { saleId: uuidv7(), lines: [], tenders: [], customerContact: null, nextKey: 1 });
    expect(await till.call('cart.load')).toBeNull();
    expect(till.backend.db.db.prepare('SELECT count(*) AS n FROM open_carts').get()).toEqual({ n: 0 });
  });

  it('a cart whose sale was completed (the power went while the receipt showed) is not offered again', async () => {
    await till.loginAs('cashier');
    const cart = basket();
    await till.call('cart.save', cart);
    const due = cart.lines.reduce((sum, l) => {
      const p = till.chain.products.find((x) => x.id === l.productId)!;
      return sum + (p.price * l.qty) / 1000;
    }, 0);
    await till.call('sale.complete', {
      saleId: cart.saleId,
      lines: cart.lines.map((l) => ({ productId: l.productId, qty: l.qty })),
      tenders: [{ method: 'cash', amount: Math.ceil(due) }],
    });
    expect(await till.call('cart.load')).toBeNull();
    expect(till.backend.db.db.prepare('SELECT count(*) AS n FROM open_carts').get()).toEqual({ n: 0 });
  });

  it('refuses a cart that is not one, and keeps the saved cart as it was', async () => {
    await till.loginAs('cashier');
    const cart = basket();
    await till.call('cart.save', cart);
    const bad = await till.backend.dispatch('cart.save', { ...cart, lines: [{ key: 'l1', productId: cart.lines[0]!.productId, qty: -1 }] });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
    expect((await till.call<OpenCartView | null>('cart.load'))?.lines).toHaveLength(2);
  });

  it('needs a logged-in user', async () => {
    const r = await till.backend.dispatch('cart.load', {});
    expect(r.ok ? 'ok' : r.error.code).toBe('UNAUTHENTICATED');
  });

  it('a body that no longer reads as a cart is dropped whole, not restored half', async () => {
    const user = await till.loginAs('cashier');
    await till.call('cart.save', basket());
    till.backend.db.db.prepare("UPDATE open_carts SET body = json_set(body, '$.lines[0].qty', 'lots') WHERE user_id = ?").run(user.id);
    expect(await till.call('cart.load')).toBeNull();
    const reader = new Database(till.dbPath, { readonly: true });
    try {
      expect(reader.prepare('SELECT count(*) AS n FROM open_carts').get()).toEqual({ n: 0 });
    } finally {
      reader.close();
    }
  });
});

