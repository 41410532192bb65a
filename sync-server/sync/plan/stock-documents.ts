import type { Operation } from '../../../shared/ops/operations';
import { decideLedgerWrite } from '../../../shared/policy/conflict-policy';
import type { LevelBook } from './level-book';
import type { Replaying } from './line-writes';
import { writeLine } from './line-writes';

/** Receipts, waste and adjustments: one movement per line, written as decideLedgerWrite() says. */

export function planReceipt(book: LevelBook, r: Replaying, op: Extract<Operation, { type: 'receipt' }>): void {
  const write = decideLedgerWrite({ kind: 'receipt' });
  for (const l of op.payload.lines) writeLine(book, r, null, l.productId, [{ movement: { kind: 'RECEIVE', qty: l.qty }, write, note: op.payload.reference ?? null }]);
}

export function planWaste(book: LevelBook, r: Replaying, op: Extract<Operation, { type: 'waste' }>): void {
  const write = decideLedgerWrite({ kind: 'waste' });
  for (const l of op.payload.lines) writeLine(book, r, null, l.productId, [{ movement: { kind: 'WASTE', qty: l.qty }, write, note: l.reason }]);
}

export function planAdjustment(book: LevelBook, r: Replaying, op: Extract<Operation, { type: 'adjustment' }>): void {
  const write = decideLedgerWrite({ kind: 'adjustment' });
  for (const l of op.payload.lines) writeLine(book, r, null, l.productId, [{ movement: { kind: 'ADJUST', qty: l.delta }, write, note: l.reason }]);
}
