import type { BranchParsedInput } from '../../shared/api/branch-api';
import { zReportView, type ShiftView, type ZReportView } from '../../shared/api/shift-api';
import { DomainError } from '../../shared/domain/errors';
import { closeDrawer, drawerReport, type DrawerEvent, type DrawerReport, type PerCurrency } from '../../shared/domain/shift';
import { perCurrencyAmounts } from '../../shared/ops/operations';
import { appendOp, type TillStore } from '../store';
import { requestFingerprint } from '../store/idempotency';
import {
  cashMoveRow,
  cashMoveRows,
  insertCashMove,
  insertShift,
  insertZReport,
  markShiftClosed,
  nextZNumber,
  openShiftRow,
  recentZReportRows,
  shiftRow,
  shiftTakings,
  zReportRow,
  type ShiftRow,
  type ZReportRow,
} from '../store/shifts-repo';
import { cashRefundsBetween } from '../store/returns-repo';
import { userName } from '../store/users-repo';
import { drawerOpensInShift } from '../store/printer-repo';
import { approval, type Actor } from './actor';

/**
 * Cash drawers and shifts at the till (issue 11). One shift is open per till at a time; every sale the till
 * records while it is open is the shift's. Its drawer is shared/domain/shift.ts drawerReport(): the float, plus
 * the cash tenders of its sales per currency, minus the change handed back per currency (the sale's own change
 * and the change in the rate's quote currency that the sale locked), plus cash in, minus paid-outs. Card takings
 * are listed apart. Each write is one transaction holding its op (the outbox) and its rows.
 *
 * Sales are allowed without an open shift (a till that never used shifts keeps selling, and a shop does not turn
 * a customer away because the drawer was not opened); the checkout asks the cashier to open one.
 */

function floatOf(row: ShiftRow): PerCurrency {
  return perCurrencyAmounts.parse(JSON.parse(row.float_json));
}

/** The X report of a shift, from its float, its sales and returns (by op seq) and its cash moves. */
function xReport(store: TillStore, row: ShiftRow): DrawerReport & { sales: number; takings: number; discounts: number; refunded: number } {
  const taken = shiftTakings(store, row.open_op_seq, row.close_op_seq);
  const events: DrawerEvent[] = [];
  for (const t of taken.tenders) {
    if (t.amount > 0) events.push(t.method === 'cash' ? { kind: 'sale_cash', currency: t.currency, amount: t.amount } : { kind: 'card', currency: t.currency, amount: t.amount });
  }
  for (const c of taken.change) if (c.amount > 0) events.push({ kind: 'change', currency: c.currency, amount: c.amount });
  // cash paid back for returns (services/returns.ts); a card refund goes back to the card, not out of the drawer
  for (const r of cashRefundsBetween(store, row.open_op_seq, row.close_op_seq)) if (r.amount > 0) events.push({ kind: 'refund_cash', currency: r.currency, amount: r.amount });
  for (const m of cashMoveRows(store, row.id)) {
    events.push({ kind: m.direction === 'in' ? 'cash_in' : 'paid_out', currency: m.currency, amount: m.amount, reason: m.reason });
  }
  return { ...drawerReport(floatOf(row), events), sales: taken.sales, takings: taken.takings, discounts: taken.discounts, refunded: taken.refunded };
}

function shiftViewOf(store: TillStore, row: ShiftRow): ShiftView {
  const x = xReport(store, row);
  return {
    shiftId: row.id,
    openedByName: userName(store, row.user_id),
    openedAt: row.opened_at,
    float: floatOf(row),
    columns: x.columns,
    card: x.card,
    sales: x.sales,
    takings: x.takings,
    discounts: x.discounts,
    refunded: x.refunded,
    moves: movesOf(store, row.id),
    noSales: drawerOpensInShift(store, row.id).map((d) => ({ openId: d.id, reason: d.reason, byName: d.by_name, approvedByName: d.approved_by_name, at: d.occurred_at })),
    note: row.note,
  };
}

