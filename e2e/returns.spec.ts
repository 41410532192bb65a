import { expect, test } from '@playwright/test';
import { CheckoutPage } from './pages/checkout.page';
import { LoginPage } from './pages/login.page';
import { wedgeScan } from './pages/wedge';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');

test('a customer brings one of two items back: the cashier scans the receipt, a manager approves, the cash refund is shown', async ({ page }) => {
  const cashier = demoUser('cashier');
  const manager = demoUser('manager');
  const [product] = unitProducts(env.till.storeId, 1, { minStock: 10_000 });
  if (product === undefined) throw new Error('no demo product');

  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const checkout = new CheckoutPage(page);
  await checkout.scan(barcodeOf(product));
  await checkout.scan(barcodeOf(product));
  await checkout.payExactCash();
  const receipt = await checkout.complete();
  const total = await checkout.amount('receipt-total');
  const saleId = (await receipt.getAttribute('data-sale-id')) ?? '';
  // the barcode at the foot of the receipt is drawn, and carries the sale's code
  const barcode = receipt.getByTestId('receipt-barcode');
  await expect(barcode.locator('svg')).toBeVisible();
  const code = (await barcode.getAttribute('data-code')) ?? '';
  expect(code).toMatch(/^80\d{40}$/);
  await saveScreenshot(page, 'receipt-with-sale-barcode');
  await checkout.newSale();

  // the customer comes back: the cashier scans the receipt at the checkout, which opens the return
  await wedgeScan(page, code);
  const form = page.getByTestId('return-form');
  await expect(form).toBeVisible();
  await expect(form).toHaveAttribute('data-sale-id', saleId);
  await expect(page.getByTestId('return-line-left')).toContainText('2');
  await page.getByTestId('return-line-qty').fill('1');
  await page.getByTestId('return-reason').fill('wrong flavour');
  const part = page.getByTestId('refund-part');
  await expect(part).toHaveCount(1);
  await expect(part).toHaveAttribute('data-method', 'cash');
  // one of two: its half of the sale, in cash (the sale was paid in cash)
  await expect(part).toHaveAttribute('data-amount', String(Math.floor(total / 2)));
  await saveScreenshot(page, 'return-preview');

  await page.getByTestId('return-submit').click();
  await expect(page.getByTestId('manager-approval')).toBeVisible();
  for (const d of manager.pin) await page.getByTestId(`manager-pin-${d}`).click();
  await page.getByTestId('manager-pin-ok').click();
  const done = page.getByTestId('return-done');
  await expect(done).toBeVisible();
  await expect(done).toContainText(manager.name);
  await saveScreenshot(page, 'return-done');

  // the same receipt again: one is left to come back
  await page.getByTestId('return-next').click();
  await page.getByTestId('return-code').fill(code);
  await page.getByTestId('return-find').click();
  await expect(page.getByTestId('return-line-left')).toContainText('1');
});
