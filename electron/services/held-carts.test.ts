import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, HeldCartView, OpenCartView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Carts on hold (issue 11) through the branch API on a real till database: a cashier parks one customer's basket,
 * serves the next, and another cashier resumes it; it keeps its sale id, is never the open cart twice, is resumed
 * once, and sells like any cart. What is not held: an empty cart, one with a payment taken, one whose sale may
 * already be recorded, one already sold.
 */
let till: TempTill;
let bread: DemoProduct;
let milk: DemoProduct;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  [bread, milk] = till.stockedUnitProducts(2) as [DemoProduct, DemoProduct];
  await till.loginAs('cashier');
});
afterEach(() => till.cleanup());

const cartOf = (saleId: string, products: DemoProduct[], extra: Record<string, unknown> = {}) => ({
  saleId,
  lines: products.map((p, i) => ({ key: `l${i + 1}`, productId: p.id, qty: 1000 })),
  tenders: [],
  customerContact: null,
  nextKey: products.length + 1,
  ...extra,
});
const dispatch = (method: string, input: unknown): Promise<BranchResult<unknown>> => till.backend.dispatch(method, input);

describe('a cart on hold', () => {
  it('is parked, listed with its first items, resumed by another cashier as their open cart, and sells', async () => {
    const saleId = uuidv7();
    await till.call('cart.save', cartOf(saleId, [bread, milk]));
    const held = await till.call<HeldCartView[]>('cart.hold', { holdId: uuidv7(), label: 'lady in red', cart: cartOf(saleId, [bread, milk]) });
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ label: 'lady in red', lines: 2, items: [bread.name, milk.name] });
    // no longer the cashier's open cart: a reload shows an empty checkout
    expect(await till.call('cart.load')).toBeNull();

    await till.call('session.logout');
    await till.loginAs('manager');
    const resumed = await till.call<OpenCartView>('cart.resume', { holdId: held[0]?.holdId });
    expect(resumed.saleId).toBe(saleId);
    expect(resumed.lines.map((l) => l.view.product.id)).toEqual([bread.id, milk.id]);
    expect(await till.call('cart.held')).toEqual([]);
    expect((await till.call<OpenCartView>('cart.load')).saleId).toBe(saleId);
    // resumed once: a second resume (another device) finds nothing
    expect(await dispatch('cart.resume', { holdId: held[0]?.holdId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const receipt = await till.call<{ saleId: string }>('sale.complete', { saleId, lines: resumed.lines.map((l) => ({ productId: l.view.product.id, qty: l.qty })), tenders: [{ method: 'cash', amount: 1_000_00 }] });
    expect(receipt.saleId).toBe(saleId);
  });

  it('is never both on hold and open, nor sold twice: a late save is dropped, a sale takes it off hold', async () => {
    const saleId = uuidv7();
    await till.call('cart.hold', { holdId: uuidv7(), cart: cartOf(saleId, [bread]) });
    // the screen's debounced save of the basket just parked arrives after the hold
    expect(await till.call('cart.save', cartOf(saleId, [bread]))).toEqual({ saved: false });
    expect(await till.call('cart.load')).toBeNull();
    // sold under its id meanwhile (a hold whose answer was lost left it on screen too): off the list
    await till.call('sale.complete', { saleId, lines: [{ productId: bread.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_00 }] });
    expect(await till.call('cart.held')).toEqual([]);
  });

  it('does not resume over another basket the user has open (another device of theirs)', async () => {
    const held = await till.call<HeldCartView[]>('cart.hold', { holdId: uuidv7(), cart: cartOf(uuidv7(), [bread]) });
    await till.call('cart.save', cartOf(uuidv7(), [milk]));
    expect(await dispatch('cart.resume', { holdId: held[0]?.holdId })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/another basket/) } });
    expect(await till.call('cart.held')).toHaveLength(1);
  });

  it('answers the same hold again with the list, writing nothing', async () => {
    const holdId = uuidv7();
    const cart = cartOf(uuidv7(), [bread]);
    await till.call('cart.hold', { holdId, cart });
    const n = till.backend.db.db.prepare('SELECT count(*) FROM held_carts').pluck().get();
    expect(await till.call<HeldCartView[]>('cart.hold', { holdId, cart })).toHaveLength(1);
    expect(till.backend.db.db.prepare('SELECT count(*) FROM held_carts').pluck().get()).toBe(n);
    expect(await dispatch('cart.hold', { holdId, cart: cartOf(uuidv7(), [bread]) })).toMatchObject({ ok: false, error: { code: 'ID_REUSED' } });
  });

  it('is refused, with nothing written: empty, paid in part, maybe recorded, already sold, already held', async () => {
    const before = rowCounts(till.backend.db);
    const heldRows = () => till.backend.db.db.prepare('SELECT count(*) FROM held_carts').pluck().get() as number;
    const refused = async (cart: unknown) => {
      const n = heldRows();
      const r = await dispatch('cart.hold', { holdId: uuidv7(), cart });
      expect(heldRows()).toBe(n);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error.message;
    };
    expect(await refused(cartOf(uuidv7(), []))).toMatch(/empty/);
    expect(await refused(cartOf(uuidv7(), [bread], { tenders: [{ method: 'cash', amount: 5_00 }] }))).toMatch(/payment/);
    const attempted = uuidv7();
    expect(await refused(cartOf(attempted, [bread], { attempted: { content: '{}' } }))).toMatch(/recorded/);
    const sold = uuidv7();
    await till.call('sale.complete', { saleId: sold, lines: [{ productId: bread.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_00 }] });
    expect(await refused(cartOf(sold, [bread]))).toMatch(/sold/);
    const twice = uuidv7();
    await till.call('cart.hold', { holdId: uuidv7(), cart: cartOf(twice, [milk]) });
    expect(await refused(cartOf(twice, [milk]))).toMatch(/already on hold/);
    // the one sale is all the ledger gained; each refusal left the held carts as they were
    expect(rowCounts(till.backend.db)['ops']).toBe((before['ops'] ?? 0) + 1);
  });
});