function movesOf(store: TillStore, shiftId: string): ShiftView['moves'] {
  return cashMoveRows(store, shiftId).map((m) => ({
    moveId: m.id,
    direction: m.direction,
    currency: m.currency,
    amount: m.amount,
    reason: m.reason,
    byName: m.by_name,
    approvedByName: m.approved_by_name,
    at: m.occurred_at,
  }));
}

/** The till's open shift with its X report, or null. Reads only. */
export function currentShift(store: TillStore): ShiftView | null {
  const row = openShiftRow(store, store.config().tillId);
  return row === undefined ? null : shiftViewOf(store, row);
}

function requireOpenShift(store: TillStore): ShiftRow {
  const row = openShiftRow(store, store.config().tillId);
  if (row === undefined) throw new DomainError('CONFLICT_TRANSITION', 'no shift is open at this till: open one with the float counted first');
  return row;
}

/** Whose shift it is may act in it, and so may a manager (a manager's session, or a cashier's with a manager's PIN). */
function assertMayAct(row: ShiftRow, actor: Actor, what: string): void {
  if (row.user_id !== actor.userId && actor.managerId === null) {
    throw new DomainError('FORBIDDEN', `only ${what === 'close' ? 'the shift’s cashier or a manager closes it' : 'the shift’s cashier or a manager moves cash in its drawer'}`);
  }
}

export function openShift(store: TillStore, input: BranchParsedInput<'shift.open'>, actor: Actor, now: Date): ShiftView {
  const fingerprint = requestFingerprint(input);
  const prior = shiftRow(store, input.shiftId);
  if (prior !== undefined) {
    if (prior.request_fingerprint !== fingerprint) throw new DomainError('ID_REUSED', `shift ${input.shiftId} was already opened with another float`, { id: input.shiftId });
    return shiftViewOf(store, prior);
  }
  const tillId = store.config().tillId;
  const open = openShiftRow(store, tillId);
  if (open !== undefined) {
    throw new DomainError('CONFLICT_TRANSITION', `${userName(store, open.user_id)}’s shift is still open at this till: close it before opening another`, { shiftId: open.id });
  }
  if (Object.keys(input.float).length === 0) throw new DomainError('INVALID_INPUT', 'count the float of at least one currency (zero is a count)');
  drawerReport(input.float, []); // refuses a negative or out-of-range float before anything is written
  const note = input.note === undefined || input.note === '' ? null : input.note;
  const openedAt = now.toISOString();
  const op = appendOp(store, {
    type: 'shift_open',
    userId: actor.userId,
    occurredAt: openedAt,
    payload: { shiftId: input.shiftId, float: input.float, ...(note === null ? {} : { note }) },
  });
  insertShift(store, { id: input.shiftId, tillId, userId: actor.userId, openedAt, opSeq: op.seq, float: input.float, note, fingerprint });
  return currentShift(store) as ShiftView;
}

/** Cash in or a paid-out, with why. A paid-out takes money out of the drawer: it needs a manager's PIN. */
export function moveCash(store: TillStore, input: BranchParsedInput<'shift.cashMove'>, actor: Actor, now: Date): ShiftView {
  const fingerprint = requestFingerprint(input);
  const prior = cashMoveRow(store, input.moveId);
  if (prior !== undefined) {
    if (prior.request_fingerprint !== fingerprint) throw new DomainError('ID_REUSED', `cash move ${input.moveId} was already recorded with other contents`, { id: input.moveId });
    const shift = shiftRow(store, prior.shift_id);
    if (shift === undefined) throw new DomainError('CORRUPT_DATABASE', `cash move ${input.moveId} names no shift`);
    return shiftViewOf(store, shift);
  }
  const row = requireOpenShift(store);
  assertMayAct(row, actor, 'move');
  if (input.direction === 'out' && actor.managerId === null) throw new DomainError('FORBIDDEN', 'a paid-out needs a manager’s PIN');
  const occurredAt = now.toISOString();
  const op = appendOp(store, {
    type: 'cash_move',
    userId: actor.userId,
    occurredAt,
    payload: { moveId: input.moveId, shiftId: row.id, direction: input.direction, currency: input.currency, amount: input.amount, reason: input.reason, ...approval(actor) },
  });
  const approvedBy = approval(actor).approvedBy ?? null;
  insertCashMove(store, { ...input, id: input.moveId, shiftId: row.id, userId: actor.userId, approvedBy, occurredAt, opSeq: op.seq, fingerprint });
  return shiftViewOf(store, row);
}

