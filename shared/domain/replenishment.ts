import { DomainError } from './errors';
import { type Milli, MILLI_PER_UNIT, assertMilli } from './quantity';

/**
 * Replenishment and purchase orders, as pure rules. After a stock-reducing change the server asks whether a
 * location has fallen to its reorder point, counting what is already on order, and drafts one PO line for the
 * reorder quantity (in the supplier's packs) unless an open PO for that product and location exists: never two.
 * Beside each product's set reorder point the console shows a suggested one from recent demand, the lead time and
 * a safety stock, for a manager to accept.
 */
export interface ReorderInput {
  available: Milli;
  onOrder: Milli;
  reorderPoint: Milli;
  reorderQty: Milli;
  /** units per supplier pack (a case of 24); 1 when bought singly */
  packUnits: number;
  leadTimeDays: number;
  openPoExists: boolean;
}

export interface DraftLine {
  /** in the product's milli-units, a whole number of supplier packs */
  qty: Milli;
  packs: number;
  /** ISO date: today + lead time */
  expected: string;
}

/** True when available plus on order is at or below the reorder point (a point of 0 means "do not reorder"). */
export function needsReorder(i: Pick<ReorderInput, 'available' | 'onOrder' | 'reorderPoint'>): boolean {
  return i.reorderPoint > 0 && i.available + i.onOrder <= i.reorderPoint;
}

export function draftLine(i: ReorderInput, today: string): DraftLine | null {
  if (i.openPoExists || !needsReorder(i) || i.reorderQty <= 0) return null;
  if (!Number.isSafeInteger(i.packUnits) || i.packUnits < 1) throw new DomainError('INVALID_QUANTITY', 'a supplier pack holds a whole number of units', { packUnits: i.packUnits });
  const packMilli = i.packUnits * MILLI_PER_UNIT;
  const packs = Math.ceil(i.reorderQty / packMilli);
  return { qty: assertMilli(packs * packMilli), packs, expected: addDays(today, i.leadTimeDays) };
}

export function addDays(isoDate: string, days: number): string {
  if (!Number.isSafeInteger(days) || days < 0 || days > 365) throw new DomainError('INVALID_INPUT', 'a lead time is 0 to 365 days', { days });
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new DomainError('INVALID_INPUT', `not a date: ${isoDate}`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** z for a 95% chance of not running out during the lead time. */
export const SERVICE_LEVEL_Z = 1.65;

/**
 * A suggested reorder point: average daily demand over the window × the lead time, plus a safety stock of
 * z × the daily demand's standard deviation × √lead time; rounded up to whole units. `dailyDemand` has one entry
 * per day of the window (zeros included: a day without sales is demand of zero, not a missing day).
 */
export function suggestedReorderPoint(dailyDemand: readonly Milli[], leadTimeDays: number, z = SERVICE_LEVEL_Z): Milli {
  if (dailyDemand.length === 0) return 0;
  const n = dailyDemand.length;
  const mean = dailyDemand.reduce((a, b) => a + b, 0) / n;
  const variance = dailyDemand.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const point = mean * leadTimeDays + z * Math.sqrt(variance) * Math.sqrt(leadTimeDays);
  return Math.ceil(point / MILLI_PER_UNIT) * MILLI_PER_UNIT;
}

export const PO_STATUSES = ['draft', 'sent', 'confirmed', 'partial', 'received', 'cancelled'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

const NEXT: Readonly<Record<PoStatus, readonly PoStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['confirmed', 'partial', 'received', 'cancelled'],
  confirmed: ['partial', 'received', 'cancelled'],
  partial: ['partial', 'received'],
  received: [],
  cancelled: [],
};

export function assertPoTransition(from: PoStatus, to: PoStatus): void {
  if (!NEXT[from].includes(to)) throw new DomainError('CONFLICT_TRANSITION', `a ${from} purchase order cannot become ${to}`, { from, to });
}

/** The status after a receipt against the PO's lines: partial until every line has arrived in full. */
export function statusAfterReceipt(lines: ReadonlyArray<{ ordered: Milli; received: Milli }>): 'partial' | 'received' {
  return lines.every((l) => l.received >= l.ordered) ? 'received' : 'partial';
}

/**
 * Receiving more than ordered beyond the tenant's tolerance (basis points of the ordered quantity) needs a
 * manager; within it, the extra is accepted as delivered.
 */
export function overReceiptNeedsManager(ordered: Milli, receivedSoFar: Milli, receiving: Milli, toleranceBp: number): boolean {
  const total = receivedSoFar + receiving;
  return total * 10_000 > ordered * (10_000 + toleranceBp);
}
