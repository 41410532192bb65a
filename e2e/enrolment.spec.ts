import { expect, test } from '@playwright/test';
import { createEnrolmentCode } from '../sync-server/admin/tills';
import { openDb } from '../sync-server/db/db';
import { CheckoutPage } from './pages/checkout.page';
import { LoginPage } from './pages/login.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { attachLogsOnFailure, demoChain, startSystem, type E2ESystem, type TillHandle } from './support/system';

let system: E2ESystem | undefined;
let till: TillHandle | undefined;
test.beforeAll(async () => {
  system = await startSystem();
  till = await system.startTill('Hamra Till 1', { fresh: true });
});
test.afterEach(() => attachLogsOnFailure(system));
test.afterAll(async () => {
  await system?.stop();
});

/**
 * A fresh install (issue 11, "People and first run"), in Chromium against a till in web mode with an empty
 * database and the real sync server: the till asks for the server's address and head office's one-time code,
 * refuses a wrong code, takes the right one, waits out its first sync, then lists the store's users and sells
 * with receipts of its own prefix. Screenshot of the enrolment screen.
 */
test('a new till is set up with the server address and a one-time code, syncs, and sells', async ({ page }) => {
  if (system === undefined || till === undefined) throw new Error('the system did not start');
  const hamra = demoChain.stores.find((s) => s.name === 'Hamra');
  if (hamra === undefined) throw new Error('no demo store Hamra');
  const db = await openDb({ databaseUrl: system.database.url, poolSize: 1 });
  let code: string;
  try {
    code = (await createEnrolmentCode(db, { tenantId: demoChain.tenant.id, storeId: hamra.id, name: 'Hamra Till 3' })).code;
  } finally {
    await db.close();
  }

  await page.goto(till.url);
  await expect(page.getByTestId('enrol-screen')).toBeVisible();
  await page.getByTestId('enrol-server').fill(system.server.url);
  await page.getByTestId('enrol-code').fill('ZZZZ-ZZZZ-ZZZZ');
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('enrol-error')).toContainText('refused this code');
  await page.getByTestId('enrol-code').fill(code.toLowerCase());
  await saveScreenshot(page, 'enrolment');
  await page.getByTestId('enrol-submit').click();

  // the first sync brings the store's users: the login screen lists them
  await expect(page.getByTestId('login-screen')).toBeVisible({ timeout: 30_000 });
  const cashier = demoUser('cashier');
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const [product] = unitProducts(hamra.id, 1, { minStock: 5_000 });
  if (product === undefined) throw new Error('no stocked demo product at Hamra');
  const checkout = new CheckoutPage(page);
  await checkout.scan(barcodeOf(product));
  await checkout.payExactCash();
  const receipt = await checkout.complete();
  await expect(receipt.getByTestId('receipt-number')).toHaveText(/^H3-0*1$/);

  // enrolled once: the screen is gone for good, and the till refuses another enrolment
  await page.reload();
  await expect(page.getByTestId('enrol-screen')).toHaveCount(0);
  const again = await till.call('till.enrol', { serverUrl: system.server.url, code: 'AAAA-AAAA-AAAA' });
  expect(again).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
});
