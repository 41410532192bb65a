import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DemoProduct } from '../../shared/demo';
import { movementCauseSchema } from '../../shared/domain/movement-cause';
import { EMPTY_LEVEL } from '../../shared/domain/movement';
import type { OpResult, PullResponse } from '../../shared/sync/protocol';
import { completeSale, receiveGoods, recordStocktake, recordWaste, type Actor } from '../services';
import { applyPull } from '../sync/pull';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { auditedMovements } from './ledger';

/**
 * Issue 8: every movement a till writes says where it came from (migration 0006), so an auditor can follow each
 * change of a level back to its reason. The expectations are read from what each test did (which op it wrote,
 * which pull it applied), with the test's own SQL, never from the store's audit function; that function is then
 * checked against the same rows.
 */
interface CauseRow {
  id: number;
  product_id: string;
  kind: string;
  qty: number;
  op_seq: number | null;
  cause_kind: string;
  cause_ref: string | null;
}

let till: TempTill;
let storeId: string;
let manager: Actor;
let product: DemoProduct;
const NOW = new Date('2026-03-02T10:00:00.000Z');

beforeEach(() => {
  till = createTempTill({ demo: { products: 12 } });
  storeId = till.backend.db.config().storeId;
  const managerId = till.chain.users.find((u) => u.role === 'manager')?.id as string;
  manager = { userId: managerId, managerId };
  product = till.chain.products.find(
    (p) => p.active && p.unit === 'each' && till.chain.stock.some((s) => s.productId === p.id && s.locationId === storeId && s.qty >= 5000),
  ) as DemoProduct;
});
afterEach(() => till.cleanup());

const db = (): TillStoreDb => till.backend.db.db;
type TillStoreDb = TempTill['backend']['db']['db'];

function lastMovementId(): number {
  return db().prepare('SELECT coalesce(max(id), 0) FROM movements').pluck().get() as number;
}

function movementsAfter(id: number): CauseRow[] {
  return db().prepare('SELECT id, product_id, kind, qty, op_seq, cause_kind, cause_ref FROM movements WHERE id > ? ORDER BY id').all(id) as CauseRow[];
}

/** The seq of the one op of `type` whose payload carries `idField` = `id`: how an auditor finds the op of a document. */
function opSeqOf(type: string, idField: string, id: string): number {
  const seqs = db()
    .prepare(`SELECT seq FROM ops WHERE type = ? AND json_extract(payload, '$.' || ?) = ?`)
    .pluck()
    .all(type, idField, id) as number[];
  expect(seqs).toHaveLength(1);
  return seqs[0] as number;
}

function expectOpCaused(rows: readonly CauseRow[], opSeq: number, products: readonly string[]): void {
  expect(rows.map((r) => r.product_id)).toEqual(products);
  for (const r of rows) expect(r).toMatchObject({ op_seq: opSeq, cause_kind: 'op', cause_ref: null });
}

const pull = (overrides: Partial<PullResponse>): PullResponse => till.pullResponse({ cursor: '41', ...overrides });

function result(seq: number, type: OpResult['type'], status: OpResult['status'], lines: OpResult['lines'] = []): OpResult {
  const opId = db().prepare('SELECT id FROM ops WHERE seq = ?').pluck().get(seq) as string;
  return { opId, seq, type, status, code: null, reason: null, lines, clockSkew: false, receivedAt: NOW.toISOString() };
}

