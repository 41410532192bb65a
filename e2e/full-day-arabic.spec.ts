import { expect, test } from '@playwright/test';
import { CheckoutPage } from './pages/checkout.page';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { ManagerPage } from './pages/manager.page';
import { wedgeScan } from './pages/wedge';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');

/**
 * A day at a Lebanese till in Arabic, right to left, in Chromium (issue 11): the manager switches the till to
 * Arabic with Arabic-Indic digits and posts the day's rate; the cashier opens a shift with floats in dollars and
 * pounds; sells with a discounted line, paid partly in dollars and partly in pounds with the change in pounds;
 * takes one item back by scanning the receipt's barcode, with the manager's PIN; reads the X report; and closes,
 * counting each currency with a dollar short, into Z 1. Screenshots of the checkout, the receipt, the return and
 * the Z report.
 */
test('a full day in Arabic: shift in two currencies, a discounted mixed-currency sale, a return by barcode, X and Z', async ({ page }) => {
  test.setTimeout(120_000);
  const manager = demoUser('manager');
  const cashier = demoUser('cashier');
  const [product] = unitProducts(env.till.storeId, 1, { minStock: 10_000 });
  if (product === undefined) throw new Error('no demo product');
  const header = new HeaderBar(page);

  // the manager: Arabic with Arabic-Indic digits, and the day's rate
  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(manager.name, manager.pin);
  const managerPage = new ManagerPage(page);
  await managerPage.open(manager.pin);
  await managerPage.tab('settings');
  await page.getByTestId('settings-language-ar').click();
  await page.getByTestId('settings-digits-arab').click();
  await page.getByTestId('settings-save').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await managerPage.tab('rates');
  await page.getByTestId('rate-input').fill('89500');
  await page.getByTestId('rate-post').click();
  await expect(page.getByTestId('rate-current')).toHaveAttribute('data-rate', '89500');
  await header.logout();

  // the cashier opens the shift: $100 and 1,000,000 LBP
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  await page.getByTestId('nav-shift').click();
  await page.getByTestId('float-USD').fill('100');
  await page.getByTestId('float-LBP').fill('1000000');
  await page.getByTestId('shift-open-submit').click();
  await expect(page.getByTestId('x-report')).toBeVisible();

  // a sale of two, 5% off the line (within the shop's 10%), $10 in dollars and the rest in pounds, change in pounds
  await header.goToCheckout();
  const checkout = new CheckoutPage(page);
  await checkout.scan(barcodeOf(product));
  await checkout.scan(barcodeOf(product));
  await page.getByTestId('cart-line-discount-open').click();
  await page.getByTestId('discount-value').fill('5');
  await page.getByTestId('discount-apply').click();
  const shelf = product.price * 2;
  const total = shelf - Math.round((shelf * 5) / 100);
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-amount', String(total));
  await expect(page.getByTestId('cart-total')).toHaveText(/[٠-٩]/);
  await page.getByTestId('cash-currency-USD').click();
  const dollars = Math.min(10_00, total - 1);
  await page.getByTestId('cash-input').fill((dollars / 100).toFixed(2));
  await page.getByTestId('cash-add').click();
  // the rest in pounds, rounded up to the next 100,000 note
  const restLbp = Math.ceil((((total - dollars) * 89_500) / 100 + 1) / 100_000) * 100_000;
  await page.getByTestId('cash-currency-LBP').click();
  await page.getByTestId('cash-input').fill(String(restLbp));
  await page.getByTestId('cash-add').click();
  const confirm = page.getByTestId('cash-confirm');
  if (await confirm.isVisible()) await confirm.getByRole('button').first().click();
  await page.getByTestId('change-in-quote').click();
  await saveScreenshot(page, 'day-ar-checkout');
  const receipt = await checkout.complete();
  await expect(receipt.getByTestId('receipt-line-discount')).toBeVisible();
  const code = (await receipt.getByTestId('receipt-barcode').getAttribute('data-code')) ?? '';
  await expect(receipt.getByTestId('receipt-barcode').locator('svg')).toBeVisible();
  await saveScreenshot(page, 'day-ar-receipt');
  await checkout.newSale();

  // the customer brings one back: the receipt's barcode, one unit, the manager's PIN, refunded in the tenders
  await wedgeScan(page, code);
  await expect(page.getByTestId('return-form')).toBeVisible();
  await page.getByTestId('return-line-qty').fill('1');
  await page.getByTestId('return-reason').fill('مقاس خاطئ');
  await expect(page.getByTestId('refund-part').first()).toBeVisible();
  await page.getByTestId('return-submit').click();
  for (const d of manager.pin) await page.getByTestId(`manager-pin-${d}`).click();
  await page.getByTestId('manager-pin-ok').click();
  await expect(page.getByTestId('return-done')).toBeVisible();
  await saveScreenshot(page, 'day-ar-return');

  // X report, then closing: each currency counted, a dollar short in the drawer
  await page.getByTestId('nav-shift').click();
  await expect(page.getByTestId('x-report')).toBeVisible();
  const column = (currency: string) => page.getByTestId('drawer-column').and(page.locator(`[data-currency="${currency}"]`));
  const expectedUsd = Number(await column('USD').getAttribute('data-expected'));
  const expectedLbp = Number(await column('LBP').getAttribute('data-expected'));
  const refundsShown = await page.getByTestId('drawer-refunds').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-amount'))));
  expect(refundsShown.some((r) => r > 0)).toBe(true);
  await page.getByTestId('count-USD').fill(((expectedUsd - 1_00) / 100).toFixed(2));
  await page.getByTestId('count-LBP').fill(String(expectedLbp));
  await expect(page.getByTestId('difference-USD')).toHaveAttribute('data-difference', '-100');
  await page.getByTestId('shift-close-submit').click();
  const z = page.getByTestId('z-report');
  await expect(z).toHaveAttribute('data-number', '1');
  await expect(z.getByTestId('z-column').and(page.locator('[data-currency="USD"]'))).toHaveAttribute('data-difference', '-100');
  await expect(z.getByTestId('z-title')).toHaveText(/[٠-٩]/);
  // the Z report says what the day's discounts took off and what its returns refunded
  await expect(z.getByTestId('z-discounts')).toHaveAttribute('data-amount', String(shelf - total));
  expect(Number(await z.getByTestId('z-refunded').getAttribute('data-amount'))).toBeGreaterThan(0);
  await saveScreenshot(page, 'day-ar-z-report');
});
