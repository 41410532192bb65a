// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../../shared/api/branch-api';
import type { DemoProduct } from '../../../shared/demo';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { TestPage } from '../../test-support/fake-branch';
import { FavouritesEditor } from '../manager/FavouritesEditor';
import { SEARCH_DEBOUNCE_MS } from '../../components/ProductSearch';
import { CheckoutScreen } from './CheckoutScreen';

/**
 * The favourites grid (issue 11) against a real till backend: a manager finds two products by SKU and saves
 * them; the checkout shows them in that order, and a touch adds the product as a scan would.
 */
let till: TempTill;
let page: TestPage;
let bread: DemoProduct;
let nuts: DemoProduct;

beforeEach(async () => {
  await initI18n('en');
  useCartStore.getState().reset('USD');
  till = createTempTill({ demo: { products: 12 } });
  [bread, nuts] = till.stockedUnitProducts(2) as [DemoProduct, DemoProduct];
  await till.loginAs('manager');
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  page = new TestPage(createBranchData(createClient(bridge)));
});
afterEach(() => {
  page.unmount();
  till.cleanup();
});

async function add(sku: string): Promise<void> {
  // the cashier's finger goes to the box first (a pick before closed the list)
  await act(async () => (page.get('favourites-search-input') as HTMLInputElement).focus());
  await page.type('favourites-search-input', sku);
  // the search waits for the typing to pause, then asks the till
  await page.settle(SEARCH_DEBOUNCE_MS + 50);
  await page.settle(100);
  await page.click(page.all('favourites-search-result')[0] as HTMLElement);
}

describe('favourites', () => {
  it('are picked by a manager and rung up by touch at the checkout', async () => {
    await page.render(<FavouritesEditor />);
    await add(nuts.sku);
    await add(bread.sku);
    expect(page.all('favourites-item').map((i) => i.getAttribute('data-product-id'))).toEqual([nuts.id, bread.id]);
    await page.click('favourites-save');
    expect(page.$('favourites-saved')).not.toBeNull();

    await page.render(<CheckoutScreen />);
    await page.settle(30);
    expect(page.all('favourite').map((b) => b.getAttribute('data-product-id'))).toEqual([nuts.id, bread.id]);
    await page.click(page.all('favourite')[1] as HTMLElement);
    expect(page.all('cart-line').map((l) => l.getAttribute('data-product-id'))).toEqual([bread.id]);
  });
});
