// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../../shared/api/branch-api';
import type { DemoProduct, DemoUser } from '../../../shared/demo';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { TestPage } from '../../test-support/fake-branch';
import { CheckoutScreen } from './CheckoutScreen';

/**
 * Discounts at the checkout (issue 11) against a real till backend, with the figures of
 * electron/services/sale-discounts.test.ts: $10.00 less 10% and $5.00, then $2.00 off the cart: the screen shows
 * $3.00 of discounts and $12.00 to pay before anything is sent; the till, past its 10% limit, asks for a manager,
 * whose PIN sends the same sale again; the receipt shows what came off each line. A discount past 100% is said in
 * the dialog and cannot be applied.
 */
let till: TempTill;
let page: TestPage;
let ten: DemoProduct;
let five: DemoProduct;
let manager: DemoUser;

beforeEach(async () => {
  await initI18n('en');
  useCartStore.getState().reset('USD');
  till = createTempTill({ demo: { products: 12 } });
  const db = till.backend.db;
  [ten, five] = till.stockedUnitProducts(2, { barcode: true }) as [DemoProduct, DemoProduct];
  db.db.prepare('UPDATE products SET price = ?, tax_class = NULL WHERE id = ?').run(10_00, ten.id);
  db.db.prepare('UPDATE products SET price = ?, tax_class = NULL WHERE id = ?').run(5_00, five.id);
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  await till.loginAs('cashier');
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  page = new TestPage(createBranchData(createClient(bridge)));
  await page.render(<CheckoutScreen />);
});
afterEach(() => {
  page.unmount();
  till.cleanup();
});

/** the manager types their PIN on the approval the till asked for */
async function approveAsManager(): Promise<void> {
  for (const d of manager.pin) await page.click(`manager-pin-${d}`);
  await page.click('manager-pin-ok');
}

describe('discounts at the checkout', () => {
  it('shows what the till will charge, asks a manager past the limit, and prints what came off', async () => {
    await page.scan(ten.barcodes[0] as string);
    await page.scan(five.barcodes[0] as string);
    const first = page.all('cart-line')[0] as HTMLElement;
    await page.click('cart-line-discount-open', first);
    await page.type('discount-value', '10');
    expect(page.get('discount-off').getAttribute('data-amount')).toBe('100');
    await page.click('discount-apply');
    await page.click('cart-discount-open');
    await page.click('discount-kind-amount');
    await page.type('discount-value', '2.00');
    await page.click('discount-apply');

    expect(page.get('cart-discount-total').getAttribute('data-amount')).toBe('300');
    expect(page.get('cart-total').getAttribute('data-amount')).toBe('1200');
    expect(page.all('cart-line-discount').map((d) => d.getAttribute('data-amount'))).toEqual(['229', '71']);

    await page.click('cash-exact');
    await page.click('complete-sale');
    await page.settle(50);
    expect(page.$('manager-approval')).not.toBeNull();
    await approveAsManager();
    await page.settle(80);
    expect(page.get('receipt').getAttribute('data-number')).not.toBeNull();
    expect(page.all('receipt-line-discount').map((d) => d.getAttribute('data-amount'))).toEqual(['229', '71']);
    expect(page.get('receipt-total').getAttribute('data-amount')).toBe('1200');
  });

  it('says a discount past 100% and does not apply it', async () => {
    await page.scan(ten.barcodes[0] as string);
    await page.click('cart-line-discount-open');
    await page.type('discount-value', '150');
    expect(page.text('discount-error')).toMatch(/100%/);
    expect((page.get('discount-apply') as HTMLButtonElement).disabled).toBe(true);
  });

  it('sells a line at a price the cashier sets, with the shelf price shown beside it', async () => {
    await page.scan(ten.barcodes[0] as string);
    await page.click('cart-line-price-open');
    await page.type('price-value', '8.50');
    await page.click('price-apply');
    expect(page.get('cart-total').getAttribute('data-amount')).toBe('850');
    expect(page.get('cart-line-price-set').getAttribute('data-shelf')).toBe('1000');
    await page.click('cash-exact');
    await page.click('complete-sale');
    await page.settle(50);
    // 15% below the shelf: past the 10% limit, a manager approves
    expect(page.$('manager-approval')).not.toBeNull();
    await approveAsManager();
    await page.settle(80);
    expect(page.get('receipt-total').getAttribute('data-amount')).toBe('850');
  });

  it('says in the till’s language why a change is refused that would leave a discount bigger than its line', async () => {
    await initI18n('ar');
    await page.scan(ten.barcodes[0] as string);
    await page.click('cart-line-discount-open');
    await page.click('discount-kind-amount');
    await page.type('discount-value', '9');
    await page.click('discount-apply');
    await page.click('cart-line-price-open');
    await page.type('price-value', '5');
    await page.click('price-apply');
    expect(page.get('scan-status').getAttribute('data-state')).toBe('error');
    expect(page.text('scan-status')).toBe('سيتجاوز الخصم قيمة البند: أزل الخصم أولًا.');
    // the line keeps its price and its discount
    expect(page.get('cart-total').getAttribute('data-amount')).toBe('100');
  });
});
