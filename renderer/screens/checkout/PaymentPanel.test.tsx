// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeView, ReceiptView, ScanView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { testProduct } from '../../../shared/domain/test-support/product';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { FakeBranch, TestPage } from '../../test-support/fake-branch';
import { testReceipt } from '../../test-support/receipt';
import { CheckoutScreen } from './CheckoutScreen';

/**
 * Issue 11 at the checkout: the payment panel once a rate is posted. Worked by hand at 89,500 LBP per USD, pounds
 * handed over in steps of 5,000 to the nearest: a $23.40 item is 2,094,300 LBP. The panel shows every total in
 * both currencies, takes cash in dollars and pounds (and card), shows what is still due in both, and lets the
 * cashier pick the change currency or split; sale.complete gets each tender in its currency, the choice and the
 * rate the amounts were shown at.
 */
const CODE = '5449000000996';
const item = testProduct({ name: 'Olive oil 1 l', price: 23_40, barcodes: [CODE] });
const rateId = '0190a0b2-7c3d-7e4f-8a5b-0000000000f1';

function exchange(accepts: Array<'USD' | 'LBP'> = ['USD', 'LBP']): ExchangeView {
  const current = { rateId, base: 'USD' as const, quote: 'LBP' as const, rate: 89_500, note: null, postedByName: 'Maya Khoury', postedAt: new Date().toISOString(), pending: false };
  return { base: 'USD', settings: { quote: 'LBP', accepts, quoteStep: 5_000, rounding: 'nearest' }, current, recent: [current] };
}

