import type { ErrorCode } from '../../../shared/domain/errors';
import type { OpResult, SaleLineResult } from '../../../shared/sync/protocol';
import { CLOCK_SKEW_FLAG_MS } from '../../../shared/sync/protocol';
import { admit } from './admission';
import { planStocktake } from './counts';
import { LevelBook } from './level-book';
import { replaying } from './line-writes';
import { ReservationBook, planReservationOp } from './reservations';
import { planRatePost } from './rates';
import { ShiftDesk } from './shifts';
import { planSale } from './sales';
import { SaleBook } from './returns';
import { planAdjustment, planReceipt, planWaste } from './stock-documents';
import { TransferDesk, planTransferOp } from './transfers';
import type { Plan, PlanInput } from './types';

/**
 * Plans the effect of a chunk of a till's new ops against the locked authoritative levels of its store, in
 * memory and in seq order: which movements to append, how each level moves, which conflicts open, and each op's
 * result. The caller then writes the plan in a few set-based statements inside the same transaction
 * (db/push-repo.ts writeLedger()). Every movement goes through the one rule (LevelBook); what is guarded, and
 * every sale line, is decided by shared/policy/conflict-policy.ts; everything here is bookkeeping.
 */
export function planOps(input: PlanInput): Plan {
  const book = new LevelBook(input.levels);
  const reservations = new ReservationBook(input.reservations);
  const transfers = new TransferDesk(input.transfers ?? new Map(), input.locations ?? new Map(), input.levels);
  const shifts = new ShiftDesk(input.shifts ?? { open: null, lastZ: 0 }, input.users);
  const sales = new SaleBook(input.sales ?? new Map());
  const plan: Plan = {
    movements: book.movements,
    levels: book.levels,
    conflicts: [],
    ops: [],
    reservations: { created: [], updated: [] },
    transfers: { created: [], updated: [], events: [] },
    ratePosts: [],
    shifts: shifts.writes,
    returns: sales.returns,
  };
  // Documents of this chunk so far, with the payload that applied them (compared only when an id comes again).
  const seenDocuments = new Map<string, unknown>();

  for (const prepared of input.ops) {
    const { raw } = prepared;
    const claimedAt = new Date(raw.occurredAt);
    // Stock is ordered by the trusted time; the till's claim stays in the op record (and drives the skew flag).
    const occurredAt = input.orderedAt.get(raw.seq) ?? input.receivedAt;
    const base = {
      opId: raw.id,
      seq: raw.seq,
      type: raw.type,
      clockSkew: Math.abs(input.receivedAt.getTime() - claimedAt.getTime()) > CLOCK_SKEW_FLAG_MS,
      receivedAt: input.receivedAt.toISOString(),
    };
    const recorded = { raw, contentHash: prepared.contentHash, orderedAt: occurredAt };
    const admission = admit(prepared, input, seenDocuments);
    if (!admission.admitted) {
      const code: ErrorCode = admission.code;
      plan.ops.push({ ...recorded, document: null, result: { ...base, status: 'rejected', code, reason: admission.reason, lines: [] } });
      continue;
    }
    const { op } = admission;
    const r = replaying(op, input.storeId, occurredAt);
    let status: OpResult['status'] = 'accepted';
    let lines: SaleLineResult[] = [];
    switch (op.type) {
      case 'sale': {
        const sale = planSale(book, r, op, input);
        status = sale.status;
        lines = sale.lines;
        plan.conflicts.push(...sale.conflicts);
        sales.addSale(op, new Set(sale.lines.filter((l) => l.action === 'reverse').map((l) => l.lineId)));
        break;
      }
      case 'sale_return': {
        const out = sales.plan(book, r, op, input.newId);
        if (out.rejected) {
          seenDocuments.delete(`${admission.document.kind}/${admission.document.id}`);
          plan.ops.push({ ...recorded, document: null, result: { ...base, status: 'rejected', code: out.code, reason: out.reason, lines: [] } });
          continue;
        }
        plan.conflicts.push(...out.conflicts);
        break;
      }
      case 'receipt':
        planReceipt(book, r, op);
        break;
      case 'waste':
        planWaste(book, r, op);
        break;
      case 'adjustment':
        planAdjustment(book, r, op);
        break;
      case 'stocktake':
        // admit() gives every stocktake its count position.
        if (admission.count === null) throw new Error(`stocktake ${op.id} was admitted without its count position`);
        planStocktake(book, r, op, admission.count, input.storedEffectAfter);
        break;
      case 'reservation_create':
      case 'reservation_fulfil':
      case 'reservation_release': {
        const out = planReservationOp(book, reservations, r, op, input.newId);
        if (out.rejected) {
          // Refused before anything of it was written: its document was not applied after all.
          seenDocuments.delete(`${admission.document.kind}/${admission.document.id}`);
          plan.ops.push({ ...recorded, document: null, result: { ...base, status: 'rejected', code: out.code, reason: out.reason, lines: [] } });
          continue;
        }
        status = out.status;
        lines = out.lines;
        plan.conflicts.push(...out.conflicts);
        break;
      }
      case 'transfer_request':
      case 'transfer_step':
      case 'transfer_dispatch':
      case 'transfer_receive':
      case 'transfer_resolve': {
        const out = planTransferOp(book, transfers, r, op);
        if (out.rejected) {
          seenDocuments.delete(`${admission.document.kind}/${admission.document.id}`);
          plan.ops.push({ ...recorded, document: null, result: { ...base, status: 'rejected', code: out.code, reason: out.reason, lines: [] } });
          continue;
        }
        break;
      }
      case 'rate_post': {
        const out = planRatePost(op, input.currency, occurredAt);
        if (out.rejected) {
          seenDocuments.delete(`${admission.document.kind}/${admission.document.id}`);
          plan.ops.push({ ...recorded, document: null, result: { ...base, status: 'rejected', code: out.code, reason: out.reason, lines: [] } });
          continue;
        }
        plan.ratePosts.push(out.post);
        break;
      }
      // A void moves nothing: the applied op, with its user and approver (the policy's rolesFor() checked a
      // manager), is the audit's record.
      case 'line_void':
        break;
      case 'shift_open':
      case 'cash_move':
      case 'shift_close':
      case 'drawer_open': {
        const out = shifts.apply(op, occurredAt);
        if (out.rejected) {
          seenDocuments.delete(`${admission.document.kind}/${admission.document.id}`);
          plan.ops.push({ ...recorded, document: null, result: { ...base, status: 'rejected', code: out.code, reason: out.reason, lines: [] } });
          continue;
        }
        break;
      }
    }
    plan.ops.push({ ...recorded, document: admission.document, result: { ...base, status, code: null, reason: null, lines } });
  }
  plan.reservations = reservations.writes();
  plan.transfers = transfers.writes();
  return plan;
}
