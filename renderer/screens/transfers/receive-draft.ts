import type { BranchInput, ScanView, TransferView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { addQty, type Milli } from '../../../shared/domain/quantity';
import type { QtyText } from '../../app/format';
import { parseCount, scanStep } from '../manager/stock-lines';

/**
 * What the receiving manager counts, per product of the transfer, before it is recorded: the counts stay text
 * (as typed, in the till's digits) until the receipt is sent. Pure, so the rules are tested without a screen:
 * - a scan counts one good unit (a whole case for a case's barcode), on the product's line, or on a new line for
 *   a product that was not on the transfer (it arrived anyway: an excess, which must say why);
 * - a line that accepts more than was sent must give a reason (shared/domain/transfer.ts assertReceipt), but only
 *   when this till knows what was sent: before the dispatch reached it there is nothing to be over.
 */
export interface ReceiveLine {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  /**
   * what is still to arrive (sent, less what earlier receipts and resolutions accounted for), or, before the
   * dispatch is known here, what was asked for: what "all arrived" fills in, and beyond which a line is over
   */
  expected: Milli;
  receivedText: string;
  damagedText: string;
  overReason: string;
}

/** Whether this till knows what left the source: only then can a line be over what was sent. */
export function dispatchKnown(t: TransferView | null): boolean {
  return t !== null && (t.sentAt !== null || t.lines.some((l) => l.sent > 0));
}

/**
 * One line per product still expected, nothing counted yet. Once the dispatch is known that is what is still on
 * its way (the line's open shortfall): a second parcel's "all arrived" must not count the first parcel again, and
 * anything beyond it is over (the backend's assertReceipt checks the same). A product no longer expected that
 * arrives anyway is scanned onto a line of its own.
 */
export function receiveDraft(t: TransferView | null): ReceiveLine[] {
  if (t === null) return [];
  const sent = dispatchKnown(t);
  const expected = (l: TransferView['lines'][number]): Milli => (sent ? Math.max(0, l.short) : l.requested);
  return t.lines
    .filter((l) => expected(l) > 0)
    .map((l) => ({ productId: l.productId, sku: l.sku, name: l.name, unit: l.unit, expected: expected(l), receivedText: '', damagedText: '', overReason: '' }));
}

/** A scan on the receiving screen: one more good unit of the product, or the whole pack for a case's barcode. */
export function countScan(lines: readonly ReceiveLine[], view: ScanView, num: QtyText): ReceiveLine[] {
  const step = scanStep(view);
  const i = lines.findIndex((l) => l.productId === view.product.id);
  if (i < 0) {
    const p = view.product;
    return [...lines, { productId: p.id, sku: p.sku, name: p.name, unit: p.unit, expected: 0, receivedText: num.write(step), damagedText: '', overReason: '' }];
  }
  return lines.map((l, j) => {
    if (j !== i) return l;
    let now: Milli;
    try {
      now = parseCount(l, l.receivedText, num);
    } catch {
      // an unreadable count stays as typed; it is flagged on submit
      return l;
    }
    return { ...l, receivedText: num.write(addQty(now, step)) };
  });
}

/** "Everything arrived as sent": each line's good count set to what was sent, damaged cleared. */
export function fillAsExpected(lines: readonly ReceiveLine[], num: QtyText): ReceiveLine[] {
  return lines.map((l) => ({ ...l, receivedText: num.write(l.expected), damagedText: '' }));
}

/** How much more than expected arrived on the line (good and damaged together); 0 when not over, or unreadable. */
export function overBy(line: ReceiveLine, num: QtyText): Milli {
  try {
    return Math.max(0, parseCount(line, line.receivedText, num) + parseCount(line, line.damagedText, num) - line.expected);
  } catch {
    return 0;
  }
}

export type ReceiptLines = BranchInput<'transfer.receive'>['lines'];

/**
 * The receipt's lines, every line of the draft (a line where nothing arrived says so: it stays short). Throws the
 * DomainError of the first unreadable count, or INVALID_QUANTITY naming the lines over what was sent without a
 * reason (`details.productIds`).
 */
export function receiptLines(lines: readonly ReceiveLine[], known: boolean, num: QtyText): ReceiptLines {
  const out: ReceiptLines = [];
  const unexplained: string[] = [];
  for (const l of lines) {
    const received = parseCount(l, l.receivedText, num);
    const damaged = parseCount(l, l.damagedText, num);
    const over = known && received + damaged > l.expected;
    const reason = l.overReason.trim();
    if (over && reason === '') unexplained.push(l.productId);
    out.push({ productId: l.productId, received, damaged, ...(over && reason !== '' ? { over: { reason } } : {}) });
  }
  if (unexplained.length > 0) {
    throw new DomainError('INVALID_QUANTITY', 'more arrived than was sent: say why on each such line', { productIds: unexplained });
  }
  if (out.length === 0) throw new DomainError('INVALID_INPUT', 'nothing to record: scan or add what arrived');
  return out;
}
