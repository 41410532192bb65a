import { expect, test } from '@playwright/test';
import { withCheckDigit } from '../shared/domain/barcode';
import { CheckoutPage } from './pages/checkout.page';
import { LoginPage } from './pages/login.page';
import { wedgeScan } from './pages/wedge';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');

test('a cashier scans three items with a wedge scanner, pays cash, gets change and a receipt; the stock drops', async ({ page }) => {
  const cashier = demoUser('cashier');
  const products = unitProducts(env.till.storeId, 3);
  const before = products.map((p) => env.till.onHand(p.id));

  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const checkout = new CheckoutPage(page);
  for (const p of products) await checkout.scan(barcodeOf(p));
  await expect(checkout.lines()).toHaveCount(3);

  // An unknown (but well-formed) barcode is refused with a message and the cart stays as it was.
  const unknown = withCheckDigit('200000000000');
  await wedgeScan(page, unknown);
  await expect(page.getByTestId('scan-status')).toHaveAttribute('data-code', unknown);
  await expect(page.getByTestId('scan-status')).toHaveAttribute('data-state', 'error');
  await expect(checkout.lines()).toHaveCount(3);

  const total = products.reduce((sum, p) => sum + p.price, 0);
  expect(await checkout.amount('cart-total')).toBe(total);
  // The customer hands over the next round ten dollars.
  const tendered = Math.ceil((total + 1) / 1000) * 1000;
  await checkout.tenderCash((tendered / 100).toFixed(2));
  await expect(page.getByTestId('change-due')).toHaveAttribute('data-amount', String(tendered - total));
  await saveScreenshot(page, 'checkout-cart');

  const receipt = await checkout.complete();
  await expect(receipt.getByTestId('receipt-line')).toHaveCount(3);
  await expect(receipt.getByTestId('receipt-total')).toHaveAttribute('data-amount', String(total));
  await expect(receipt.getByTestId('receipt-change')).toHaveAttribute('data-amount', String(tendered - total));
  await expect(receipt).toHaveAttribute('data-status', 'completed');
  await saveScreenshot(page, 'checkout-receipt');

  products.forEach((p, i) => expect(env.till.onHand(p.id), p.name).toBe((before[i] ?? 0) - 1000));
});
