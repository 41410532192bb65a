import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login.page';
import { ReservationsPage } from './pages/reservations.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

/**
 * Issue 8 in Chromium, at Hamra Till 1: a cashier sets two of a product aside for a phone order, the screen shows
 * what is left to sell after it, the customer collects it (the shelf goes down by two); a second reservation,
 * held for a few seconds only, lapses on the till's clock and is released by the till, shown among what ended as
 * expired, its stock back on sale.
 */
const env = useSystemWithTill('Hamra Till 1');

test('a reservation made and fulfilled, and one expiring', async ({ page }) => {
  const cashier = demoUser('cashier');
  const [product] = unitProducts(env.till.storeId, 1, { minStock: 10_000, skip: 3 });
  if (product === undefined) throw new Error('no demo product in stock');
  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const reservations = new ReservationsPage(page);
  await reservations.open();

  // A phone order: two set aside for 24 hours. Nothing leaves the shelf; two fewer are left to sell.
  const shelf = env.till.onHand(product.id);
  const first = await reservations.reserve({ name: 'Rima Saad', phone: '+961 3 123 456' }, [{ code: barcodeOf(product), productId: product.id, qty: '2' }], '24');
  const card = reservations.card(first);
  await expect(card).toHaveAttribute('data-status', 'open');
  await expect(card.getByTestId('reservation-available')).toHaveAttribute('data-available', String(shelf - 2000));
  await expect(card.getByTestId('reservation-time-left')).toContainText('in 24 hours');
  await expect(card.getByTestId('reservation-call')).toHaveAttribute('href', 'tel:+9613123456');
  expect(env.till.onHand(product.id)).toBe(shelf);

  // A second one, held for ten seconds: it will lapse while the cashier watches.
  const second = await reservations.reserve({ name: 'Walk-in, back later' }, [{ code: barcodeOf(product), productId: product.id, qty: '1' }], '0.003');
  await expect(reservations.card(second).getByTestId('reservation-available')).toHaveAttribute('data-available', String(shelf - 3000));
  // Soonest to lapse first.
  await expect(reservations.openCards().first()).toHaveAttribute('data-reservation-id', second);
  await saveScreenshot(page, 'reservations-open');

  // The customer collects the first: it ends as fulfilled and the two leave the shelf.
  await card.getByTestId('reservation-fulfil-all').click();
  await expect(reservations.ended(first)).toHaveAttribute('data-status', 'fulfilled');
  await expect(reservations.card(first)).toHaveCount(0);
  expect(env.till.onHand(product.id)).toBe(shelf - 2000);

  // The second lapses on the till's clock; the till releases it (the list asks again every few seconds).
  await expect(reservations.ended(second)).toHaveAttribute('data-status', 'expired', { timeout: 40_000 });
  await expect(reservations.card(second)).toHaveCount(0);
  await saveScreenshot(page, 'reservations-fulfilled-and-expired');
  expect(env.till.onHand(product.id)).toBe(shelf - 2000);
});
