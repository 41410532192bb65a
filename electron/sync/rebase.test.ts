import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DemoProduct } from '../../shared/demo';
import { EMPTY_LEVEL } from '../../shared/domain/movement';
import type { OpResult, PullResponse, SyncConflict } from '../../shared/sync/protocol';
import { completeSale, listConflicts, updateConflict } from '../services';
import { countPendingOps, readLevel } from '../store';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { SyncError } from './errors';
import { applyPull } from './pull';
import { readCursor } from '../store/sync-state-repo';

/**
 * The pull's local half on a real till file: what a server answer does to the ledger. The server's answers are
 * written out here as data (the protocol's own schema types), so each rule of the rebase is checked in isolation.
 */
let till: TempTill;
let product: DemoProduct;
let storeId: string;
const NOW = new Date('2026-03-02T10:00:00.000Z');

beforeEach(() => {
  till = createTempTill({ demo: { products: 12 } });
  storeId = till.backend.db.config().storeId;
  product = till.chain.products.find((p) => p.active && p.unit === 'each' && onHand(p.id) >= 5000) as DemoProduct;
});
afterEach(() => till.cleanup());

function onHand(productId: string): number {
  return readLevel(till.backend.db, productId, storeId)?.onHand ?? 0;
}

function sell(qty: number, customerPhone?: string): { saleId: string; seq: number } {
  const cashier = till.chain.users.find((u) => u.role === 'cashier');
  const saleId = uuidv7();
  completeSale(
    till.backend.db,
    {
      saleId,
      lines: [{ productId: product.id, qty }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      ...(customerPhone === undefined ? {} : { customerContact: { phone: customerPhone } }),
    },
    { userId: cashier?.id as string, managerId: null },
    NOW,
  );
  const seq = till.backend.db.db.prepare('SELECT op_seq FROM sales WHERE id = ?').pluck().get(saleId) as number;
  return { saleId, seq };
}

const pull = (overrides: Partial<PullResponse>): PullResponse => till.pullResponse(overrides);

function saleResult(seq: number, status: OpResult['status'], lines: OpResult['lines']): OpResult {
  const opId = till.backend.db.db.prepare('SELECT id FROM ops WHERE seq = ?').pluck().get(seq) as string;
  return { opId, seq, type: 'sale', status, code: null, reason: null, lines, clockSkew: false, receivedAt: NOW.toISOString() };
}

function lineOf(saleId: string): { lineId: string; qty: number } {
  return till.backend.db.db.prepare('SELECT line_id AS lineId, qty FROM sale_lines WHERE sale_id = ?').get(saleId) as { lineId: string; qty: number };
}

describe('rebasing on the server', () => {
  it('makes each level the server level plus the still-pending ops, with a correcting movement', () => {
    const start = onHand(product.id);
    sell(2000);
    expect(onHand(product.id)).toBe(start - 2000);
    // Other tills sold 5 units the server knows of; our 2 are still pending.
    applyPull(till.backend.db, pull({ levels: [{ productId: product.id, level: { ...EMPTY_LEVEL, onHand: start - 5000 } }] }), NOW);
    expect(onHand(product.id)).toBe(start - 7000);
    expect(readCursor(till.backend.db)).toBe('10');
    const last = till.backend.db.db.prepare('SELECT kind, qty, op_seq FROM movements ORDER BY id DESC LIMIT 1').get();
    expect(last).toEqual({ kind: 'ADJUST', qty: -5000, op_seq: null });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('counts an op as the server’s once its result arrives, and writes nothing when the levels already agree', () => {
    const start = onHand(product.id);
    const sale = sell(2000);
    const before = rowCounts(till.backend.db);
    const line = lineOf(sale.saleId);
    applyPull(
      till.backend.db,
      pull({
        opResults: [saleResult(sale.seq, 'accepted', [{ lineId: line.lineId, productId: product.id, qty: 2000, action: 'keep', reason: null, available: null, conflictId: null }])],
        levels: [{ productId: product.id, level: { ...EMPTY_LEVEL, onHand: start - 2000 } }],
      }),
      NOW,
    );
    expect(countPendingOps(till.backend.db)).toBe(0);
    expect(rowCounts(till.backend.db)).toEqual(before);
    expect(onHand(product.id)).toBe(start - 2000);
  });

  it('marks a reversed sale, writes its REVERSAL once, and keeps a locally changed conflict until it is sent', () => {
    const start = onHand(product.id);
    const sale = sell(1000, '+961 70 111222');
    const line = lineOf(sale.saleId);
    const conflictId = uuidv7();
    const result = saleResult(sale.seq, 'reversed', [
      { lineId: line.lineId, productId: product.id, qty: 1000, action: 'reverse', reason: 'insufficient_stock', available: 0, conflictId },
    ]);
    const conflict: SyncConflict = {
      id: conflictId,
      kind: 'contact_customer',
      state: 'open',
      outcome: null,
      opId: result.opId,
      saleId: sale.saleId,
      lineId: line.lineId,
      productId: product.id,
      productName: product.name,
      qty: 1000,
      availableAtReplay: 0,
      reason: 'insufficient_stock',
      customerContact: { phone: '+961 70 111222' },
      tillId: till.backend.db.config().tillId,
      tillName: till.backend.db.config().tillName,
      cashierId: till.chain.users[0]?.id as string,
      cashierName: 'Rania Haddad',
      occurredAt: NOW.toISOString(),
      openedAt: NOW.toISOString(),
      elsewhere: [{ locationId: till.chain.warehouse.id, locationName: till.chain.warehouse.name, available: 12_000 }],
      history: [{ state: 'open', outcome: null, byUserId: null, byName: 'server', at: NOW.toISOString(), note: null }],
    };
    const answer = pull({ opResults: [result], conflicts: [conflict], levels: [{ productId: product.id, level: { ...EMPTY_LEVEL, onHand: start } }] });
    applyPull(till.backend.db, answer, NOW);
    applyPull(till.backend.db, answer, NOW); // a pull applied twice (a crash before the answer was read) changes nothing more
    const db = till.backend.db.db;
    expect(db.prepare('SELECT status FROM sales WHERE id = ?').pluck().get(sale.saleId)).toBe('reversed');
    expect(db.prepare("SELECT count(*) FROM movements WHERE kind = 'REVERSAL'").pluck().get()).toBe(1);
    expect(onHand(product.id)).toBe(start);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
    expect(listConflicts(till.backend.db)[0]).toMatchObject({ id: conflictId, state: 'open', elsewhere: [{ locationName: till.chain.warehouse.name, available: 12_000 }] });

    const manager = till.chain.users.find((u) => u.role === 'manager')?.id as string;
    updateConflict(till.backend.db, { conflictId, action: 'contacted' }, { userId: manager, managerId: manager }, NOW);
    applyPull(till.backend.db, answer, NOW);
    expect(listConflicts(till.backend.db)[0]?.state).toBe('contacted');
  });

  it('refuses an answer meant for another till and writes nothing', () => {
    sell(1000);
    const before = rowCounts(till.backend.db);
    const other = pull({ till: { id: uuidv7(), name: 'Somebody else' }, levels: [{ productId: product.id, level: EMPTY_LEVEL }] });
    expect(() => applyPull(till.backend.db, other, NOW)).toThrow(SyncError);
    expect(rowCounts(till.backend.db)).toEqual(before);
    expect(readCursor(till.backend.db)).toBe('0');
  });

  it('refuses results for ops this till never wrote (a file older than the server’s history) and writes nothing', () => {
    const before = rowCounts(till.backend.db);
    const foreign: OpResult = { opId: uuidv7(), seq: 1, type: 'sale', status: 'accepted', code: null, reason: null, lines: [], clockSkew: false, receivedAt: NOW.toISOString() };
    expect(() => applyPull(till.backend.db, pull({ opResults: [foreign] }), NOW)).toThrow(/never wrote/);
    expect(rowCounts(till.backend.db)).toEqual(before);
    expect(readCursor(till.backend.db)).toBe('0');
  });
});
