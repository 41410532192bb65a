import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v4 as uuidv4 } from 'uuid';
import type { BranchResult, ProductView, ReceiptView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { available } from '../../shared/domain/movement';
import { isFractionalUnit } from '../../shared/domain/units';
import { readLevel } from '../store';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Model-based fuzzing of the branch API: sequences of sales, receipts, waste, barcode lookups and repeats whose
 * inputs are valid in shape (real product ids and barcodes of this till, in-range quantities, tenders worked
 * out from the catalog's prices), so every call reaches its handler. A plain Map of the available stock and
 * the catalog's prices predict each answer: which calls must succeed, which must be refused and with which
 * codes, every receipt total, every change, every level; after each call the database must agree with the Map.
 * Some inputs are wrong on purpose (an unknown or inactive product, half a bottle, a short payment, more than
 * the shelf holds); the model says which. fast-check prints the seed and the shrunk sequence on failure.
 */

let till: TempTill;
let storeId: string;
/** A few products of each kind, some with little stock so that shelves run out during a run. */
let pool: DemoProduct[];
let inactive: DemoProduct;
const unknownProductId = uuidv4();
const internalErrors: unknown[] = [];

beforeAll(async () => {
  till = createTempTill({ backend: { logError: (_m, e) => internalErrors.push(e) } });
  await till.loginAs('manager');
  storeId = till.backend.db.config().storeId;
  const stockOf = (p: DemoProduct): number => till.chain.stock.find((s) => s.productId === p.id && s.locationId === storeId)?.qty ?? 0;
  const active = till.chain.products.filter((p) => p.active && p.barcodes.length > 0);
  const counted = active.filter((p) => !isFractionalUnit(p.unit)).sort((a, b) => stockOf(a) - stockOf(b));
  const weighed = active.filter((p) => isFractionalUnit(p.unit));
  pool = [...counted.slice(0, 3), ...counted.slice(-2), ...weighed.slice(0, 2)];
  const found = till.chain.products.find((p) => !p.active);
  if (found === undefined || pool.length < 5) throw new Error('the demo chain lacks the products this test needs');
  inactive = found;
});
afterAll(() => till.cleanup());

/** Which product a line names: one of the pool, or a wrong one on purpose. */
type Pick = { pool: number } | 'unknown' | 'inactive';
interface Line {
  pick: Pick;
  /** whole units for counted goods, milli-units for weighed ones; `half` adds half a unit (wrong for counted goods) */
  amount: number;
  half: boolean;
  /** the amount for weighed goods, in milli-units */
  milli: number;
}
type Tender = 'exact_cash' | 'over_cash' | 'short_cash' | 'card' | 'card_and_cash';
type Command =
  | { kind: 'sale'; lines: Line[]; tender: Tender; extra: number }
  | { kind: 'receive'; lines: Line[] }
  | { kind: 'waste'; lines: Line[] }
  | { kind: 'lookup'; pool: number }
  | { kind: 'repeat'; back: number };

const POOL_SIZE = 7;
const pick: fc.Arbitrary<Pick> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: POOL_SIZE - 1 }).map((i) => ({ pool: i })) },
  { weight: 1, arbitrary: fc.constantFrom<Pick>('unknown', 'inactive') },
);
const line = (maxUnits: number, halfWeight: number): fc.Arbitrary<Line> =>
  fc.record({
    pick,
    amount: fc.integer({ min: 1, max: maxUnits }),
    half: fc.oneof({ weight: 20 - halfWeight, arbitrary: fc.constant(false) }, { weight: halfWeight, arbitrary: fc.constant(true) }),
    // Amounts whose price lands on half a minor unit (the rounding's edge) come up often, not by luck.
    milli: fc.oneof(fc.integer({ min: 1, max: maxUnits * 1000 }), fc.constantFrom(125, 250, 500, 1500, 2500)),
  });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('sale' as const), lines: fc.array(line(6, 1), { minLength: 1, maxLength: 4 }), tender: fc.constantFrom<Tender>('exact_cash', 'over_cash', 'short_cash', 'card', 'card_and_cash'), extra: fc.integer({ min: 1, max: 50_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('receive' as const), lines: fc.array(line(40, 1), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('waste' as const), lines: fc.array(line(8, 1), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lookup' as const), pool: fc.integer({ min: 0, max: POOL_SIZE - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), back: fc.integer({ min: 0, max: 5 }) }) },
);

/** The product a line names, as the model knows it from the demo chain (not from the till's database). */
function productOf(p: Pick): DemoProduct | { id: string; unknown: true } {
  if (p === 'unknown') return { id: unknownProductId, unknown: true };
  if (p === 'inactive') return inactive;
  return pool[p.pool % pool.length] as DemoProduct;
}

function qtyOf(product: DemoProduct | { unknown: true }, l: Line): number {
  if ('unknown' in product || !isFractionalUnit(product.unit)) return l.amount * 1000 + (l.half ? 500 : 0);
  return l.milli; // weighed goods: any milli-unit amount is fine
}

/** Price of a line, worked out the plain way: round half up of price × qty / 1000 (all positive here). */
function naiveLineTotal(price: number, qty: number): number {
  return Math.round((price * qty) / 1000);
}

type Expectation = { ok: true } | { ok: false; codes: Set<string> };

interface Stats {
  [key: string]: number;
}
const stats: Stats = {};
const count = (key: string): void => {
  stats[key] = (stats[key] ?? 0) + 1;
};

/** The database's available stock of a product: what the model must equal after every call. */
function dbAvailable(productId: string): number {
  const level = readLevel(till.backend.db, productId, storeId);
  return level === undefined ? 0 : available(level);
}

describe('branch API against a model of the shop', () => {
  it('starts from the demo chain\'s opening stock', () => {
    for (const p of pool) {
      const opening = till.chain.stock.find((s) => s.productId === p.id && s.locationId === storeId)?.qty ?? 0;
      expect(dbAvailable(p.id), p.name).toBe(opening);
    }
  });

  it('answers sequences of valid-shaped calls exactly as the model predicts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        // Each run starts from where the last one left the shelves; from there on the model predicts everything.
        const model = new Map<string, number>();
        for (const p of [...pool, inactive]) model.set(p.id, dbAvailable(p.id));
        const done: Array<{ method: string; input: unknown; value: unknown }> = [];

        for (const cmd of commands) {
          if (cmd.kind === 'lookup') {
            const p = pool[cmd.pool % pool.length] as DemoProduct;
            const r = (await till.backend.dispatch('catalog.lookup', { code: p.barcodes[0] })) as BranchResult<ProductView>;
            expect(r).toMatchObject({ ok: true, value: { product: { id: p.id, price: p.price }, available: model.get(p.id) } });
            count('lookup ok');
            continue;
          }
          if (cmd.kind === 'repeat') {
            const earlier = done[done.length - 1 - cmd.back];
            if (earlier === undefined) continue;
            const before = rowCounts(till.backend.db);
            const r = (await till.backend.dispatch(earlier.method, earlier.input)) as BranchResult<unknown>;
            // The same id with the same content: the stored answer again, and nothing written.
            expect(r, `repeat of ${earlier.method}`).toEqual({ ok: true, value: earlier.value });
            expect(rowCounts(till.backend.db)).toEqual(before);
            count('repeat ok');
            continue;
          }

          const products = cmd.lines.map((l) => productOf(l.pick));
          const qtys = cmd.lines.map((l, i) => qtyOf(products[i] as DemoProduct, l));
          const codes = new Set<string>();
          products.forEach((p, i) => {
            if ('unknown' in p) codes.add('UNKNOWN_PRODUCT');
            else if (!isFractionalUnit(p.unit) && (qtys[i] as number) % 1000 !== 0) codes.add('INVALID_QUANTITY');
          });
          if (cmd.kind !== 'sale' && products.some((p) => p === inactive)) continue; // receiving an inactive product is not this test's question
          if (cmd.kind === 'sale' && products.some((p) => p === inactive)) codes.add('INACTIVE_PRODUCT');
          const wanted = new Map<string, number>();
          products.forEach((p, i) => wanted.set(p.id, (wanted.get(p.id) ?? 0) + (qtys[i] as number)));
          if (cmd.kind !== 'receive') {
            for (const [id, qty] of wanted) if (model.has(id) && qty > (model.get(id) ?? 0)) codes.add('INSUFFICIENT_STOCK');
          }

          let method: string;
          let input: Record<string, unknown>;
          let total = 0;
          let cash = 0;
          let cardPaid = 0;
          if (cmd.kind === 'sale') {
            total = products.reduce((sum, p, i) => sum + ('unknown' in p ? 0 : naiveLineTotal(p.price, qtys[i] as number)), 0);
            const card = cmd.tender === 'card' ? total : cmd.tender === 'card_and_cash' ? Math.floor(total / 2) : 0;
            cash =
              cmd.tender === 'exact_cash' ? total
              : cmd.tender === 'over_cash' ? total + cmd.extra
              : cmd.tender === 'short_cash' ? Math.max(1, total - cmd.extra)
              : cmd.tender === 'card' ? 0
              : total - card + cmd.extra;
            // Every tender is a positive amount (the schema's rule): a zero share is left out.
            const tenders = [
              ...(card > 0 ? [{ method: 'card', amount: card }] : []),
              ...(cash > 0 || card === 0 ? [{ method: 'cash', amount: Math.max(cash, 1) }] : []),
            ];
            cash = tenders.filter((t) => t.method === 'cash').reduce((s, t) => s + t.amount, 0);
            cardPaid = card;
            const tendered = tenders.reduce((s, t) => s + t.amount, 0);
            if (!products.some((p) => 'unknown' in p) && tendered < total) codes.add('TENDER_SHORT');
            method = 'sale.complete';
            input = { saleId: uuidv4(), lines: products.map((p, i) => ({ productId: p.id, qty: qtys[i] })), tenders };
          } else if (cmd.kind === 'receive') {
            method = 'stock.receive';
            input = { receiptId: uuidv4(), lines: products.map((p, i) => ({ productId: p.id, qty: qtys[i] })) };
          } else {
            method = 'stock.waste';
            input = { wasteId: uuidv4(), lines: products.map((p, i) => ({ productId: p.id, qty: qtys[i], reason: 'damaged' })) };
          }
          const expectation: Expectation = codes.size === 0 ? { ok: true } : { ok: false, codes };

          const before = rowCounts(till.backend.db);
          const r = (await till.backend.dispatch(method, input)) as BranchResult<unknown>;
          const what = `${method} ${JSON.stringify(input)} with shelves ${JSON.stringify([...wanted.keys()].map((id) => model.get(id)))}`;
          if (!expectation.ok) {
            expect(r.ok, `${what} should be refused with one of ${[...expectation.codes].join(', ')}`).toBe(false);
            if (!r.ok) expect([...expectation.codes], `${what}: got ${r.error.code} ${r.error.message}`).toContain(r.error.code);
            expect(rowCounts(till.backend.db), `${what} was refused and must write nothing`).toEqual(before);
            count(`${method} refused ${r.ok ? '?' : r.error.code}`);
          } else {
            if (!r.ok) throw new Error(`${what} should succeed, got ${r.error.code}: ${r.error.message}`);
            count(`${method} ok`);
            const sign = cmd.kind === 'receive' ? 1 : -1;
            for (const [id, qty] of wanted) model.set(id, (model.get(id) ?? 0) + sign * qty);
            if (cmd.kind === 'sale') {
              const receipt = r.value as ReceiptView;
              expect(receipt.lines.map((l) => [l.productId, l.qty, l.unitPrice, l.total])).toEqual(
                products.map((p, i) => [p.id, qtys[i], (p as DemoProduct).price, naiveLineTotal((p as DemoProduct).price, qtys[i] as number)]),
              );
              expect(receipt.total).toBe(total);
              // Change comes out of cash only; card pays its share exactly.
              expect(receipt.change).toBe(cash - (total - cardPaid));
              expect(receipt.status).toBe('completed');
            } else {
              const levels = (r.value as { levels: Array<{ productId: string; level: { onHand: number; reserved: number; quarantined: number } }> }).levels;
              for (const { productId, level } of levels) expect(available(level as never), `${method} reported level of ${productId}`).toBe(model.get(productId));
              expect(new Set(levels.map((l) => l.productId))).toEqual(new Set(wanted.keys()));
            }
            done.push({ method, input, value: r.value });
          }
          for (const p of [...pool, inactive]) expect(dbAvailable(p.id), `${p.name} after ${what}`).toBe(model.get(p.id));
        }
        expect(ledgerViolations(till.backend.db)).toEqual([]);
      }),
      {
        numRuns: 40,
        // Random runs reach an empty shelf only now and then; this one always does, so the refusal the coverage
        // check below asks for is never left to luck: 25 wastes of 24 units each empty the first product's shelf
        // (a waste past what is left is refused and leaves at most 23 units), then a sale of 24 units cannot fit.
        examples: [
          [
            [
              ...Array.from({ length: 25 }, (): Command => ({ kind: 'waste', lines: Array.from({ length: 3 }, () => ({ pick: { pool: 0 }, amount: 8, half: false, milli: 8000 })) })),
              { kind: 'sale', lines: Array.from({ length: 4 }, () => ({ pick: { pool: 0 }, amount: 6, half: false, milli: 6000 })), tender: 'exact_cash', extra: 1 },
            ],
          ],
        ],
      },
    );
    expect(internalErrors).toEqual([]);
    // The calls really reached the handlers, both ways: successes of each kind and refusals for each reason.
    for (const key of ['sale.complete ok', 'stock.receive ok', 'stock.waste ok', 'repeat ok', 'lookup ok', 'sale.complete refused INSUFFICIENT_STOCK', 'sale.complete refused TENDER_SHORT']) {
      expect(stats[key] ?? 0, `${key} in ${JSON.stringify(stats)}`).toBeGreaterThan(0);
    }
  });
});
