// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../../shared/api/branch-api';
import type { DemoProduct, DemoUser } from '../../../shared/demo';
import { pendingOps } from '../../../electron/store';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { TestPage } from '../../test-support/fake-branch';
import { CheckoutScreen } from './CheckoutScreen';

/**
 * Voids at the checkout (issue 11) against a real till backend: taking a scanned line out asks a cashier for a
 * manager's PIN and keeps the line until it is given (cancel keeps it); approved, the line goes and the void is an
 * op with both users. Throwing the basket away is a void of every line, within the same approval.
 */
let till: TempTill;
let page: TestPage;
let bread: DemoProduct;
let milk: DemoProduct;
let manager: DemoUser;

beforeEach(async () => {
  await initI18n('en');
  useCartStore.getState().reset('USD');
  till = createTempTill({ demo: { products: 12 } });
  [bread, milk] = till.stockedUnitProducts(2, { barcode: true }) as [DemoProduct, DemoProduct];
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

const onScreen = () => page.all('cart-line').map((l) => l.getAttribute('data-product-id'));
const voids = () => pendingOps(till.backend.db).filter((o) => o.type === 'line_void');
/** the PIN check is scrypt, slow on purpose: wait for what it leads to rather than a fixed pause */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await page.settle(10);
}

describe('voids at the checkout', () => {
  it('asks for a manager before a scanned line goes, keeps it on cancel, and records the approved void', async () => {
    await page.scan(bread.barcodes[0] as string);
    await page.scan(milk.barcodes[0] as string);
    const breadLine = page.all('cart-line').find((l) => l.getAttribute('data-product-id') === bread.id) as HTMLElement;
    await page.click('cart-line-void', breadLine);
    expect(page.$('void-approval')).not.toBeNull();
    expect(page.text('void-approval')).toContain(bread.name);
    await page.click('manager-pin-cancel');
    expect(onScreen()).toEqual([bread.id, milk.id]);
    expect(voids()).toHaveLength(0);

    await page.click('cart-line-void', page.all('cart-line').find((l) => l.getAttribute('data-product-id') === bread.id) as HTMLElement);
    for (const d of manager.pin) await page.click(`manager-pin-${d}`);
    await page.click('manager-pin-ok');
    await until(() => onScreen().length === 1);
    expect(onScreen()).toEqual([milk.id]);
    expect(voids()).toHaveLength(1);
    expect(voids()[0]?.payload).toMatchObject({ saleId: useCartStore.getState().cart.saleId, lines: [{ productId: bread.id, qty: 1000 }], whole: false, approvedBy: manager.id });

    // the basket thrown away, still within the manager's approval: no PIN asked again
    await page.click('cart-clear');
    await page.click('cart-clear-confirm');
    await until(() => page.$('cart-empty') !== null);
    expect(page.$('void-approval')).toBeNull();
    expect(page.$('cart-empty')).not.toBeNull();
    expect(voids().map((v) => v.payload)).toEqual([expect.objectContaining({ whole: false }), expect.objectContaining({ whole: true, lines: [{ productId: milk.id, qty: 1000 }] })]);
  });

  it('takes fewer of a scanned line only with a manager: the difference is a void', async () => {
    await page.scan(bread.barcodes[0] as string);
    await page.scan(bread.barcodes[0] as string);
    await page.scan(bread.barcodes[0] as string);
    expect(page.get('cart-line').getAttribute('data-qty')).toBe('3000');
    // a cashier types 1: nothing changes until a manager approves, and cancel keeps the three
    const box = page.get('cart-line-qty') as HTMLInputElement;
    await page.type(box, '1');
    box.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await page.settle(30);
    expect(page.$('void-approval')).not.toBeNull();
    await page.click('manager-pin-cancel');
    expect(page.get('cart-line').getAttribute('data-qty')).toBe('3000');
    expect(voids()).toHaveLength(0);
    // − once, approved: two left, and the void says one went
    await page.click('cart-line-minus');
    await page.settle(30);
    for (const d of manager.pin) await page.click(`manager-pin-${d}`);
    await page.click('manager-pin-ok');
    await until(() => page.get('cart-line').getAttribute('data-qty') === '2000');
    expect(voids().map((v) => v.payload)).toEqual([expect.objectContaining({ lines: [{ productId: bread.id, qty: 1000 }], whole: false })]);
    // more is never a void
    await page.click('cart-line-plus');
    expect(page.get('cart-line').getAttribute('data-qty')).toBe('3000');
    expect(voids()).toHaveLength(1);
  });
});
