import type { ErrorCode } from '../../../shared/domain/errors';
import type { Guard, Level, LevelDelta, Movement } from '../../../shared/domain/movement';
import type { MovementCause } from '../../../shared/domain/movement-cause';
import type { Milli } from '../../../shared/domain/quantity';
import type { Operation } from '../../../shared/ops/operations';
import type { KnownUser, TenantPolicy } from '../../../shared/policy/conflict-policy';
import type { OpResult, WireOpEnvelope } from '../../../shared/sync/protocol';
import type { CountPosition } from '../../../shared/sync/stocktake';
import type { ReservationState, ReservationWrites } from './reservations';
import type { TransferState, TransferWrites } from './transfers';
import type { PlannedRatePost } from './rates';
import type { ShiftState, ShiftWrites } from './shifts';
import type { PlannedReturn, SaleRecord } from './returns';
import type { Currency } from '../../../shared/domain/money';

/** The shapes of a replay plan: what planOps() reads and what the writers of db/push-repo.ts write. */

/** A level row as locked FOR UPDATE for the chunk. */
export interface LockedLevel extends Level {
  /** the trusted moment of the latest applied count of this shelf */
  countedAt: Date | null;
  /** the op id of that count; null for a level counted before counts were named (migration 0007) */
  countedBy: string | null;
}

/** Locked level rows by location, then product: the till's store and the other end of each transfer it records. */
export type LockedLevels = ReadonlyMap<string, ReadonlyMap<string, LockedLevel>>;

/** One level row to lock and plan: a product at a location. */
export interface LevelKey {
  locationId: string;
  productId: string;
}

/** An op after validation: `op` is null when it is rejected before planning (future schema version). */
export interface PreparedOp {
  raw: WireOpEnvelope;
  op: Operation | null;
  preRejection: { code: ErrorCode; reason: string } | null;
  /** fingerprint of the op (sync/op-fingerprint.ts): a repeat of its seq and id must match it */
  contentHash: string;
}

/** One ledger movement to append: the domain movement, what its rule moved, and where it came from. */
export interface PlannedMovement {
  /** the level it moves: the pushing till's store, or the other end of a transfer */
  locationId: string;
  productId: string;
  movement: Movement;
  /** movementRule(movement).delta: what it moves on each of the four quantities */
  delta: LevelDelta;
  /** whether it was written under its rule's guard (decideLedgerWrite()) */
  guarded: boolean;
  cause: MovementCause;
  /** the op whose replay wrote it (a count offset names the op of the change it offsets; its cause names the count) */
  opId: string | null;
  /** the seq of that op at its till */
  seq: number | null;
  lineId: string | null;
  userId: string | null;
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
  /**
   * The bound the write re-checks on the row as it stands (level-sql.ts batchGuardAfter()): it holds iff every
   * guarded movement of the chunk at this level finds its guard holding at its place in the sequence. Empty when
   * no guarded movement lowered anything here. The plan was made from the row locked FOR UPDATE, so a bound that
   * fails at the write is a bug, and the whole transaction aborts.
   */
  guard: Guard;
}

/** Planned levels by location, then product. */
export type LevelMap = Map<string, Map<string, PlannedLevel>>;

export interface PlannedOp {
  raw: WireOpEnvelope;
  result: OpResult;
  document: { kind: string; id: string } | null;
  contentHash: string;
  orderedAt: Date;
}

/** What one chunk writes: its movements in order, the levels they move, the conflicts they open, each op's result. */
export interface Plan {
  movements: PlannedMovement[];
  levels: LevelMap;
  conflicts: PlannedConflict[];
  ops: PlannedOp[];
  /** reservations the chunk made or changed (plan/reservations.ts) */
  reservations: ReservationWrites;
  /** transfers the chunk made or changed, with their new events (plan/transfers.ts) */
  transfers: TransferWrites;
  /** exchange rates the chunk's rate_post ops recorded (plan/rates.ts) */
  ratePosts: PlannedRatePost[];
  /** shifts opened, cash moved and Z reports closed by the chunk's shift ops (plan/shifts.ts) */
  shifts: ShiftWrites;
  /** returns the chunk's sale_return ops recorded (plan/returns.ts) */
  returns: PlannedReturn[];
}

export interface PlanInput {
  policy: TenantPolicy;
  receivedAt: Date;
  ops: readonly PreparedOp[];
  /** the pushing till's store (from its credentials): where its own stock moves */
  storeId: string;
  levels: LockedLevels;
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
  /** the stored reservations the chunk's fulfilments and releases name, locked (absent: none) */
  reservations?: ReadonlyMap<string, ReservationState>;
  /** the stored transfers the chunk's transfer ops name, locked (absent: none) */
  transfers?: ReadonlyMap<string, TransferState>;
  /** the tenant's locations by id, with their names (an end of a transfer must be one; absent: the chunk has no transfer op) */
  locations?: ReadonlyMap<string, string>;
  /** the tenant's currency, the base of every rate it posts (absent: not checked) */
  currency?: Currency;
  /** the pushing till's open shift and last Z number at the server (absent: none, the chunk has no shift op) */
  shifts?: ShiftState;
  /** the stored sales the chunk's returns name, locked, with what earlier returns took back (absent: none) */
  sales?: ReadonlyMap<string, SaleRecord>;
  newId: () => string;
}
