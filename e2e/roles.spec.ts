import { expect, test } from '@playwright/test';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { ManagerPage } from './pages/manager.page';
import { demoUser } from './support/demo-data';
import { useSystemWithTill } from './support/system';

/**
 * Every role logs in with its own PIN and reaches every screen it may use. A manager or head-office user holds
 * manager access for their whole session (the backend says so with no expiry), so the manager screens open
 * without a second PIN; a cashier reaches them only after a manager's PIN.
 */
const env = useSystemWithTill('Hamra Till 1');

test.afterEach(async () => {
  // The next test starts at the login screen whatever this one left behind.
  await env.till.call('session.logout');
});

test('a cashier reaches the checkout, and the manager screens only after a manager types their PIN', async ({ page }) => {
  const cashier = demoUser('cashier');
  const manager = demoUser('manager');
  const login = new LoginPage(page);
  await login.open(env.till.url);
  await login.loginAs(cashier.name, cashier.pin);
  await expect(page.getByTestId('checkout-screen')).toBeVisible();

  await new HeaderBar(page).goToManager();
  await expect(page.getByTestId('manager-gate')).toBeVisible();
  await expect(page.getByTestId('manager-screens')).toHaveCount(0);
  const screens = new ManagerPage(page);
  await screens.open(manager.pin);
  await expect(page.getByTestId('manager-until')).toHaveAttribute('data-kind', 'until');
  await screens.visitEveryTab();
  await new HeaderBar(page).goToCheckout();
  await new HeaderBar(page).logout();
});

for (const role of ['manager', 'head_office'] as const) {
  test(`a ${role} user logged in with their own PIN opens every manager screen without a second PIN, and the checkout`, async ({ page }) => {
    const user = demoUser(role);
    const login = new LoginPage(page);
    await login.open(env.till.url);
    await login.loginAs(user.name, user.pin);
    await expect(page.getByTestId('checkout-screen')).toBeVisible();

    await new HeaderBar(page).goToManager();
    // No gate: the screens open at once, and say the access lasts for the session.
    await expect(page.getByTestId('manager-screens')).toBeVisible();
    await expect(page.getByTestId('manager-gate')).toHaveCount(0);
    await expect(page.getByTestId('manager-until')).toHaveAttribute('data-kind', 'session');
    await expect(page.getByTestId('manager-until')).toContainText(user.name);
    await new ManagerPage(page).visitEveryTab();

    await new HeaderBar(page).goToCheckout();
    await new HeaderBar(page).logout();
  });
}
