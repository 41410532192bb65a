import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { CheckoutPage } from './pages/checkout.page';
import { ConflictsPage } from './pages/conflicts.page';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { attachLogsOnFailure, demoChain, startSystem } from './support/system';
import type { E2ESystem, TillHandle } from './support/system';

let system: E2ESystem;
let till1: TillHandle;
let till2: TillHandle;

test.beforeAll(async () => {
  system = await startSystem();
  till1 = await system.startTill('Hamra Till 1');
  till2 = await system.startTill('Hamra Till 2');
});

test.afterEach(() => attachLogsOnFailure(system));

test.afterAll(async () => {
  await system?.stop();
});

async function expectOk<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Through the till's API (the UI for stocktakes has its own test): the shelf holds exactly one unit. */
async function leaveOneUnit(till: TillHandle, productId: string): Promise<void> {
  const manager = demoUser('manager');
  await expectOk(till.call('session.login', { userId: manager.id, pin: manager.pin }));
  await expectOk(till.call('session.elevate', { pin: manager.pin }));
  await expectOk(till.call('stock.stocktake', { stocktakeId: uuidv7(), counts: [{ productId, counted: 1000 }] }));
  await expectOk(till.call('session.logout'));
}

/** Asked as the cashier's own browser: each device has its own session, and this page's cashier is logged in. */
async function saleStatus(page: Page, till: TillHandle, saleId: string): Promise<string> {
  const res = await page.request.post(`${till.url}/api/sale.get`, { data: { saleId } });
  return (await expectOk(res.json() as Promise<{ ok: true; value: { status: string } } | { ok: false; error: { code: string; message: string } }>)).status;
}

async function syncUntil(till: TillHandle, done: () => boolean | Promise<boolean>): Promise<void> {
  await expect
    .poll(async () => {
      await till.call('sync.now');
      return done();
    }, { timeout: 30_000 })
    .toBe(true);
}

async function openTill(browser: Browser, till: TillHandle, cashierName: string, pin: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await new LoginPage(page).open(till.url);
  await new LoginPage(page).loginAs(cashierName, pin);
  return page;
}

test('two tills sell the last unit offline; the later one to sync is reversed and lands in the conflict queue', async ({ browser }) => {
  const [product] = unitProducts(till1.storeId, 1, { skip: 8 });
  if (product === undefined) throw new Error('no demo product');
  const cashiers = demoChain.users.filter((u) => u.role === 'cashier');
  const [cashierA, cashierB] = cashiers;
  if (cashierA === undefined || cashierB === undefined) throw new Error('the demo chain needs two cashiers');

  // Both tills and the server agree that one unit is left.
  await leaveOneUnit(till1, product.id);
  await syncUntil(till1, async () => (await system.serverLevel(product.id, till1.storeId)).onHand === 1000);
  await syncUntil(till2, () => till2.onHand(product.id) === 1000);

  const page1 = await openTill(browser, till1, cashierA.name, cashierA.pin);
  const page2 = await openTill(browser, till2, cashierB.name, cashierB.pin);
  const header1 = new HeaderBar(page1);
  const header2 = new HeaderBar(page2);
  await header1.expectQueued(0);
  await header2.expectQueued(0);

  await system.server.stop();
  await header1.expectBadge('offline');
  await header2.expectBadge('offline');

  const saleA = await new CheckoutPage(page1).sell([barcodeOf(product)]);
  // Till 2's customer leaves a phone number: the sale cannot be honoured, and someone has to call.
  await page2.getByTestId('contact-open').click();
  await page2.getByTestId('contact-name').fill('Nadine Karam');
  await page2.getByTestId('contact-phone').fill('+961 3 123 456');
  await page2.getByTestId('contact-save').click();
  const saleB = await new CheckoutPage(page2).sell([barcodeOf(product)]);
  await header1.expectQueued(1);
  await header2.expectQueued(1);

  // Till 2 stays off the network (powered off) while till 1 reconnects first.
  await till2.stop();
  await system.server.start();
  await header1.syncNow();
  await header1.expectQueued(0, 30_000);
  expect((await system.serverLevel(product.id, till1.storeId)).onHand).toBe(0);
  expect(await saleStatus(page1, till1, saleA)).toBe('completed');

  // Then till 2 comes back: its sale reaches the server second, finds nothing left, and is reversed.
  await till2.start();
  await page2.reload();
  await new LoginPage(page2).loginAs(cashierB.name, cashierB.pin);
  await header2.syncNow();
  await header2.expectQueued(0, 30_000);
  await expect
    .poll(async () => saleStatus(page2, till2, saleB), { timeout: 30_000 })
    .toBe('reversed');
  await expect(page2.getByTestId('sync-conflicts')).toBeVisible({ timeout: 30_000 });

  // Everyone agrees on the shelf: nothing left, and the reversed sale did not take stock below zero.
  await syncUntil(till1, () => till1.onHand(product.id) === 0);
  expect(till2.onHand(product.id)).toBe(0);
  expect((await system.serverLevel(product.id, till1.storeId)).onHand).toBe(0);

  // The manager works the queue on till 2: contact the customer, then resolve with a refund.
  const conflicts = new ConflictsPage(page2);
  await conflicts.open(demoUser('manager').pin);
  await expect(conflicts.rows()).toHaveCount(1, { timeout: 20_000 });
  const row = conflicts.rows().first();
  await expect(row).toHaveAttribute('data-state', 'open');
  await expect(row.getByTestId('conflict-contact')).toContainText('Nadine Karam');
  const conflictId = (await row.getAttribute('data-conflict-id')) ?? '';
  await saveScreenshot(page2, 'conflict-queue-open');

  await conflicts.filter('all');
  await conflicts.markContacted(conflictId, 'Called, customer prefers a refund');
  await saveScreenshot(page2, 'conflict-queue-contacted');
  await conflicts.resolve(conflictId, 'refund', 'Refunded at the counter');
  await expect(conflicts.row(conflictId)).toHaveAttribute('data-state', 'resolved');
  await saveScreenshot(page2, 'conflict-queue-resolved');

  // The resolution reaches the server through the sync client.
  await syncUntil(till2, async () => (await system.serverConflictState(conflictId)) === 'resolved');
});
