import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchBridge, OpenCartInput, OpenCartView, ProductView } from '../../shared/api/branch-api';
import { createClient } from '../api/client';
import { createBranchData } from '../app/branch-data';
import { LOAD_RETRY_MS, SAVE_DELAY_MS, startCartPersistence } from './cart-persistence';
import { useCartStore } from './cart-store';
import { cartTotals } from './cart';
import { testProduct } from '../../shared/domain/test-support/product';

/**
 * The renderer's half of the open cart: restore what the backend kept, then save every change, one save at a
 * time with the newest cart last, and never save the fresh cart of a logout over the kept one. The backend is a
 * small in-memory stand-in that records what it was sent, with answers released by the test.
 */

const view = (n: number): ProductView => ({
  product: testProduct({ id: `0190a0b2-7c3d-7e4f-8a5b-00000000010${n}`, sku: `SKU-${n}`, name: `Product ${n}`, price: 100 * n }),
  available: 10_000,
});
/** sold loose at $0.75 or by the case of 24 at $15.00 */
const cola: ProductView = {
  product: testProduct({ id: '0190a0b2-7c3d-7e4f-8a5b-000000000109', name: 'Cola', price: 75, packs: [{ barcode: '05449000000996', units: 24, price: 1500 }] }),
  available: 100_000,
};
const CATALOG = [view(1), view(2), view(3), cola];

class Backend {
  kept: OpenCartInput | null = null;
  saves: OpenCartInput[] = [];
  inFlight = 0;
  maxInFlight = 0;
  loadFails = 0;
  private gates: Array<() => void> = [];
  hold = false;

  bridge: BranchBridge = {
    call: (async (method: string, input: unknown) => {
      if (method === 'cart.load') {
        if (this.loadFails > 0) {
          this.loadFails--;
          return { ok: false, error: { code: 'UNAVAILABLE', message: 'busy' } };
        }
        return { ok: true, value: this.kept === null ? null : this.view(this.kept) };
      }
      if (method === 'cart.save') {
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        if (this.hold) await new Promise<void>((resolve) => this.gates.push(resolve));
        this.saves.push(input as OpenCartInput);
        this.kept = input as OpenCartInput;
        this.inFlight--;
        return { ok: true, value: { saved: true } };
      }
      throw new Error(`unexpected ${method}`);
    }) as BranchBridge['call'],
  };

  release(): void {
    this.hold = false;
    for (const g of this.gates.splice(0)) g();
  }

  private view(c: OpenCartInput): OpenCartView {
    return {
      saleId: c.saleId,
      currency: 'USD',
      // as the till answers: the product as it is now, and the pack its barcode names among the product's packs
      lines: c.lines.map((l) => {
        const v = CATALOG.find((p) => p.product.id === l.productId)!;
        return { key: l.key, qty: l.qty, view: v, pack: v.product.packs?.find((p) => p.barcode === l.pack) ?? null };
      }),
      tenders: c.tenders,
      customerContact: c.customerContact,
      nextKey: c.nextKey,
      dropped: 0,
      ...(c.unconfirmedSaleIds !== undefined ? { unconfirmedSaleIds: c.unconfirmedSaleIds } : {}),
      ...(c.attempted !== undefined ? { attempted: c.attempted } : {}),
    };
  }
}

let backend: Backend;
beforeEach(() => {
  backend = new Backend();
  useCartStore.getState().reset('USD');
});
afterEach(() => vi.useRealTimers());

/** longer than SAVE_DELAY_MS, so a change's save has started */
const settle = () => new Promise((r) => setTimeout(r, SAVE_DELAY_MS + 10));

