import { createTestDatabase } from './test-support/test-db';
import { listenApp } from './test-support/harness';
import { TestTill } from './test-support/client';
import { drainQueue } from './test-support/drain';
import { testProduct } from './test-support/fixtures';
import { createLocation, createTenant, createUser, enrollTill, putProducts, receiveStock } from './admin/service';
const tdb = await createTestDatabase('till_probe', { poolSize: Number(process.env.POOL ?? 12) });
const child = process.env.CHILD ? await (await import('./test-support/server-process')).startServerProcess({ DATABASE_URL: tdb.url }) : null;
const { app, url } = child ? { app: null, url: child.url } : await listenApp(tdb.db);
const { tenantId } = await createTenant(tdb.db, { name: 'P', currency: 'USD' });
const { userId } = await createUser(tdb.db, { tenantId, name: 'C', role: 'cashier', pin: '1111' });
const catalog = Array.from({ length: 500 }, (_, i) => testProduct(i));
await putProducts(tdb.db, tenantId, catalog);
const tills: TestTill[] = [];
for (let s = 0; s < 10; s++) {
  const { locationId } = await createLocation(tdb.db, { tenantId, name: `S${s}`, kind: 'store' });
  await receiveStock(tdb.db, tenantId, locationId, catalog.map((p) => ({ productId: p.id, qty: 1e12 })));
  for (let t = 0; t < 5; t++) { const e = await enrollTill(tdb.db, { tenantId, storeId: locationId, name: `S${s}T${t}` }); tills.push(new TestTill(url, e.tillId, e.token, userId, false)); }
}
const N = Number(process.env.N ?? 600);
const queues = tills.map((t, j) => Array.from({ length: N }, (_, i) => t.sale([0, 1, 2].map((k) => ({ productId: catalog[(i * 7 + k * 13 + j * 31) % 500]!.id, qty: 1000 })))));
const { readFileSync } = await import('node:fs');
const stat = () => readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
const s0 = stat();
const c0 = process.cpuUsage(); const t0 = performance.now();
await Promise.all(tills.map((t, i) => drainQueue(t, queues[i]!)));
const wall = (performance.now() - t0) / 1000; const c = process.cpuUsage(c0);
const s1 = stat(); const d = s1.map((v, i) => v - s0[i]!); const tot = d.reduce((a, b) => a + b, 0);
console.log(`idle ${(100 * (d[3]! + d[4]!) / tot).toFixed(0)}% user ${(100 * d[0]! / tot).toFixed(0)}% sys ${(100 * d[2]! / tot).toFixed(0)}%`);
console.log(`ops ${tills.length * N} wall ${wall.toFixed(2)}s rate ${(tills.length * N / wall).toFixed(0)} node cpu ${((c.user + c.system) / 1e6).toFixed(2)}s`);
await app?.close(); await child?.stop(); await tdb.drop();
