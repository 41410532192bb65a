import { expect, test } from '@playwright/test';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { ManagerPage } from './pages/manager.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { attachLogsOnFailure, startSystem } from './support/system';
import type { E2ESystem, TillHandle } from './support/system';

let system: E2ESystem;
let till: TillHandle;

test.beforeAll(async () => {
  system = await startSystem();
  till = await system.startTill('Hamra Till 1');
});

test.afterEach(() => attachLogsOnFailure(system));

test.afterAll(async () => {
  await system?.stop();
});

test('a manager receives goods, records waste, and commits a stocktake after seeing its variance', async ({ page }) => {
  const cashier = demoUser('cashier');
  const manager = demoUser('manager');
  const [received, wasted, counted] = unitProducts(till.storeId, 3, { skip: 12 });
  if (received === undefined || wasted === undefined || counted === undefined) throw new Error('not enough demo products');

  await new LoginPage(page).open(till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const managerPage = new ManagerPage(page);
  // The cashier's session is elevated by the manager's PIN for these screens.
  await managerPage.open(manager.pin);

  const beforeReceive = till.onHand(received.id);
  await managerPage.receive([{ code: barcodeOf(received), productId: received.id, qty: '12' }], 'Gandour Distribution', () =>
    saveScreenshot(page, 'manager-receive'),
  );
  expect(till.onHand(received.id)).toBe(beforeReceive + 12_000);

  const beforeWaste = till.onHand(wasted.id);
  await managerPage.waste([{ code: barcodeOf(wasted), productId: wasted.id, qty: '2', reason: 'damaged' }], 'crushed in delivery', () =>
    saveScreenshot(page, 'manager-waste'),
  );
  expect(till.onHand(wasted.id)).toBe(beforeWaste - 2000);

  // Three units are missing from the shelf: the variance is shown before anything is written.
  const expected = till.onHand(counted.id);
  const shelf = expected - 3000;
  const variances = await managerPage.stocktakeReview(counted.sku, [{ productId: counted.id, counted: String(shelf / 1000) }]);
  expect(variances.get(counted.id)).toBe(-3000);
  expect(till.onHand(counted.id)).toBe(expected);
  await saveScreenshot(page, 'manager-stocktake-review');
  await managerPage.stocktakeCommit();
  expect(till.onHand(counted.id)).toBe(shelf);
  await saveScreenshot(page, 'manager-stocktake-done');

  await managerPage.tab('lowStock');
  await expect(page.getByTestId('lowstock-screen')).toBeVisible();
  await saveScreenshot(page, 'manager-low-stock');

  // Each of the three changes is an operation; the sync client delivers all of them.
  const header = new HeaderBar(page);
  await header.syncNow();
  await header.expectQueued(0, 30_000);
  expect((await system.serverLevel(counted.id, till.storeId)).onHand).toBe(shelf);
  expect((await system.serverLevel(received.id, till.storeId)).onHand).toBe(till.onHand(received.id));
});
