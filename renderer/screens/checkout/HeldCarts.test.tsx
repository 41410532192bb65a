// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../../shared/api/branch-api';
import type { DemoProduct } from '../../../shared/demo';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { TestPage } from '../../test-support/fake-branch';
import { CheckoutScreen } from './CheckoutScreen';

/**
 * Hold and resume at the checkout (issue 11) against a real till backend: a basket is parked and the checkout is
 * free; the next customer's basket is on screen when the first is resumed, so it is parked in its place (a
 * resume never throws a basket away); a cart with a payment taken is not held, and says why.
 */
let till: TempTill;
let page: TestPage;
let bread: DemoProduct;
let milk: DemoProduct;

beforeEach(async () => {
  await initI18n('en');
  useCartStore.getState().reset('USD');
  till = createTempTill({ demo: { products: 12 } });
  [bread, milk] = till.stockedUnitProducts(2, { barcode: true }) as [DemoProduct, DemoProduct];
  await till.loginAs('cashier');
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  page = new TestPage(createBranchData(createClient(bridge)));
  await page.render(<CheckoutScreen />);
});
afterEach(() => {
  page.unmount();
  till.cleanup();
});

const onScreen = () => page.all('cart-line').map((l) => l.getAttribute('data-product-id'));
const held = () => till.backend.db.db.prepare('SELECT count(*) FROM held_carts').pluck().get() as number;

describe('carts on hold at the checkout', () => {
  it('parks a basket, serves the next, and resuming the first parks the second in its place', async () => {
    await page.scan(bread.barcodes[0] as string);
    expect(onScreen()).toEqual([bread.id]);
    const first = useCartStore.getState().cart.saleId;
    await page.click('cart-hold');
    expect(onScreen()).toEqual([]);
    expect(useCartStore.getState().cart.saleId).not.toBe(first);
    expect(page.get('held-open').getAttribute('data-count')).toBe('1');

    await page.scan(milk.barcodes[0] as string);
    await page.click('held-open');
    expect(page.all('held-cart')).toHaveLength(1);
    expect(page.get('held-cart').textContent).toContain(bread.name);
    await page.click('held-resume');
    await page.settle(30);
    expect(onScreen()).toEqual([bread.id]);
    expect(useCartStore.getState().cart.saleId).toBe(first);
    // the milk customer's basket is the one on hold now
    expect(held()).toBe(1);
    expect(page.get('held-open').getAttribute('data-count')).toBe('1');
  });

  it('does not hold a cart with a payment taken, and says why', async () => {
    await page.scan(bread.barcodes[0] as string);
    useCartStore.getState().addTender({ method: 'cash', amount: 1_00 });
    await page.settle();
    await page.click('cart-hold');
    expect(page.get('scan-status').getAttribute('data-state')).toBe('error');
    expect(page.text('scan-status')).toMatch(/payment/);
    expect(onScreen()).toEqual([bread.id]);
    expect(held()).toBe(0);
  });

  it('says so when a held basket comes back at a lower price and its discount no longer fits', async () => {
    await page.scan(bread.barcodes[0] as string);
    const key = useCartStore.getState().cart.lines[0]?.key as string;
    const price = bread.price;
    useCartStore.getState().setLineDiscount(key, { kind: 'amount', amount: price });
    await page.settle();
    await page.click('cart-hold');
    till.backend.db.db.prepare('UPDATE products SET price = ? WHERE id = ?').run(Math.floor(price / 2), bread.id);
    await page.click('held-open');
    await page.click('held-resume');
    await page.settle(30);
    expect(useCartStore.getState().cart.lines[0]?.discount).toBeUndefined();
    expect(page.text('scan-status')).toMatch(/no longer fits/);
  });
});
