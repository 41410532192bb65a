import type { Milli } from '../../shared/domain/quantity';
import type { ErrorCode } from '../../shared/domain/errors';
import type { Level, MovementKind } from '../../shared/domain/movement';
import { available } from '../../shared/domain/movement';
import type { Operation } from '../../shared/ops/operations';
import type { TenantPolicy } from '../../shared/policy/conflict-policy';
import { decideSale } from '../../shared/policy/conflict-policy';
import type { OpResult, SaleLineResult, WireOpEnvelope } from '../../shared/sync/protocol';
import { CLOCK_SKEW_FLAG_MS } from '../../shared/sync/protocol';
import { countEffect, precedesCount } from '../../shared/sync/stocktake';

/**
 * Plans the effect of a chunk of a till's new ops against the locked authoritative levels of its store, in
 * memory and in seq order: which movements to append, how each level moves, which conflicts open, and each op's
 * result. The caller then writes the plan in a few set-based statements inside the same transaction.
 * Sale lines are decided by decideSale() alone; everything else here is bookkeeping.
 */
export interface LockedLevel extends Level {
  countedAt: Date | null;
}

/** An op after validation: `op` is null when it is rejected before planning (future schema version). */
export interface PreparedOp {
  raw: WireOpEnvelope;
  op: Operation | null;
  preRejection: { code: ErrorCode; reason: string } | null;
}

export interface PlannedMovement {
  productId: string;
  kind: MovementKind;
  qty: Milli;
  before: Milli | null;
  reverses: MovementKind | null;
  dOnHand: Milli;
  opId: string;
  lineId: string | null;
  userId: string;
  occurredAt: Date;
  note: string | null;
}

export interface PlannedConflict {
  id: string;
  kind: 'contact_customer' | 'stock_discrepancy';
  opId: string;
  saleId: string;
  lineId: string;
  productId: string;
  qty: Milli;
  availableAtReplay: Milli;
  reason: string;
  customerContact: unknown;
  cashierId: string;
  occurredAt: Date;
}

export interface PlannedLevel {
  before: LockedLevel;
  after: LockedLevel;
  /** only policy-kept reductions touched it: the write re-checks that available did not fall below zero */
  guarded: boolean;
}

export interface PlannedOp {
  raw: WireOpEnvelope;
  result: OpResult;
  document: { kind: string; id: string } | null;
}

export interface Plan {
  movements: PlannedMovement[];
  levels: Map<string, PlannedLevel>;
  conflicts: PlannedConflict[];
  ops: PlannedOp[];
}

export interface PlanInput {
  policy: TenantPolicy;
  receivedAt: Date;
  ops: readonly PreparedOp[];
  levels: ReadonlyMap<string, LockedLevel>;
  knownProducts: ReadonlySet<string>;
  /** `${kind}/${documentId}` of documents already applied under other op ids */
  existingDocuments: ReadonlySet<string>;
  /** net on-hand effect of already-stored movements at this product that happened after `at` */
  storedEffectAfter: (productId: string, at: Date) => Milli;
  newId: () => string;
}

export function documentOf(op: Operation): { kind: string; id: string } {
  switch (op.type) {
    case 'sale':
      return { kind: 'sale', id: op.payload.saleId };
    case 'receipt':
      return { kind: 'receipt', id: op.payload.receiptId };
    case 'waste':
      return { kind: 'waste', id: op.payload.wasteId };
    case 'stocktake':
      return { kind: 'stocktake', id: op.payload.stocktakeId };
    case 'adjustment':
      return { kind: 'adjustment', id: op.payload.adjustmentId };
  }
}

export function productIdsOf(op: Operation): string[] {
  switch (op.type) {
    case 'sale':
    case 'receipt':
    case 'waste':
    case 'adjustment':
      return op.payload.lines.map((l) => l.productId);
    case 'stocktake':
      return op.payload.counts.map((c) => c.productId);
  }
}

