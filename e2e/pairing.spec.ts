import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login.page';
import { demoUser } from './support/demo-data';
import { attachLogsOnFailure, startSystem } from './support/system';
import type { E2ESystem, TillHandle } from './support/system';

/** A till serving another device (a tablet at the counter) answers only browsers that opened its pairing link. */
const PAIR_TOKEN = 'e2e-pairing-token-0123456789abcdef';
let system: E2ESystem;
let till: TillHandle;

test.beforeAll(async () => {
  system = await startSystem();
  till = await system.startTill('Hamra Till 1', { sync: false, pairToken: PAIR_TOKEN });
});

test.afterEach(() => attachLogsOnFailure(system));

test.afterAll(async () => {
  await system?.stop();
});

test('without the pairing link the till refuses the browser; with it the cashier works normally', async ({ page }) => {
  await page.goto(`${till.url}/`);
  await expect(page.getByTestId('startup-error')).toBeVisible();
  await expect(page.getByTestId('login-screen')).toHaveCount(0);

  const cashier = demoUser('cashier');
  await page.goto(`${till.url}/?pair=${PAIR_TOKEN}`);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  // The token leaves the address bar (and so the history and any shared screenshot).
  expect(page.url()).not.toContain(PAIR_TOKEN);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  await page.reload();
  await expect(page.getByTestId('current-user')).toContainText(cashier.name);
});
