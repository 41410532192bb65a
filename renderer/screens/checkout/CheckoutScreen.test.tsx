// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchBridge, BranchResult, ProductView, ReceiptView, SessionView, SyncStatusView, TillInfo } from '../../../shared/api/branch-api';
import type { ErrorCode } from '../../../shared/domain/errors';
import { createClient } from '../../api/client';
import { BranchProvider, createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { CheckoutScreen } from './CheckoutScreen';
import { testProduct } from '../../../shared/domain/test-support/product';

/**
 * Issue 7 item 5 on the checkout screen: an answer lost after the sale was recorded, then the cashier adds an item
 * and completes again. The goods of the basket must be recorded exactly once: the screen asks what the earlier
 * attempt recorded and sells only the rest, never a second sale of the same goods, and is never stuck on
 * ID_REUSED. The backend here is a small model of the till's rule for sale ids (same id and content: the stored
 * receipt; same id, other content: ID_REUSED), which can also lose an answer after recording, or not answer.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// jsdom has no CSS.escape (the cart table uses it to find the newest line); line keys are plain "l1", "l2"...
(globalThis as { CSS?: { escape(s: string): string } }).CSS ??= { escape: (s: string) => s };

function product(name: string, price: number): ProductView {
  return {
    product: testProduct({ sku: name, name, price }),
    available: 100_000,
  };
}
const A = product('Apples', 200);
const B = product('Bread', 500);
const cashierId = uuidv7();
const byId = new Map([A, B].map((p) => [p.product.id, p.product]));

interface SaleRequest {
  saleId: string;
  lines: Array<{ productId: string; qty: number }>;
  tenders: Array<{ method: 'cash' | 'card'; amount: number }>;
}

/** The backend's side, kept by hand: every sale it recorded, in order, and what each call was. */
class FakeTill {
  sales = new Map<string, { request: string; receipt: ReceiptView }>();
  calls: string[] = [];
  /** the next sale.complete is recorded, but its answer is lost (UNAVAILABLE) */
  loseNextAnswer = false;
  /** the next sale.complete never arrives (UNAVAILABLE, nothing recorded) */
  dropNextRequest = false;
  /** sale.get does not answer */
  getUnavailable = false;
  /** what shift.current answers: no shift open (null), one open, or (undefined) no answer at all */
  shift: null | 'open' | undefined = undefined;

  /** what left the shop on recorded sales: product name -> units */
  recordedGoods(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { receipt } of this.sales.values()) for (const l of receipt.lines) out[l.name] = (out[l.name] ?? 0) + l.qty / 1000;
    return out;
  }

  record(req: SaleRequest): ReceiptView {
    const lines = req.lines.map((l) => {
      const p = byId.get(l.productId)!;
      return { lineId: uuidv7(), productId: p.id, sku: p.sku, name: p.name, unit: p.unit, qty: l.qty, unitPrice: p.price, total: (p.price * l.qty) / 1000, reversed: false };
    });
    const total = lines.reduce((s, l) => s + l.total, 0);
    const paid = req.tenders.reduce((s, t) => s + t.amount, 0);
    const receipt: ReceiptView = {
      saleId: req.saleId,
      number: `T1-${String(this.sales.size + 1).padStart(6, '0')}`,
      occurredAt: new Date().toISOString(),
      tillName: 'Till 1',
      storeName: 'Main',
      cashierName: 'Rania Haddad',
      currency: 'USD',
      lines,
      tenders: req.tenders,
      total,
      change: paid - total,
      customerContact: null,
      overrideReason: null,
      status: 'completed',
    };
    const { saleId: _id, ...content } = req;
    this.sales.set(req.saleId, { request: JSON.stringify(content), receipt });
    return receipt;
  }

  bridge: BranchBridge = {
    call: async (method: string, input: unknown) => {
      this.calls.push(method);
      const fail = (code: ErrorCode) => ({ ok: false, error: { code, message: `fake ${code}` } });
      if (method === 'till.info') {
        const info: TillInfo = { tillId: uuidv7(), tillName: 'Till 1', storeId: uuidv7(), storeName: 'Main', currency: 'USD', locale: 'en' };
        return { ok: true, value: info } as never;
      }
      if (method === 'session.current') {
        const session: SessionView = { user: { id: cashierId, name: 'Rania Haddad', role: 'cashier' }, manager: null, managerUntil: null };
        return { ok: true, value: session } as never;
      }
      if (method === 'sync.status') {
        const s: SyncStatusView = { online: true, queued: 0, lastSyncAt: null, lastError: null, openConflicts: 0, progress: null };
        return { ok: true, value: s } as never;
      }
      if (method === 'shift.current' && this.shift !== undefined) {
        const open = { shiftId: uuidv7(), openedByName: 'Rania Haddad', openedAt: new Date().toISOString(), float: { USD: 0 }, columns: [], card: {}, sales: 0, takings: 0, moves: [], note: null };
        return { ok: true, value: this.shift === null ? null : open } as never;
      }
      if (method === 'sale.get') {
        if (this.getUnavailable) return fail('UNAVAILABLE') as never;
        const found = this.sales.get((input as { saleId: string }).saleId);
        return (found === undefined ? fail('NOT_FOUND') : { ok: true, value: found.receipt }) as never;
      }
      if (method === 'sale.complete') {
        const req = input as SaleRequest;
        if (this.dropNextRequest) {
          this.dropNextRequest = false;
          return fail('UNAVAILABLE') as never;
        }
        const { saleId: _id, ...content } = req;
        const prior = this.sales.get(req.saleId);
        let result: BranchResult<ReceiptView>;
        if (prior !== undefined) result = prior.request === JSON.stringify(content) ? { ok: true, value: prior.receipt } : (fail('ID_REUSED') as never);
        else result = { ok: true, value: this.record(req) };
        if (this.loseNextAnswer) {
          this.loseNextAnswer = false;
          return fail('UNAVAILABLE') as never;
        }
        return result as never;
      }
      return fail('NOT_FOUND') as never;
    },
  };
}

