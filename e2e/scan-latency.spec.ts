import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login.page';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { measureScanToCart } from './support/scan-latency';
import { attachLogsOnFailure, startSystem } from './support/system';
import type { E2ESystem, TillHandle } from './support/system';

/**
 * The measurement behind bench/scan.bench.ts (scan_to_cart.p95_ms): every wedge scan that reaches the cart
 * yields exactly one `scan-to-cart` measure. How fast is for the benchmark to judge, not for a test.
 */
let system: E2ESystem;
let till: TillHandle;

test.beforeAll(async () => {
  system = await startSystem();
  till = await system.startTill('Hamra Till 1', { sync: false });
});

test.afterEach(() => attachLogsOnFailure(system));

test.afterAll(async () => {
  await system?.stop();
});

test('every scan that reaches the cart is measured once in the browser', async ({ page }) => {
  const cashier = demoUser('cashier');
  await new LoginPage(page).open(till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const codes = unitProducts(till.storeId, 8, { minStock: 5000 }).map(barcodeOf);

  const durations = await measureScanToCart(page, codes, 40);
  expect(durations).toHaveLength(40);
  for (const d of durations) expect(Number.isFinite(d) && d >= 0).toBe(true);
  // 40 scans of 8 products: 8 lines, 5 of each.
  await expect(page.getByTestId('cart-line')).toHaveCount(8);
  for (const row of await page.getByTestId('cart-line').all()) await expect(row).toHaveAttribute('data-qty', '5000');
});
