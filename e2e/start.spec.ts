import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CheckoutPage } from './pages/checkout.page';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { barcodeOf, demoUser, unitProducts } from './support/demo-data';
import { runTs } from './support/processes';
import type { RunningProcess } from './support/processes';
import { demoChain, freePort } from './support/system';

/**
 * `npm start` on a fresh machine: the embedded sync server seeded with the demo chain, one enrolled till in web
 * mode (no Electron binary here), the URL printed; Ctrl-C stops it cleanly and a second run reuses the data.
 * It runs through scripts/bootstrap.mjs, as `npm start` does. The server and the till are separate processes:
 * stopping the server alone takes the till offline, and `npm run start:server` alone brings it back.
 */
let dataDir: string;
/** Everything started, stopped after the test even when it failed half-way (they hold ports). */
const started: RunningProcess[] = [];

test.beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'till-start-'));
});

test.afterAll(async () => {
  for (const p of started) await p.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(name: string, script: string, env: NodeJS.ProcessEnv): RunningProcess {
  const p = runTs(name, 'scripts/bootstrap.mjs', [script], env);
  started.push(p);
  return p;
}

test('npm start runs the server and the till as separate processes, stops on Ctrl-C, and keeps its data for the next run', async ({ page }) => {
  // Three starts of the whole system (two of them seeding or migrating PGlite) on a shared 2-core machine.
  test.setTimeout(360_000);
  const env = { TILL_DATA_DIR: dataDir, TILL_SERVER_PORT: String(await freePort()), TILL_WEB_PORT: String(await freePort()) };
  const cashier = demoUser('cashier');
  const till = demoChain.tills.find((t) => t.name === 'Hamra Till 1');
  if (till === undefined) throw new Error('no demo till Hamra Till 1');
  const [product] = unitProducts(till.storeId, 1, { skip: 20 });
  if (product === undefined) throw new Error('no demo product');

  const first = start('npm start (first run)', 'scripts/start.ts', env);
  const ready = await first.waitFor(/Till is running: open (http:\/\/\S+)/, 120_000);
  expect(first.output()).toContain('Seeding the demo chain');
  expect(first.output()).toMatch(/cashier PIN \d{4}, manager PIN \d{4}/);
  // The how-to lines come once both parts are up, a moment after the till's own ready line.
  await first.waitFor(/npm run start:server/);
  const url = ready[1] ?? '';
  const serverPid = Number((await first.waitFor(/Sync server is running: .* pid (\d+)\)/))[1]);

  await new LoginPage(page).open(url);
  await new LoginPage(page).loginAs(cashier.name, cashier.pin);
  const header = new HeaderBar(page);
  await header.expectBadge('online');
  const saleId = await new CheckoutPage(page).sell([barcodeOf(product)]);
  await header.syncNow();
  await header.expectQueued(0);

  // The server alone stops (its own process): the till stays up, goes offline, and keeps selling.
  process.kill(serverPid, 'SIGINT');
  await first.waitFor(/the sync server stopped/, 20_000);
  await header.expectBadge('offline');
  const offlineSaleId = await new CheckoutPage(page).sell([barcodeOf(product)]);
  await header.expectQueued(1);

  // `npm run start:server` on its own, same data folder and port: the till catches up.
  const server = start('npm run start:server', 'scripts/start-server.ts', env);
  await server.waitFor(/Sync server is running: /, 60_000);
  expect(server.output()).not.toContain('Seeding the demo chain');
  // The till's loop is backing off while offline; "Sync now" does not wait for it.
  await header.syncNow();
  await header.expectQueued(0, 30_000);
  await header.expectBadge('online');
  expect(await first.interrupt()).toBe(0);
  expect(await server.interrupt()).toBe(0);

  const second = start('npm start (second run)', 'scripts/start.ts', env);
  try {
    await second.waitFor(/Till is running: open (http:\/\/\S+)/, 120_000);
    expect(second.output()).not.toContain('Seeding the demo chain');
    await new LoginPage(page).open(url);
    await new LoginPage(page).loginAs(cashier.name, cashier.pin);
    await header.expectBadge('online');
    // Through the page's own context: its device cookie names the session the cashier logged into.
    for (const id of [saleId, offlineSaleId]) {
      const res = await page.request.post(`${url.replace(/\/$/, '')}/api/sale.get`, { data: { saleId: id } });
      expect(await res.json()).toMatchObject({ ok: true, value: { saleId: id, status: 'completed' } });
    }
    expect(await second.interrupt()).toBe(0);
  } finally {
    await second.stop();
  }
});