/**
 * Closing: every currency the drawer holds is counted (closeDrawer() refuses a column left out), the Z report takes
 * the till's next number and is stored with its figures and the op that carries them, both never changed again.
 * Closing the same shift again with the same counts (a retry) answers the printed Z; with other counts it is an
 * edit of a closed Z report, refused with nothing written.
 */
export function closeShift(store: TillStore, input: BranchParsedInput<'shift.close'>, actor: Actor, now: Date): ZReportView {
  const prior = zReportRow(store, input.shiftId);
  if (prior !== undefined) {
    const printed = zViewOf(prior);
    const same = Object.keys(input.counted).length === printed.columns.length && printed.columns.every((c) => input.counted[c.currency] === c.counted);
    if (same) return printed;
    throw new DomainError('CONFLICT_TRANSITION', `Z report ${printed.number} was printed when this shift closed and can never change`, { shiftId: input.shiftId, number: printed.number });
  }
  const row = requireOpenShift(store);
  if (row.id !== input.shiftId) throw new DomainError('CONFLICT_TRANSITION', `shift ${input.shiftId} is not the shift open at this till`, { shiftId: input.shiftId });
  assertMayAct(row, actor, 'close');
  const x = xReport(store, row);
  const columns = closeDrawer(x, input.counted);
  const config = store.config();
  const number = nextZNumber(store, config.tillId);
  const closedAt = now.toISOString();
  const note = input.note === undefined || input.note === '' ? null : input.note;
  const figures = { columns, card: x.card, sales: x.sales, takings: x.takings, discounts: x.discounts, refunded: x.refunded };
  const op = appendOp(store, {
    type: 'shift_close',
    userId: actor.userId,
    occurredAt: closedAt,
    payload: { shiftId: row.id, number, counted: input.counted, figures, ...(note === null ? {} : { note }) },
  });
  const report: Omit<ZReportView, 'pending'> = {
    shiftId: row.id,
    number,
    tillName: config.tillName,
    storeName: config.storeName,
    currency: config.currency,
    openedByName: userName(store, row.user_id),
    openedAt: row.opened_at,
    closedByName: actor.userName ?? userName(store, actor.userId),
    closedAt,
    ...figures,
    moves: movesOf(store, row.id),
    note,
  };
  insertZReport(store, { shiftId: row.id, tillId: config.tillId, number, closedBy: actor.userId, closedAt, report, opSeq: op.seq });
  markShiftClosed(store, row.id, closedAt, op.seq);
  return { ...report, pending: true };
}

function zViewOf(row: ZReportRow): ZReportView {
  return zReportView.parse({ ...JSON.parse(row.report_json), pending: row.synced !== 1 });
}

/** One Z report of this till, as printed at closing (a reprint, on paper or on the receipt printer). */
export function requireZReport(store: TillStore, shiftId: string): ZReportView {
  const row = zReportRow(store, shiftId);
  if (row === undefined) throw new DomainError('NOT_FOUND', `no Z report of shift ${shiftId} at this till`, { shiftId });
  return zViewOf(row);
}

export function recentZReports(store: TillStore, limit: number): ZReportView[] {
  return recentZReportRows(store, store.config().tillId, limit).map(zViewOf);
}
