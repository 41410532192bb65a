import { expect, test } from '@playwright/test';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { ManagerPage } from './pages/manager.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');

test('a manager receives goods, records waste, and commits a stocktake after seeing its variance', async ({ page }) => {
  const cashier = demoUser('cashier');
  const manager = demoUser('manager');
  const [received, wasted, counted] = unitProducts(env.till.storeId, 3, { skip: 12 });
  if (received === undefined || wasted === undefined || counted === undefined) throw new Error('not enough demo products');

  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const managerPage = new ManagerPage(page);
  // The cashier's session is elevated by the manager's PIN for these screens.
  await managerPage.open(manager.pin);

  const beforeReceive = env.till.onHand(received.id);
  await managerPage.receive([{ code: barcodeOf(received), productId: received.id, qty: '12' }], 'Gandour Distribution', () =>
    saveScreenshot(page, 'manager-receive'),
  );
  expect(env.till.onHand(received.id)).toBe(beforeReceive + 12_000);

  const beforeWaste = env.till.onHand(wasted.id);
  await managerPage.waste([{ code: barcodeOf(wasted), productId: wasted.id, qty: '2', reason: 'damaged' }], 'crushed in delivery', () =>
    saveScreenshot(page, 'manager-waste'),
  );
  expect(env.till.onHand(wasted.id)).toBe(beforeWaste - 2000);

  // Three units are missing from the shelf: the variance is shown before anything is written.
  const expected = env.till.onHand(counted.id);
  const shelf = expected - 3000;
  const variances = await managerPage.stocktakeReview(counted.sku, [{ productId: counted.id, counted: String(shelf / 1000) }]);
  expect(variances.get(counted.id)).toBe(-3000);
  expect(env.till.onHand(counted.id)).toBe(expected);
  await saveScreenshot(page, 'manager-stocktake-review');
  await managerPage.stocktakeCommit();
  expect(env.till.onHand(counted.id)).toBe(shelf);
  await saveScreenshot(page, 'manager-stocktake-done');

  await managerPage.tab('lowStock');
  await expect(page.getByTestId('lowstock-screen')).toBeVisible();
  await saveScreenshot(page, 'manager-low-stock');

  // Each of the three changes is an operation; the sync client delivers all of them.
  const header = new HeaderBar(page);
  await header.syncNow();
  await header.expectQueued(0, 30_000);
  expect((await env.system.serverLevel(counted.id, env.till.storeId)).onHand).toBe(shelf);
  expect((await env.system.serverLevel(received.id, env.till.storeId)).onHand).toBe(env.till.onHand(received.id));
});
