import type { Milli } from '../../shared/domain/quantity';
import type { ErrorCode } from '../../shared/domain/errors';
import type { Level, MovementKind } from '../../shared/domain/movement';
import { available } from '../../shared/domain/movement';
import type { Operation } from '../../shared/ops/operations';
import type { KnownUser, OpActors, TenantPolicy } from '../../shared/policy/conflict-policy';
import { decideOpActors, decideSale } from '../../shared/policy/conflict-policy';
import type { OpResult, SaleLineResult, WireOpEnvelope } from '../../shared/sync/protocol';
import { CLOCK_SKEW_FLAG_MS } from '../../shared/sync/protocol';
import type { CountPosition } from '../../shared/sync/stocktake';
import { countEffect, countMoment, movedAfterCount, precedesCount } from '../../shared/sync/stocktake';
import { trustedTimes } from '../../shared/sync/trusted-time';
import { fingerprint } from './op-fingerprint';

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
  /** fingerprint of the op (sync/op-fingerprint.ts): a repeat of its seq and id must match it */
  contentHash: string;
}

export interface PlannedMovement {
  productId: string;
  kind: MovementKind;
  qty: Milli;
  before: Milli | null;
  reverses: MovementKind | null;
  dOnHand: Milli;
  opId: string;
  /** the seq of the till's op that wrote it */
  seq: number;
  lineId: string | null;
  userId: string;
  /** the op's trusted time (shared/sync/trusted-time.ts), not the till's claim */
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
  contentHash: string;
  orderedAt: Date;
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
  /** products of the tenant named by the ops, deleted ones included */
  knownProducts: ReadonlySet<string>;
  /** the subset of knownProducts head office deleted */
  deletedProducts: ReadonlySet<string>;
  /** the tenant's users named by the ops */
  users: ReadonlyMap<string, KnownUser>;
  /** trusted time of each op by seq (orderOps()), plus those of stored ops the chunk's counts refer to */
  orderedAt: ReadonlyMap<number, Date>;
  /** the floor of a till without earlier ops: when it was enrolled */
  enrolledAt: Date | null;
  /** `${kind}/${documentId}` of documents already applied under other op ids, with the payload that applied them */
  existingDocuments: ReadonlyMap<string, unknown>;
  /** net on-hand effect of already-stored movements at this product that moved after the count's snapshot */
  storedEffectAfter: (productId: string, count: CountPosition) => Milli;
  newId: () => string;
}

/**
 * The trusted time of each op of a chunk, by seq: the till's claims clamped by what the server has seen
 * (shared/sync/trusted-time.ts), starting from the till's last trusted time.
 */
export function orderOps(ops: readonly PreparedOp[], floor: Date | null, receivedAt: Date): Map<number, Date> {
  const times = trustedTimes(ops.map((p) => new Date(p.raw.occurredAt)), floor, receivedAt);
  return new Map(ops.map((p, i) => [p.raw.seq, times[i] ?? receivedAt]));
}

/**
 * Where a count stood: the snapshot it carries (or, for a count without one, its own commit), with the trusted
 * moment of that snapshot. Null when the snapshot claims ops the till had not yet made.
 */
export function countPositionOf(
  op: Extract<Operation, { type: 'stocktake' }>,
  orderedAt: ReadonlyMap<number, Date>,
  enrolledAt: Date | null,
): CountPosition | null {
  const committedAt = orderedAt.get(op.seq) ?? new Date(op.occurredAt);
  const snapshot = op.payload.snapshot ?? { tillSeq: op.seq - 1, cursor: null, at: op.occurredAt };
  if (snapshot.tillSeq >= op.seq) return null;
  const floor = snapshot.tillSeq === 0 ? enrolledAt : (orderedAt.get(snapshot.tillSeq) ?? null);
  return {
    terminalId: op.tillId,
    tillSeq: snapshot.tillSeq,
    cursor: snapshot.cursor === null ? null : Number(snapshot.cursor),
    countedAt: countMoment(new Date(snapshot.at), floor, committedAt),
  };
}

