/**
 * A till selling until it is killed, for the crash-safety test. Usage:
 *   crash-child <dbPath> <migrationsDir> <seed> random
 *       sells as fast as it can; the parent SIGKILLs it at a random moment. Prints "ready" once warmed up and
 *       "committed <saleId>" after each sale returns (what the cashier would have seen as done).
 *   crash-child <dbPath> <migrationsDir> <seed> inside:<table> <warmSales>
 *       completes <warmSales> sales, prints "before <row counts as JSON>", then starts one more sale with a
 *       crash point armed: a TEMP trigger on <table> (fired by that sale's own write, on this connection, so
 *       inside its transaction) prints "inside <table> <saleId> <inTransaction>" and blocks until the parent's
 *       SIGKILL arrives. The kill therefore lands provably between the sale's first write and its commit.
 */
import { writeSync } from 'node:fs';
import { v4 as uuidv4 } from 'uuid';
import type { BranchResult } from '../../shared/api/branch-api';
import { createTillBackend } from '../backend';
import { rowCounts } from './ledger-invariants';
import { demoChain } from './temp-till';

/** The writes of one sale and the trigger event each makes (sales.ts writes all of them in one transaction). */
const CRASH_POINTS = {
  ops: 'INSERT',
  till_config: 'UPDATE',
  sales: 'INSERT',
  sale_lines: 'INSERT',
  movements: 'INSERT',
  levels: 'UPDATE',
  tenders: 'INSERT',
} as const;
type CrashPoint = keyof typeof CRASH_POINTS;

const [dbPath, migrationsDir, seedText, mode, warmText] = process.argv.slice(2);
if (dbPath === undefined || migrationsDir === undefined || seedText === undefined || mode === undefined) {
  throw new Error('usage: crash-child <dbPath> <migrationsDir> <seed> random | inside:<table> <warmSales>');
}
const backend = createTillBackend({ dbPath, migrationsDir });
const chain = demoChain();
const manager = chain.users.find((u) => u.role === 'manager');
if (manager === undefined) throw new Error('no demo manager');
const products = chain.products.filter((p) => p.active && p.unit === 'each');

let prng = Number(seedText) >>> 0;
function nextIndex(n: number): number {
  prng = (Math.imul(prng, 1103515245) + 12345) >>> 0;
  return (prng >>> 8) % n;
}

async function call(method: string, input: unknown): Promise<BranchResult<unknown>> {
  return backend.dispatch(method, input);
}

/** One sale of three random products; restocks and retries when the shelf ran out. */
async function sellOne(beforeAttempt: (saleId: string) => void = () => undefined): Promise<string> {
  for (;;) {
    const lines = [0, 1, 2].map(() => ({ productId: (products[nextIndex(products.length)] as { id: string }).id, qty: 1000 }));
    const saleId = uuidv4();
    beforeAttempt(saleId);
    const result = await call('sale.complete', { saleId, lines, tenders: [{ method: 'cash', amount: 1_000_000 }] });
    if (result.ok) return saleId;
    if (result.error.code !== 'INSUFFICIENT_STOCK') throw new Error(`${result.error.code}: ${result.error.message}`);
    disarm();
    const restock = await call('stock.receive', { receiptId: uuidv4(), lines: lines.map((l) => ({ productId: l.productId, qty: 50_000 })) });
    if (!restock.ok) throw new Error(restock.error.message);
  }
}

/** Synchronous, so every line is in the pipe before the thread blocks or dies. */
function out(text: string): void {
  writeSync(1, text);
}

let armed = false;
let inFlightSaleId = '';
function disarm(): void {
  armed = false;
}

const login = await call('session.login', { userId: manager.id, pin: manager.pin });
if (!login.ok) throw new Error(login.error.message);

if (mode === 'random') {
  out('ready\n');
  for (;;) {
    const saleId = await sellOne();
    out(`committed ${saleId}\n`);
  }
}

const table = mode.slice('inside:'.length) as CrashPoint;
if (!mode.startsWith('inside:') || !(table in CRASH_POINTS)) throw new Error(`unknown mode ${mode}`);
const db = backend.db.db;
db.function('crash_point', { deterministic: false, varargs: false }, (name: unknown) => {
  if (!armed) return 0;
  // Synchronous write: it must reach the parent before this thread blocks.
  writeSync(1, `inside ${String(name)} ${inFlightSaleId} ${db.inTransaction ? 'in-transaction' : 'autocommit'}\n`);
  // Block right here, mid-statement, until the SIGKILL: nothing after this write runs, nothing commits.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return 0;
});
// TEMP: lives in this connection only, never in the database file the parent inspects.
db.exec(`CREATE TEMP TRIGGER crash_point_${table} AFTER ${CRASH_POINTS[table]} ON main.${table} BEGIN SELECT crash_point('${table}'); END`);

out('ready\n');
const warm = Number(warmText ?? '1');
for (let i = 0; i < warm; i++) out(`committed ${await sellOne()}\n`);
await sellOne((saleId) => {
  inFlightSaleId = saleId;
  out(`before ${JSON.stringify(rowCounts(backend.db))}\n`);
  armed = true;
});
out('the armed sale completed without reaching its crash point\n');
process.exit(3);