let backend: FakeBranch;
let page: TestPage;
const amount = (testId: string) => Number(page.get(testId).getAttribute('data-amount'));
const shown = (testId: string) => page.text(testId).replace(/[\u200e\u200f\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ');

async function start(view: ExchangeView | null): Promise<void> {
  backend = new FakeBranch({
    'catalog.lookup': ({ code }): ScanView => {
      if (code !== CODE) throw new DomainError('UNKNOWN_BARCODE', code);
      return { product: item, available: 50_000, pack: null };
    },
    'exchange.current': () => {
      if (view === null) throw new DomainError('NOT_FOUND', 'no exchange here');
      return view;
    },
    'sale.complete': (input): ReceiptView =>
      testReceipt({
        saleId: input.saleId,
        total: 23_40,
        change: 0,
        tenders: input.tenders,
        exchange: { rate: { rateId, base: 'USD', quote: 'LBP', rate: 89_500 }, totalQuote: 2_094_300, changeIn: 'quote', changeQuote: 195_000, rounding: 700 },
      }),
  });
  page = new TestPage(createBranchData(createClient(backend.bridge)));
  await page.render(<CheckoutScreen />);
  await page.scan(CODE);
}

async function typeCash(text: string): Promise<void> {
  await page.type('cash-input', text);
  await page.click('cash-add');
}

beforeEach(async () => {
  await initI18n('en');
  useCartStore.getState().reset('USD');
});
afterEach(() => page.unmount());

describe('paying in dollars and pounds', () => {
  it('$23.40 paid $20 + 500,000 LBP: due in both, change in the currency picked or split, with the rounding line', async () => {
    await start(exchange());
    expect(shown('cart-total')).toBe('$23.40');
    expect(shown('cart-total-quote')).toBe('LBP 2,094,300');
    expect(shown('rate-shown')).toBe('$1.00 = LBP 89,500');
    // 2,094,300 to the nearest 5,000; or $23.40
    expect([amount('amount-due'), amount('amount-due-quote')]).toEqual([23_40, 2_095_000]);

    await typeCash('20');
    expect(page.all('tender').map((t) => t.getAttribute('data-currency'))).toEqual(['USD']);
    // 304,300 LBP still due: 305,000, or $3.40
    expect([amount('amount-due'), amount('amount-due-quote')]).toEqual([3_40, 305_000]);
    expect((page.get('complete-sale') as HTMLButtonElement).disabled).toBe(true);

    await page.click('cash-currency-LBP');
    expect(page.get('cash-input').getAttribute('data-currency')).toBe('LBP');
    await typeCash('500,000');
    expect(page.all('tender').map((t) => [t.getAttribute('data-currency'), t.textContent?.replace(/[\u00a0\u202f]/g, ' ')])).toEqual([
      ['USD', '$20.00'],
      ['LBP', 'LBP 500,000'],
    ]);
    expect([amount('amount-due'), amount('amount-due-quote')]).toEqual([0, 0]);

    // 195,700 LBP over. In dollars (the default): $2.18, 590 LBP on the rounding line
    expect(page.get('change-in').getAttribute('data-selected')).toBe('base');
    expect([amount('change-due'), amount('change-due-quote'), amount('change-rounding')]).toEqual([2_18, 0, 590]);
    // Split: $2 in notes, 16,700 LBP → 15,000, 1,700 kept
    await page.click('change-in-split');
    expect([amount('change-due'), amount('change-due-quote'), amount('change-rounding')]).toEqual([2_00, 15_000, 1_700]);
    // In pounds: 195,000, 700 kept
    await page.click('change-in-quote');
    expect([amount('change-due'), amount('change-due-quote'), amount('change-rounding')]).toEqual([0, 195_000, 700]);
    expect(shown('change-due-quote')).toBe('LBP 195,000');

    await page.click('complete-sale');
    const [sent] = backend.inputs('sale.complete');
    expect(sent?.tenders).toEqual([
      { method: 'cash', amount: 20_00, currency: 'USD' },
      { method: 'cash', amount: 500_000, currency: 'LBP' },
    ]);
    expect([sent?.changeIn, sent?.rateId]).toEqual(['quote', rateId]);
    expect(page.text('sale-done').replace(/[\u00a0\u202f]/g, ' ')).toContain('LBP 195,000');
  });

  it('exact cash in pounds pays what is due in pounds, to the step', async () => {
    await start(exchange());
    await page.click('cash-currency-LBP');
    await page.click('cash-exact');
    expect(page.all('tender').map((t) => t.textContent?.replace(/[\u00a0\u202f]/g, ' '))).toEqual(['LBP 2,095,000']);
    // 700 LBP over the exact 2,094,300: nothing to hand back at a step of 5,000, the shop keeps it
    expect([amount('change-due'), amount('change-due-quote'), amount('change-rounding')]).toEqual([0, 0, 700]);
    expect((page.get('complete-sale') as HTMLButtonElement).disabled).toBe(false);
  });

  it('the card pays the dollars still due after cash', async () => {
    await start(exchange());
    await typeCash('10');
    await page.click('pay-card');
    const [, card] = useCartStore.getState().cart.tenders;
    expect(card).toEqual({ method: 'card', amount: 13_40 });
    expect((page.get('complete-sale') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a till set to take dollars only offers no pound cash, but still shows the total in pounds', async () => {
    await start(exchange(['USD']));
    expect(page.$('cash-currency')).toBeNull();
    expect(page.get('cash-input').getAttribute('data-currency')).toBe('USD');
    expect(shown('cart-total-quote')).toBe('LBP 2,094,300');
  });

  it('F9 while short says what is still due in both currencies', async () => {
    await start(exchange());
    await typeCash('20');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F9', bubbles: true, cancelable: true }));
    await page.settle();
    expect(page.text('complete-blocked').replace(/[\u00a0\u202f]/g, ' ')).toContain('$3.40 or LBP 305,000');
  });

  it('before any rate (or from a backend without one) the panel is the one-currency panel it was', async () => {
    await start(null);
    expect(page.$('pay-two-currencies')).toBeNull();
    expect(page.$('cart-total-quote')).toBeNull();
    await typeCash('25');
    expect(amount('change-due')).toBe(1_60);
    await page.click('complete-sale');
    const [sent] = backend.inputs('sale.complete');
    expect(sent?.tenders).toEqual([{ method: 'cash', amount: 25_00 }]);
    expect(sent !== undefined && ('rateId' in sent || 'changeIn' in sent)).toBe(false);
  });
});
