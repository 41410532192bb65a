/**
 * A till selling as fast as it can until it is killed: the crash-safety test SIGKILLs this process at random
 * moments. Prints "ready" once warmed up and "committed <saleId>" after each sale returns (what the cashier
 * would have seen as done), so the parent can check that every reported sale survived.
 */
import { v4 as uuidv4 } from 'uuid';
import type { BranchResult } from '../../shared/api/branch-api';
import { createTillBackend } from '../backend';
import { demoChain } from './temp-till';

const [dbPath, migrationsDir] = process.argv.slice(2);
if (dbPath === undefined) throw new Error('usage: crash-child <dbPath> [migrationsDir]');
const backend = createTillBackend({ dbPath, ...(migrationsDir === undefined ? {} : { migrationsDir }) });
const chain = demoChain();
const manager = chain.users.find((u) => u.role === 'manager');
if (manager === undefined) throw new Error('no demo manager');
const products = chain.products.filter((p) => p.active && p.unit === 'each');

async function call(method: string, input: unknown): Promise<BranchResult<unknown>> {
  return backend.dispatch(method, input);
}

const login = await call('session.login', { userId: manager.id, pin: manager.pin });
if (!login.ok) throw new Error(login.error.message);
process.stdout.write('ready\n');

let i = Number(process.pid);
for (;;) {
  const lines = [0, 1, 2].map(() => ({ productId: (products[(i = (i * 1103515245 + 12345) % 2147483648) % products.length] as { id: string }).id, qty: 1000 }));
  const saleId = uuidv4();
  const result = await call('sale.complete', { saleId, lines, tenders: [{ method: 'cash', amount: 1_000_000 }] });
  if (result.ok) {
    process.stdout.write(`committed ${saleId}\n`);
  } else if (result.error.code === 'INSUFFICIENT_STOCK') {
    const restock = await call('stock.receive', { receiptId: uuidv4(), lines: lines.map((l) => ({ productId: l.productId, qty: 50_000 })) });
    if (!restock.ok) throw new Error(restock.error.message);
  } else {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
}