/** The seqs of stored ops whose trusted time the chunk's counts need (their snapshot's last op). */
export function snapshotSeqsOf(ops: readonly PreparedOp[]): number[] {
  return ops.flatMap((p) => (p.op?.type === 'stocktake' && p.op.payload.snapshot !== undefined ? [p.op.payload.snapshot.tillSeq] : []));
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
  // Documents of this chunk so far, with the payload that applied them (compared only when an id comes again).
  const seenDocuments = new Map<string, unknown>();

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
  const lineChange = (op: Operation, occurredAt: Date, lineId: string | null, productId: string, moves: Array<Omit<PlannedMovement, 'productId' | 'opId' | 'seq' | 'lineId' | 'userId' | 'occurredAt'>>, guarded: boolean): void => {
    let net = 0;
    for (const m of moves) {
      // Built field by field: this runs for every line of every replayed op, and spreading here was the hot spot.
      move(
        { productId, kind: m.kind, qty: m.qty, before: m.before, reverses: m.reverses, dOnHand: m.dOnHand, opId: op.id, seq: op.seq, lineId, userId: op.userId, occurredAt, note: m.note },
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
          seq: op.seq,
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
    const reject = (code: ErrorCode, reason: string): void => {
      plan.ops.push({ ...recorded, document: null, result: { ...base, status: 'rejected', code, reason, lines: [] } });
    };
    if (prepared.preRejection !== null || prepared.op === null) {
      reject(prepared.preRejection?.code ?? 'INVALID_INPUT', prepared.preRejection?.reason ?? 'op could not be read');
      continue;
    }
    const op = prepared.op;
    const actors = decideOpActors(actorsOf(op), input.users);
    if (!actors.ok) {
      reject(actors.code, actors.reason);
      continue;
    }
    const unknown = [...new Set(productIdsOf(op))].filter((p) => !input.knownProducts.has(p));
    if (unknown.length > 0) {
      reject('UNKNOWN_PRODUCT', `product(s) unknown to this tenant: ${unknown.join(', ')}`);
      continue;
    }
    const doc = documentOf(op);
    const docKey = `${doc.kind}/${doc.id}`;
    const prior = input.existingDocuments.has(docKey) ? input.existingDocuments.get(docKey) : seenDocuments.has(docKey) ? seenDocuments.get(docKey) : NOT_SEEN;
    const reuse = documentReuse(prior, prepared.raw.payload);
    if (reuse !== null) {
      reject(reuse, reuse === 'DUPLICATE' ? `${doc.kind} ${doc.id} was already applied by another op` : `${doc.kind} ${doc.id} was already applied with different contents`);
      continue;
    }
    const position = op.type === 'stocktake' ? countPositionOf(op, input.orderedAt, input.enrolledAt) : null;
    if (op.type === 'stocktake' && position === null) {
      reject('INVALID_INPUT', `the count's snapshot names till seq ${op.payload.snapshot?.tillSeq}, not before the count itself (${op.seq})`);
      continue;
    }
    seenDocuments.set(docKey, prepared.raw.payload);

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
            lines: p.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.qty, productDeleted: input.deletedProducts.has(l.productId) })),
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
      case 'stocktake': {
        // countPositionOf() returned a position for every stocktake that got this far.
        const count = position as CountPosition;
        for (const c of op.payload.counts) {
          const l = levelOf(c.productId);
          // Earlier ops of this chunk are this till's own: their seq says whether the sheet already had them.
          const pendingAfter = plan.movements
            .filter((m) => m.productId === c.productId && movedAfterCount({ terminalId: raw.tillId, seq: m.seq, chg: null, orderedAt: m.occurredAt }, count))
            .reduce((s, m) => s + m.dOnHand, 0);
          const effect = countEffect({
            counted: c.counted,
            onHandNow: l.after.onHand,
            effectAfterCount: input.storedEffectAfter(c.productId, count) + pendingAfter,
            countedAt: count.countedAt,
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
              seq: op.seq,
              lineId: null,
              userId: op.userId,
              occurredAt,
              note: effect.applies ? `till expected ${c.before} at the count's snapshot` : 'superseded by a later count',
            },
            false,
          );
          if (effect.applies) l.after.countedAt = count.countedAt;
        }
        break;
      }
    }
    plan.ops.push({ ...recorded, document: doc, result: { ...base, status, code: null, reason: null, lines: lineResults } });
  }
  return plan;
}

/** The users an op names, for decideOpActors(). */
export function actorsOf(op: Operation): OpActors {
  const approverId = op.type === 'sale' ? op.payload.override?.managerId : op.payload.approvedBy;
  return { type: op.type, userId: op.userId, approverId: approverId ?? null };
}

/** Every user an op names. */
export function userIdsOf(op: Operation): string[] {
  const a = actorsOf(op);
  return a.approverId === null ? [a.userId] : [a.userId, a.approverId];
}

/**
 * A business document id (sale, receipt...) seen before under another op: the same document is a duplicate
 * (answered as one, nothing applied twice); different contents under the same id are refused on their own code.
 */
export function documentReuse(storedPayload: unknown, payload: unknown): 'DUPLICATE' | 'ID_REUSED' | null {
  if (storedPayload === NOT_SEEN) return null;
  return fingerprint(storedPayload) === fingerprint(payload) ? 'DUPLICATE' : 'ID_REUSED';
}

/** Marks a document id not applied before (any JSON value, null included, can be a stored payload). */
export const NOT_SEEN: unique symbol = Symbol('not seen');
