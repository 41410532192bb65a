import { createTestDatabase } from './test-support/test-db';
import { seedTestChain } from './test-support/fixtures';
import { TestTill } from './test-support/client';
import { buildApp } from './app';
import type { Db, Queryable } from './db/db';

const tdb = await createTestDatabase('till_probe');
const stats = new Map<string, { n: number; ms: number }>();
const wrapQ = (q: Queryable): Queryable => ({
  async query(sql, params) {
    const t = performance.now();
    try { return await q.query(sql, params); } finally {
      const k = sql.trim().replace(/\s+/g, ' ').slice(0, 60);
      const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(k, s);
    }
  },
});
const db: Db = { ...tdb.db, kind: tdb.db.kind, query: wrapQ(tdb.db).query, transaction: (fn) => tdb.db.transaction((tx) => fn(wrapQ(tx))), close: () => tdb.db.close() };
const chain = await seedTestChain(tdb.db, { products: 500, stock: 1_000_000_000 });
const app = await buildApp({ db });
await app.listen({ port: 0, host: '127.0.0.1' });
const a = app.server.address() as { port: number };
const t = chain.tills[0]!;
const till = new TestTill(`http://127.0.0.1:${a.port}`, t.tillId, t.token, chain.cashierId);
const ops = Array.from({ length: 2000 }, (_, i) => till.sale([0, 1, 2].map((k) => ({ productId: chain.products[(i * 7 + k * 13) % 500]!.id, qty: 1000 }))));
stats.clear();
const t0 = performance.now();
for (let i = 0; i < 2000; i += 500) await till.push(ops.slice(i, i + 500));
console.log('total ms', performance.now() - t0);
console.log([...stats.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 15).map(([k, v]) => `${v.ms.toFixed(0).padStart(7)} ${String(v.n).padStart(5)} ${k}`).join('\n'));
await app.close(); await tdb.drop();
