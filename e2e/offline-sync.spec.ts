import { expect, test } from '@playwright/test';
import { CheckoutPage } from './pages/checkout.page';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, stockAt, unitProducts } from './support/demo-data';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');

test('sales go on while the sync server is down; the queue drains when it is back', async ({ page }) => {
  const cashier = demoUser('cashier');
  const [a, b, c] = unitProducts(env.till.storeId, 3, { skip: 3 });
  if (a === undefined || b === undefined || c === undefined) throw new Error('not enough demo products');
  const header = new HeaderBar(page);
  const checkout = new CheckoutPage(page);

  await new LoginPage(page).open(env.till.url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  await header.expectBadge('online');
  await header.expectQueued(0);

  await env.system.server.stop();
  await checkout.sell([barcodeOf(a)]);
  await header.expectBadge('offline');
  await checkout.sell([barcodeOf(b), barcodeOf(c)]);
  await checkout.sell([barcodeOf(a), barcodeOf(c)]);
  // Three sales written locally, none acknowledged: the queue grows while the badge says offline.
  await header.expectQueued(3);
  await header.expectBadge('offline');
  await saveScreenshot(page, 'offline-queue');

  await env.system.server.start();
  // The loop is backing off; "Sync now" does not wait for it.
  await header.syncNow();
  await header.expectQueued(0, 30_000);
  await header.expectBadge('online');
  await saveScreenshot(page, 'online-drained');

  // The server applied each sale once: the till's levels, rebased on the server's, still show all three.
  const sold = new Map([[a.id, 2000], [b.id, 1000], [c.id, 2000]]);
  const sync = await env.till.call<{ queued: number }>('sync.status');
  expect(sync).toMatchObject({ ok: true, value: { queued: 0 } });
  for (const [productId, qty] of sold) {
    const row = await env.system.serverLevel(productId, env.till.storeId);
    expect(row.onHand, productId).toBe(stockAt(productId, env.till.storeId) - qty);
    expect(env.till.onHand(productId), productId).toBe(row.onHand);
  }
});