describe('every till movement names its cause', () => {
  it('seeding: each opening stock movement is opening_stock from the demo, one per stocked product, with no op', () => {
    const stocked = till.chain.stock.filter((s) => s.locationId === storeId && s.qty > 0).map((s) => s.productId);
    const rows = movementsAfter(0);
    expect(rows.map((r) => r.product_id).sort()).toEqual([...stocked].sort());
    for (const r of rows) expect(r).toMatchObject({ kind: 'RECEIVE', op_seq: null, cause_kind: 'opening_stock', cause_ref: 'demo' });
    expect(db().prepare('SELECT count(*) FROM ops').pluck().get()).toBe(0);
  });

  it('sale, receipt, waste and stocktake: each movement joins to the op that carries that document', () => {
    const other = till.chain.products.find((p) => p.id !== product.id && p.active && p.unit === 'each') as DemoProduct;

    let mark = lastMovementId();
    const saleId = uuidv7();
    completeSale(
      till.backend.db,
      { saleId, lines: [{ productId: product.id, qty: 1000 }, { productId: other.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 10_000_000 }] },
      manager,
      NOW,
    );
    expectOpCaused(movementsAfter(mark), opSeqOf('sale', 'saleId', saleId), [product.id, other.id]);

    mark = lastMovementId();
    const receiptId = uuidv7();
    receiveGoods(till.backend.db, { receiptId, lines: [{ productId: other.id, qty: 3000 }] }, manager, NOW);
    expectOpCaused(movementsAfter(mark), opSeqOf('receipt', 'receiptId', receiptId), [other.id]);

    mark = lastMovementId();
    const wasteId = uuidv7();
    recordWaste(till.backend.db, { wasteId, lines: [{ productId: product.id, qty: 1000, reason: 'damaged' }] }, manager, NOW);
    expectOpCaused(movementsAfter(mark), opSeqOf('waste', 'wasteId', wasteId), [product.id]);

    mark = lastMovementId();
    const stocktakeId = uuidv7();
    recordStocktake(till.backend.db, { stocktakeId, counts: [{ productId: product.id, counted: 2000 }, { productId: other.id, counted: 0 }] }, manager, NOW);
    expectOpCaused(movementsAfter(mark), opSeqOf('stocktake', 'stocktakeId', stocktakeId), [product.id, other.id]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('a pull: a correction names the pull’s cursor; a level the till never had is opening stock from that pull', () => {
    const newProduct = { ...product, id: uuidv7(), sku: `NEW-${Date.now()}`, name: 'Brand new thing', barcodes: [] };
    const had = db().prepare('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').pluck().get(product.id, storeId) as number;
    const mark = lastMovementId();
    applyPull(
      till.backend.db,
      pull({
        cursor: '41',
        products: [newProduct],
        levels: [
          { productId: product.id, level: { ...EMPTY_LEVEL, onHand: had - 2000, reserved: 1000 } },
          { productId: newProduct.id, level: { ...EMPTY_LEVEL, onHand: 7000 } },
        ],
      }),
      NOW,
    );
    const rows = movementsAfter(mark);
    expect(rows.map((r) => [r.product_id, r.kind, r.qty, r.op_seq, r.cause_kind, r.cause_ref])).toEqual([
      [product.id, 'ADJUST', -2000, null, 'rebase_correction', '41'],
      [product.id, 'RESERVE', 1000, null, 'rebase_correction', '41'],
      [newProduct.id, 'ADJUST', 7000, null, 'opening_stock', 'pull 41'],
    ]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('the server’s verdicts: a reversed sale line and a rejected op are taken back under the op they correct', () => {
    const saleId = uuidv7();
    completeSale(till.backend.db, { saleId, lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 10_000_000 }] }, manager, NOW);
    const saleSeq = opSeqOf('sale', 'saleId', saleId);
    const receiptId = uuidv7();
    receiveGoods(till.backend.db, { receiptId, lines: [{ productId: product.id, qty: 4000 }] }, manager, NOW);
    const receiptSeq = opSeqOf('receipt', 'receiptId', receiptId);
    const lineId = db().prepare('SELECT line_id FROM sale_lines WHERE sale_id = ?').pluck().get(saleId) as string;

    const mark = lastMovementId();
    applyPull(
      till.backend.db,
      pull({
        opResults: [
          result(saleSeq, 'sale', 'reversed', [
            { lineId, productId: product.id, qty: 1000, action: 'reverse', reason: 'insufficient_stock', available: 0, conflictId: null },
          ]),
          result(receiptSeq, 'receipt', 'rejected'),
        ],
      }),
      NOW,
    );
    const rows = movementsAfter(mark);
    expect(rows.map((r) => [r.kind, r.qty, r.op_seq, r.cause_kind, r.cause_ref])).toEqual([
      ['REVERSAL', 1000, saleSeq, 'op', null],
      ['ADJUST', -4000, receiptSeq, 'op', null],
    ]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('the audit read gives each movement the cause its row holds, in the shared form', () => {
    const saleId = uuidv7();
    completeSale(till.backend.db, { saleId, lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 10_000_000 }] }, manager, NOW);
    applyPull(till.backend.db, pull({ cursor: '42', levels: [{ productId: product.id, level: { ...EMPTY_LEVEL, onHand: 1000 } }] }), NOW);

    const rows = movementsAfter(0);
    const opIdOf = db().prepare('SELECT id FROM ops WHERE seq = ?').pluck();
    const audited = auditedMovements(till.backend.db);
    expect(audited.map((m) => m.id)).toEqual(rows.map((r) => r.id));
    audited.forEach((m, i) => {
      const row = rows[i] as CauseRow;
      expect(movementCauseSchema.safeParse(m.cause).success, JSON.stringify(m)).toBe(true);
      if (row.cause_kind === 'op') expect(m.cause).toEqual({ kind: 'op', opId: opIdOf.get(row.op_seq) });
      else expect(m.cause).toEqual({ kind: row.cause_kind, ref: row.cause_ref });
    });
    expect(new Set(audited.map((m) => m.cause?.kind))).toEqual(new Set(['opening_stock', 'op', 'rebase_correction']));
  });
});

describe('the database refuses a movement without a cause', () => {
  const insert = (opSeq: number | null, kind: string | undefined, ref: string | null): void => {
    const columns = kind === undefined ? '' : ', cause_kind';
    const values = kind === undefined ? '' : ', ?';
    db()
      .prepare(
        `INSERT INTO movements (product_id, location_id, kind, qty, op_seq, cause_ref, occurred_at${columns}) VALUES (?, ?, 'ADJUST', 1000, ?, ?, 'now'${values})`,
      )
      .run(product.id, storeId, opSeq, ref, ...(kind === undefined ? [] : [kind]));
  };

  it('refuses an op movement without its op, a system one without a reference or with an op, and an unknown kind', () => {
    const seq = (() => {
      receiveGoods(till.backend.db, { receiptId: uuidv7(), lines: [{ productId: product.id, qty: 1000 }] }, manager, NOW);
      return db().prepare('SELECT max(seq) FROM ops').pluck().get() as number;
    })();
    const before = lastMovementId();
    expect(() => insert(null, undefined, null)).toThrow(/MOVEMENT_CAUSE/); // the column's default is 'op': an op movement must name its op
    expect(() => insert(null, 'op', null)).toThrow(/MOVEMENT_CAUSE/);
    expect(() => insert(seq, 'op', 'x')).toThrow(/MOVEMENT_CAUSE/);
    expect(() => insert(null, 'rebase_correction', null)).toThrow(/MOVEMENT_CAUSE/);
    expect(() => insert(null, 'opening_stock', '')).toThrow(/MOVEMENT_CAUSE/);
    expect(() => insert(null, 'reconciliation', 'r'.repeat(201))).toThrow(/MOVEMENT_CAUSE/);
    expect(() => insert(seq, 'count_offset', 'count-1')).toThrow(/MOVEMENT_CAUSE/);
    expect(() => insert(null, 'because', 'x')).toThrow(/CHECK constraint/);
    expect(lastMovementId()).toBe(before);
    // The two shapes it accepts (written raw, so the level is not touched: rolled back below).
    db().exec('SAVEPOINT accepted');
    insert(seq, 'op', null);
    insert(null, 'reconciliation', 'run-1');
    expect(lastMovementId()).toBe(before + 2);
    db().exec('ROLLBACK TO accepted; RELEASE accepted');
  });
});
