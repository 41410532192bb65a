import { expect, test } from '@playwright/test';
import { CheckoutPage } from './pages/checkout.page';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { ManagerPage } from './pages/manager.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');

test('a manager switches the till to Arabic with Arabic-Indic digits: the page turns right-to-left and a sale is rung up and receipted in Arabic', async ({ page }) => {
  const manager = demoUser('manager');
  const products = unitProducts(env.till.storeId, 2);

  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(manager.name, manager.pin);
  const managerPage = new ManagerPage(page);
  await managerPage.open(manager.pin);
  await managerPage.tab('settings');
  await page.getByTestId('settings-language-ar').click();
  await page.getByTestId('settings-digits-arab').click();
  // Nothing changes until the manager saves: the sample shows what it will look like.
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByTestId('settings-sample')).toHaveText(/[٠-٩]/);
  await page.getByTestId('settings-save').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await saveScreenshot(page, 'settings-arabic');

  await new HeaderBar(page).goToCheckout();
  const checkout = new CheckoutPage(page);
  for (const p of products) await checkout.scan(barcodeOf(p));
  await expect(checkout.lines()).toHaveCount(2);
  const total = products.reduce((sum, p) => sum + p.price, 0);
  expect(await checkout.amount('cart-total')).toBe(total);
  // The total is written in Arabic-Indic digits, and no Latin digit is left in it.
  await expect(page.getByTestId('cart-total')).toHaveText(/[٠-٩]/);
  await expect(page.getByTestId('cart-total')).not.toHaveText(/[0-9]/);
  await saveScreenshot(page, 'checkout-arabic');

  await checkout.payExactCash();
  const receipt = await checkout.complete();
  await expect(receipt.getByTestId('receipt-total')).toHaveAttribute('data-amount', String(total));
  await expect(receipt.getByTestId('receipt-total')).toHaveText(/[٠-٩]/);
  await saveScreenshot(page, 'receipt-arabic');

  // The choice is the till's: a reload comes back in Arabic, before anyone logs in.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});
