import { expect, test } from '@playwright/test';
import { CheckoutPage } from './pages/checkout.page';
import { LoginPage } from './pages/login.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');

test('a cashier finds an earlier sale by its receipt number and reprints it marked COPY; the original receipt never is', async ({ page }) => {
  // The browser's print dialog would wait for a person: count the prints instead.
  await page.addInitScript(() => {
    // runs in the page (this file is type-checked without the DOM library, hence globalThis)
    const w = globalThis as unknown as { prints: number; print: () => void };
    w.prints = 0;
    w.print = () => {
      w.prints++;
    };
  });
  const cashier = demoUser('cashier');
  const [first, second] = unitProducts(env.till.storeId, 2);
  if (first === undefined || second === undefined) throw new Error('not enough demo products');

  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const checkout = new CheckoutPage(page);
  await checkout.scan(barcodeOf(first));
  await checkout.payExactCash();
  const original = await checkout.complete();
  await expect(original).toHaveAttribute('data-copy', 'false');
  await expect(original.getByTestId('receipt-copy')).toHaveCount(0);
  const number = (await original.getAttribute('data-number')) ?? '';
  expect(number).not.toBe('');
  await checkout.newSale();
  await checkout.sell([barcodeOf(second)]);

  await page.getByTestId('nav-receipts').click();
  await expect(page.getByTestId('receipts-screen')).toBeVisible();
  await page.getByTestId('receipts-search').fill(number);
  await page.getByTestId('receipts-find').click();
  await expect(page.getByTestId('receipts-row')).toHaveCount(1);
  await expect(page.getByTestId('receipts-row')).toHaveAttribute('data-number', number);
  await page.getByTestId('receipts-open').click();

  const past = page.getByTestId('past-receipt');
  await expect(past.getByTestId('receipt')).toHaveAttribute('data-number', number);
  await expect(past.getByTestId('receipt')).toHaveAttribute('data-copy', 'false');
  await past.getByTestId('receipt-reprint').click();
  await expect(past.getByTestId('receipt')).toHaveAttribute('data-copy', 'true');
  await expect(past.getByTestId('receipt-copy').first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { prints: number }).prints)).toBe(1);
  await saveScreenshot(page, 'receipt-reprint-copy');
});