let root: Root;
let host: HTMLDivElement;
let till: FakeTill;

const byTestId = (id: string) => host.querySelector(`[data-testid="${id}"]`);
const cart = () => useCartStore.getState().cart;
const goods = () => Object.fromEntries(cart().lines.map((l) => [l.product.name, l.qty / 1000]));

async function completeSale(): Promise<void> {
  const button = byTestId('complete-sale') as HTMLButtonElement;
  expect(button.disabled, 'Complete sale is enabled').toBe(false);
  await act(async () => button.click());
  // let the chain of calls (sale.get, sale.complete, sync.status) settle
  await act(async () => new Promise((r) => setTimeout(r, 20)));
}
async function payExact(): Promise<void> {
  await act(async () => (byTestId('cash-exact') as HTMLButtonElement).click());
}
async function edit(f: () => void): Promise<void> {
  await act(async () => f());
}

beforeEach(async () => {
  await initI18n('en');
  till = new FakeTill();
  useCartStore.getState().reset('USD');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () =>
    root.render(
      <BranchProvider branch={createBranchData(createClient(till.bridge))}>
        <CheckoutScreen />
      </BranchProvider>,
    ),
  );
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

/** 2 x Apples, paid, sent, and the answer lost although the sale was recorded; then one Bread is added. */
async function lostAnswerThenAddBread(): Promise<string> {
  await edit(() => {
    useCartStore.getState().add(A);
    useCartStore.getState().add(A);
  });
  await payExact();
  const firstId = cart().saleId;
  till.loseNextAnswer = true;
  await completeSale();
  expect(byTestId('checkout-error')?.textContent).toContain('did not go through');
  await edit(() => useCartStore.getState().add(B));
  return firstId;
}

describe('completing after an unconfirmed attempt (issue 7 item 5)', () => {
  it('the recorded attempt is found: only the Bread is sold next, the Apples are recorded once', async () => {
    const firstId = await lostAnswerThenAddBread();
    expect(cart().saleId).not.toBe(firstId);
    await payExact();
    await completeSale();
    // No second sale went out: the screen learnt the Apples are sold, and shows the receipt that sold them.
    expect(till.sales.size).toBe(1);
    expect(byTestId('checkout-recovered')?.getAttribute('data-receipt')).toBe('T1-000001');
    expect(byTestId('checkout-recovered')?.textContent).toContain('T1-000001');
    expect(goods()).toEqual({ Bread: 1 });
    expect(cart().tenders).toEqual([]);
    await payExact();
    await completeSale();
    expect(byTestId('sale-done')).not.toBeNull();
    expect(till.sales.size).toBe(2);
    expect(till.recordedGoods()).toEqual({ Apples: 2, Bread: 1 });
  });

  it('the attempt never arrived (sale.get NOT_FOUND): the whole basket is sold once', async () => {
    await edit(() => useCartStore.getState().add(A));
    await payExact();
    till.dropNextRequest = true;
    await completeSale();
    await edit(() => useCartStore.getState().add(B));
    await payExact();
    await completeSale();
    expect(byTestId('sale-done')).not.toBeNull();
    expect(till.recordedGoods()).toEqual({ Apples: 1, Bread: 1 });
    expect(till.sales.size).toBe(1);
  });

  it('the attempt cannot be checked: nothing is sent, the cashier is told, and the next try settles it', async () => {
    await lostAnswerThenAddBread();
    await payExact();
    till.getUnavailable = true;
    const before = till.calls.filter((c) => c === 'sale.complete').length;
    await completeSale();
    expect(till.calls.filter((c) => c === 'sale.complete').length).toBe(before);
    expect(byTestId('checkout-error')?.textContent).toContain('cannot be checked yet');
    expect(goods()).toEqual({ Apples: 2, Bread: 1 });
    till.getUnavailable = false;
    await completeSale();
    expect(goods()).toEqual({ Bread: 1 });
    await payExact();
    await completeSale();
    expect(till.recordedGoods()).toEqual({ Apples: 2, Bread: 1 });
  });

  it('nothing left after the recorded attempt (only the payment changed): its receipt is the sale', async () => {
    await edit(() => useCartStore.getState().add(A));
    await payExact();
    till.loseNextAnswer = true;
    await completeSale();
    await edit(() => {
      useCartStore.getState().removeTender(0);
      useCartStore.getState().addTender({ method: 'card', amount: 200 });
    });
    await completeSale();
    expect(byTestId('sale-done')).not.toBeNull();
    expect(host.textContent).toContain('T1-000001');
    expect(till.sales.size).toBe(1);
    expect(till.recordedGoods()).toEqual({ Apples: 1 });
  });

  it('ID_REUSED (a reload forgot the attempt): the recorded sale is found and only the rest is sold', async () => {
    const saleId = uuidv7();
    till.record({ saleId, lines: [{ productId: A.product.id, qty: 2000 }], tenders: [{ method: 'cash', amount: 400 }] });
    // The open cart as restored after the reload: the same id, with a Bread added before the power went.
    await edit(() => {
      useCartStore.setState({ cart: { ...cart(), saleId } });
      useCartStore.getState().add(A);
      useCartStore.getState().add(A);
      useCartStore.getState().add(B);
    });
    await payExact();
    await completeSale();
    expect(byTestId('checkout-recovered')?.getAttribute('data-receipt')).toBe('T1-000001');
    expect(goods()).toEqual({ Bread: 1 });
    await payExact();
    await completeSale();
    expect(byTestId('sale-done')).not.toBeNull();
    expect(till.recordedGoods()).toEqual({ Apples: 2, Bread: 1 });
  });
});

describe('a checkout with no shift open', () => {
  async function show(shift: null | 'open', onOpenShift?: () => void): Promise<void> {
    till.shift = shift;
    // a page of its own, so the shift is read afresh
    act(() => root.unmount());
    root = createRoot(host);
    await act(async () =>
      root.render(
        <BranchProvider branch={createBranchData(createClient(till.bridge))}>
          <CheckoutScreen onOpenShift={onOpenShift} />
        </BranchProvider>,
      ),
    );
    await act(async () => new Promise((r) => setTimeout(r, 20)));
  }

  it('says the drawer is not counted and takes the cashier to open one, while selling goes on', async () => {
    let opened = 0;
    await show(null, () => (opened += 1));
    expect(byTestId('no-shift')?.textContent).toContain('No shift is open');
    await act(async () => (byTestId('no-shift-open') as HTMLButtonElement).click());
    expect(opened).toBe(1);
    // the sale is not held back for it
    await edit(() => useCartStore.getState().add(A));
    await payExact();
    await completeSale();
    expect(till.sales.size).toBe(1);
  });

  it('says nothing when a shift is open', async () => {
    await show('open', () => undefined);
    expect(byTestId('no-shift')).toBeNull();
  });
});