export function planOps(input: PlanInput): Plan {
  const plan: Plan = { movements: [], levels: new Map(), conflicts: [], ops: [] };
  const seenDocuments = new Set<string>();

  const levelOf = (productId: string): PlannedLevel => {
    let l = plan.levels.get(productId);
    if (l === undefined) {
      const locked = input.levels.get(productId) ?? { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0, countedAt: null };
      l = { before: locked, after: { ...locked }, guarded: true };
      plan.levels.set(productId, l);
    }
    return l;
  };

  const move = (m: PlannedMovement, guarded: boolean): void => {
    plan.movements.push(m);
    const l = levelOf(m.productId);
    l.after.onHand += m.dOnHand;
    if (!guarded) l.guarded = false;
  };

  /**
   * Writes the movements of one line; when the change happened before the latest applied count of the shelf,
   * an offsetting ADJUST keeps the level where the count put it (the count already saw this change).
   */
  const lineChange = (op: Operation, occurredAt: Date, lineId: string | null, productId: string, moves: Array<Omit<PlannedMovement, 'productId' | 'opId' | 'lineId' | 'userId' | 'occurredAt'>>, guarded: boolean): void => {
    let net = 0;
    for (const m of moves) {
      // Built field by field: this runs for every line of every replayed op, and spreading here was the hot spot.
      move(
        { productId, kind: m.kind, qty: m.qty, before: m.before, reverses: m.reverses, dOnHand: m.dOnHand, opId: op.id, lineId, userId: op.userId, occurredAt, note: m.note },
        guarded,
      );
      net += m.dOnHand;
    }
    const countedAt = levelOf(productId).after.countedAt;
    if (net !== 0 && precedesCount(occurredAt, countedAt)) {
      move(
        {
          productId,
          kind: 'ADJUST',
          qty: -net,
          before: null,
          reverses: null,
          dOnHand: -net,
          opId: op.id,
          lineId,
          userId: op.userId,
          occurredAt,
          note: `already included in the count taken at ${countedAt?.toISOString()}`,
        },
        guarded,
      );
    }
  };

  for (const prepared of input.ops) {
    const { raw } = prepared;
    const occurredAt = new Date(raw.occurredAt);
    const base = {
      opId: raw.id,
      seq: raw.seq,
      type: raw.type,
      clockSkew: Math.abs(input.receivedAt.getTime() - occurredAt.getTime()) > CLOCK_SKEW_FLAG_MS,
      receivedAt: input.receivedAt.toISOString(),
    };
    const reject = (code: ErrorCode, reason: string): void => {
      plan.ops.push({ raw, document: null, result: { ...base, status: 'rejected', code, reason, lines: [] } });
    };
    if (prepared.preRejection !== null || prepared.op === null) {
      reject(prepared.preRejection?.code ?? 'INVALID_INPUT', prepared.preRejection?.reason ?? 'op could not be read');
      continue;
    }
    const op = prepared.op;
    const unknown = [...new Set(productIdsOf(op))].filter((p) => !input.knownProducts.has(p));
    if (unknown.length > 0) {
      reject('UNKNOWN_PRODUCT', `unknown or deleted product(s): ${unknown.join(', ')}`);
      continue;
    }
    const doc = documentOf(op);
    const docKey = `${doc.kind}/${doc.id}`;
    if (input.existingDocuments.has(docKey) || seenDocuments.has(docKey)) {
      reject('DUPLICATE', `${doc.kind} ${doc.id} was already applied by another op`);
      continue;
    }
    seenDocuments.add(docKey);

    let status: OpResult['status'] = 'accepted';
    const lineResults: SaleLineResult[] = [];
    switch (op.type) {
      case 'sale': {
        const p = op.payload;
        const availableBefore = new Map<string, Milli>();
        for (const line of p.lines) {
          const l = levelOf(line.productId);
          if (!availableBefore.has(line.productId)) availableBefore.set(line.productId, available(l.after));
          // A sale the shelf's count already saw cannot be short: the count is lower by exactly this line.
          if (precedesCount(occurredAt, l.after.countedAt)) {
            availableBefore.set(line.productId, (availableBefore.get(line.productId) ?? 0) + line.qty);
          }
        }
        const decision = decideSale(
          input.policy,
          {
            lines: p.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.qty })),
            hasCustomerContact: p.customerContact !== undefined,
            managerOverride: p.override !== undefined,
          },
          availableBefore,
        );
        status = decision.outcome;
        for (const d of decision.lines) {
          const sale = { kind: 'SALE' as const, qty: d.qty, before: null, reverses: null, dOnHand: -d.qty, note: null };
          let conflictId: string | null = null;
          if (d.action === 'keep') {
            lineChange(op, occurredAt, d.lineId, d.productId, [sale], true);
          } else {
            conflictId = input.newId();
            plan.conflicts.push({
              id: conflictId,
              kind: d.conflict,
              opId: op.id,
              saleId: p.saleId,
              lineId: d.lineId,
              productId: d.productId,
              qty: d.qty,
              availableAtReplay: d.available,
              reason: d.reason,
              customerContact: p.customerContact ?? null,
              cashierId: op.userId,
              occurredAt,
            });
            if (d.action === 'reverse') {
              const reversal = { kind: 'REVERSAL' as const, qty: d.qty, before: null, reverses: 'SALE' as const, dOnHand: d.qty, note: d.reason };
              lineChange(op, occurredAt, d.lineId, d.productId, [sale, reversal], true);
            } else {
              lineChange(op, occurredAt, d.lineId, d.productId, [{ ...sale, note: d.reason }], false);
            }
          }
          lineResults.push({
            lineId: d.lineId,
            productId: d.productId,
            qty: d.qty,
            action: d.action,
            reason: d.action === 'keep' ? null : d.reason,
            available: d.action === 'keep' ? null : d.available,
            conflictId,
          });
        }
        break;
      }
      case 'receipt':
        for (const l of op.payload.lines) {
          lineChange(op, occurredAt, null, l.productId, [{ kind: 'RECEIVE', qty: l.qty, before: null, reverses: null, dOnHand: l.qty, note: op.payload.reference ?? null }], true);
        }
        break;
      case 'waste':
        // Waste already left the building: refusing it would only make the ledger lie. Recorded unguarded.
        for (const l of op.payload.lines) {
          lineChange(op, occurredAt, null, l.productId, [{ kind: 'WASTE', qty: l.qty, before: null, reverses: null, dOnHand: -l.qty, note: l.reason }], false);
        }
        break;
      case 'adjustment':
        // A manager's correction of what is physically there; like waste it is recorded even below zero.
        for (const l of op.payload.lines) {
          lineChange(op, occurredAt, null, l.productId, [{ kind: 'ADJUST', qty: l.delta, before: null, reverses: null, dOnHand: l.delta, note: l.reason }], l.delta > 0);
        }
        break;
      case 'stocktake':
        for (const c of op.payload.counts) {
          const l = levelOf(c.productId);
          const pendingAfter = plan.movements
            .filter((m) => m.productId === c.productId && m.occurredAt.getTime() > occurredAt.getTime())
            .reduce((s, m) => s + m.dOnHand, 0);
          const effect = countEffect({
            counted: c.counted,
            onHandNow: l.after.onHand,
            effectAfterCount: input.storedEffectAfter(c.productId, occurredAt) + pendingAfter,
            countedAt: occurredAt,
            lastCountedAt: l.after.countedAt,
          });
          move(
            {
              productId: c.productId,
              kind: 'STOCKTAKE',
              qty: c.counted,
              before: effect.before,
              reverses: null,
              dOnHand: effect.delta,
              opId: op.id,
              lineId: null,
              userId: op.userId,
              occurredAt,
              note: effect.applies ? `till saw ${c.before}` : 'superseded by a later count',
            },
            false,
          );
          if (effect.applies) l.after.countedAt = occurredAt;
        }
        break;
    }
    plan.ops.push({ raw, document: doc, result: { ...base, status, code: null, reason: null, lines: lineResults } });
  }
  return plan;
}