describe('cart persistence', () => {
  it('restores the kept cart into an empty screen, sale id and line keys included', async () => {
    const saleId = uuidv7();
    backend.kept = { saleId, lines: [{ key: 'l2', productId: view(2).product.id, qty: 3000 }], tenders: [{ method: 'cash', amount: 500 }], customerContact: null, nextKey: 3 };
    const stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    const cart = useCartStore.getState().cart;
    expect(cart.saleId).toBe(saleId);
    expect(cart.lines.map((l) => [l.key, l.product.id, l.qty])).toEqual([['l2', view(2).product.id, 3000]]);
    expect(cart.tenders).toEqual([{ method: 'cash', amount: 500 }]);
    // A product scanned next gets a key of its own, not l2 again.
    useCartStore.getState().add(view(1));
    expect(useCartStore.getState().cart.lines.map((l) => l.key)).toEqual(['l2', 'l3']);
    stop();
  });

  it('a line scanned as a case is kept as a case: after a reload it is 2 cases at the case price, not 48 loose cans', async () => {
    let stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    useCartStore.getState().add(cola, { pack: cola.product.packs![0]! });
    useCartStore.getState().step(useCartStore.getState().cart.lines[0]!.key, 1);
    useCartStore.getState().add(cola);
    await settle();
    expect(backend.kept?.lines.map((l) => [l.qty, l.pack])).toEqual([
      [48_000, '05449000000996'],
      [1000, undefined],
    ]);
    stop();
    // a reload: the page starts with an empty cart and restores the kept one
    useCartStore.getState().reset('USD');
    stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    const lines = useCartStore.getState().cart.lines;
    expect(lines.map((l) => [l.qty, l.pack?.units ?? null])).toEqual([
      [48_000, 24],
      [1000, null],
    ]);
    expect(cartTotals(useCartStore.getState().cart).total).toBe(2 * 1500 + 75);
    stop();
  });

  it('saves one change at a time, and the newest cart is the last one saved', async () => {
    const stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    backend.hold = true;
    useCartStore.getState().add(view(1));
    await settle();
    useCartStore.getState().add(view(2));
    useCartStore.getState().add(view(3));
    useCartStore.getState().add(view(3));
    backend.release();
    for (let i = 0; i < 10; i++) await settle();
    expect(backend.maxInFlight).toBe(1);
    // The first save carried one line; while it was on its way three more changes came, sent as one.
    expect(backend.saves.map((s) => s.lines.length)).toEqual([1, 3]);
    expect(backend.kept?.lines.map((l) => l.qty)).toEqual([1000, 1000, 2000]);
    stop();
  });

  it('stopped at logout, the fresh cart is not saved over the kept one', async () => {
    const stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    useCartStore.getState().add(view(1));
    for (let i = 0; i < 5; i++) await settle();
    const kept = backend.kept;
    stop();
    useCartStore.getState().reset();
    for (let i = 0; i < 5; i++) await settle();
    expect(backend.kept).toEqual(kept);
    expect(backend.kept?.lines).toHaveLength(1);
  });

  it('a sale attempted without a verdict stays known across a reload, so the checkout can still ask about it', async () => {
    let stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    useCartStore.getState().add(view(1));
    // sale.complete for this cart came back UNAVAILABLE (the backend may have recorded it).
    const sent = useCartStore.getState().cart;
    useCartStore.getState().markAttempted(sent);
    await settle();
    expect(backend.kept?.saleId).toBe(sent.saleId);
    expect(backend.kept?.attempted).toBeDefined();
    // A reload: the screen starts from nothing and restores what was kept.
    stop();
    useCartStore.getState().reset();
    stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    expect(useCartStore.getState().cart.saleId).toBe(sent.saleId);
    // The cashier adds an item: the restored attempt moves the cart to a new id, the sent one is unconfirmed.
    useCartStore.getState().add(view(2));
    const moved = useCartStore.getState().cart;
    expect(moved.saleId).not.toBe(sent.saleId);
    expect(moved.unconfirmedSaleIds).toEqual([sent.saleId]);
    await settle();
    // A second reload still knows the sent id, which the checkout asks sale.get about before selling again.
    stop();
    useCartStore.getState().reset();
    stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await settle();
    expect(useCartStore.getState().cart.saleId).toBe(moved.saleId);
    expect(useCartStore.getState().cart.unconfirmedSaleIds).toEqual([sent.saleId]);
    stop();
  });

  it('saves nothing until the kept cart is known: a failed load is asked again first', async () => {
    vi.useFakeTimers();
    backend.kept = { saleId: uuidv7(), lines: [{ key: 'l1', productId: view(1).product.id, qty: 1000 }], tenders: [], customerContact: null, nextKey: 2 };
    backend.loadFails = 1;
    const stop = startCartPersistence(createBranchData(createClient(backend.bridge)));
    await vi.advanceTimersByTimeAsync(0);
    expect(useCartStore.getState().cart.lines).toHaveLength(0);
    expect(backend.saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(LOAD_RETRY_MS);
    expect(useCartStore.getState().cart.lines.map((l) => l.product.id)).toEqual([view(1).product.id]);
    expect(backend.saves).toHaveLength(0);
    stop();
  });
});
