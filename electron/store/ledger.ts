import { levelUpdateClauses, levelUpdateShape, levelUpdateValues, shapeKey } from '../../shared/domain/level-sql';
import type { Guard, Level, LevelDelta, Movement, MovementRule } from '../../shared/domain/movement';
import { movementRule } from '../../shared/domain/movement';
import { SYSTEM_CAUSE_KINDS, type MovementCause, type SystemCauseKind } from '../../shared/domain/movement-cause';
import type Database from 'better-sqlite3';
import type { TillStore } from './database';
import { asRangeError } from './ranges';

const LEVEL_COLUMNS = 'on_hand AS onHand, reserved, in_transit AS inTransit, quarantined';

/**
 * Where a till movement came from (shared/domain/movement-cause.ts, migration 0006): the local operation that
 * carries it, by its seq (the op's id is in the outbox), or a kind of system bookkeeping with a reference to follow.
 */
export type TillMovementCause = { kind: 'op'; opSeq: number } | { kind: SystemCauseKind; ref: string };

/** The movement is part of local operation `opSeq` (written in that op's transaction). */
export function opCause(opSeq: number): TillMovementCause {
  return { kind: 'op', opSeq };
}

/** The movement is the system's own bookkeeping: which kind, and a reference an auditor can follow. */
export function systemCause(kind: SystemCauseKind, ref: string): TillMovementCause {
  return { kind, ref };
}

export interface MovementTarget {
  productId: string;
  locationId: string;
  movement: Movement;
  /** why it is written: required, so no movement reaches the ledger without a cause */
  cause: TillMovementCause;
  occurredAt: string;
  /** record it even if it breaks its guard (a manager override, a count): the level may go negative */
  unguarded?: boolean;
}

export type MovementResult = { ok: true; level: Level; delta: LevelDelta } | { ok: false; level: Level; guard: Guard };

/**
 * Applies one movement: ONE conditional UPDATE whose WHERE clause is the movement's guard (so the check and the
 * write cannot race), then the append-only movement row. Zero rows changed means refused, and nothing is
 * written. Must run inside the caller's transaction, with the operation that carries it.
 */
export function applyMovement(store: TillStore, target: MovementTarget): MovementResult {
  const rule = movementRule(target.movement);
  const guard = target.unguarded ? {} : rule.guard;
  const { update, params } = levelUpdate(store, rule, target);
  let level = guardedUpdate(update, params, target);
  if (level === undefined) {
    const current = readLevel(store, target.productId, target.locationId);
    if (current !== undefined) return { ok: false, level: current, guard };
    // Every guard asks for a positive amount, so an empty level can never satisfy one: refuse without writing.
    if (Object.keys(guard).length > 0) return { ok: false, level: { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0 }, guard };
    // First movement of this product here (a receipt of something never stocked): start from an empty level.
    store.stmt('INSERT INTO levels (product_id, location_id) VALUES (?, ?)').run(target.productId, target.locationId);
    level = guardedUpdate(update, params, target);
    if (level === undefined) throw new Error(`level ${target.productId} at ${target.locationId} vanished inside its transaction`);
  }

  const m = target.movement;
  const cause = target.cause;
  try {
    store
      .stmt(
        `INSERT INTO movements (product_id, location_id, kind, qty, before, leg, reverses, op_seq, cause_kind, cause_ref, occurred_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        target.productId,
        target.locationId,
        m.kind,
        m.qty,
        m.kind === 'STOCKTAKE' ? m.before : null,
        m.kind === 'TRANSFER_OUT' ? m.leg : m.kind === 'REVERSAL' ? (m.leg ?? null) : null,
        m.kind === 'REVERSAL' ? m.reverses : null,
        cause.kind === 'op' ? cause.opSeq : null,
        cause.kind,
        cause.kind === 'op' ? null : cause.ref,
        target.occurredAt,
      );
  } catch (error) {
    throw asRangeError(error, { productId: target.productId, locationId: target.locationId });
  }
  return { ok: true, level, delta: rule.delta };
}

/** The rule's SQL (shared/domain/level-sql.ts), one prepared statement per shape of delta and guard. */
const updateSqlByShape = new Map<string, string>();
function levelUpdate(store: TillStore, rule: MovementRule, target: MovementTarget): { update: Database.Statement<unknown[], Level>; params: unknown[] } {
  const shape = levelUpdateShape(rule, target.unguarded === true);
  const key = shapeKey(shape);
  let sql = updateSqlByShape.get(key);
  if (sql === undefined) {
    const clauses = levelUpdateClauses(shape, () => '?');
    sql = `UPDATE levels SET ${clauses.set} WHERE product_id = ? AND location_id = ?${clauses.guard} RETURNING ${LEVEL_COLUMNS}`;
    updateSqlByShape.set(key, sql);
  }
  const values = levelUpdateValues(rule, shape);
  const params: unknown[] = [...values.slice(0, shape.set.length), target.productId, target.locationId, ...values.slice(shape.set.length)];
  return { update: store.stmt<unknown[], Level>(sql), params };
}

/** The level UPDATE; a level the movement would take beyond its range is refused as OUT_OF_RANGE, naming the product. */
function guardedUpdate(update: Database.Statement<unknown[], Level>, params: unknown[], target: MovementTarget): Level | undefined {
  try {
    return update.get(...params);
  } catch (error) {
    throw asRangeError(error, { productId: target.productId, locationId: target.locationId });
  }
}

export function readLevel(store: TillStore, productId: string, locationId: string): Level | undefined {
  return store
    .stmt<[string, string], Level>(`SELECT ${LEVEL_COLUMNS} FROM levels WHERE product_id = ? AND location_id = ?`)
    .get(productId, locationId);
}

export interface MovementRow {
  product_id: string;
  location_id: string;
  kind: string;
  qty: number;
  before: number | null;
  leg: string | null;
  reverses: string | null;
  op_seq: number | null;
}

/** Rebuilds the domain Movement from a stored row (for the invariant checks and the sync client's rebase). */
export function movementFromRow(row: MovementRow): Movement {
  switch (row.kind) {
    case 'STOCKTAKE':
      return { kind: 'STOCKTAKE', qty: row.qty, before: row.before ?? 0 };
    case 'TRANSFER_OUT':
      return { kind: 'TRANSFER_OUT', qty: row.qty, leg: row.leg === 'destination' ? 'destination' : 'source' };
    case 'REVERSAL':
      return {
        kind: 'REVERSAL',
        qty: row.qty,
        reverses: row.reverses as Extract<Movement, { kind: 'REVERSAL' }>['reverses'],
        ...(row.leg === null ? {} : { leg: row.leg as 'source' | 'destination' }),
      };
    default:
      return { kind: row.kind, qty: row.qty } as Movement;
  }
}

const MOVEMENT_ROW_COLUMNS = 'm.product_id, m.location_id, m.kind, m.qty, m.before, m.leg, m.reverses, m.op_seq';

/** The movements a still-pending op wrote at a location: the part of the local ledger the server does not know yet. */
export function pendingOpMovements(store: TillStore, locationId: string): MovementRow[] {
  return store
    .stmt<[string], MovementRow>(
      `SELECT ${MOVEMENT_ROW_COLUMNS} FROM movements m JOIN ops o ON o.seq = m.op_seq WHERE o.state = 'pending' AND m.location_id = ?`,
    )
    .all(locationId);
}

/** The movements local op `opSeq` wrote, in the order it wrote them. */
export function movementsOfOp(store: TillStore, opSeq: number): MovementRow[] {
  return store.stmt<[number], MovementRow>(`SELECT ${MOVEMENT_ROW_COLUMNS} FROM movements m WHERE m.op_seq = ? ORDER BY m.id`).all(opSeq);
}

/** The movements written at a location after movement `movementId` (ids only grow), in order. */
export function movementsAtLocationSince(store: TillStore, locationId: string, movementId: number): MovementRow[] {
  return store
    .stmt<[string, number], MovementRow>(`SELECT ${MOVEMENT_ROW_COLUMNS} FROM movements m WHERE m.location_id = ? AND m.id > ? ORDER BY m.id`)
    .all(locationId, movementId);
}

export interface AuditedMovement {
  id: number;
  productId: string;
  locationId: string;
  kind: string;
  qty: number;
  /** the op's seq for an op movement, null for a system one */
  opSeq: number | null;
  /** the cause as the shared type names it: an op by its id, system bookkeeping by kind and reference */
  cause: MovementCause | null;
}

/**
 * Every movement with the cause an auditor follows: an op movement joined to its op (null when the op it names is
 * missing, which the foreign key and the trigger of migration 0006 should make impossible), a system one with its
 * kind and reference. For audits and the tests that check every write path names its cause.
 */
export function auditedMovements(store: TillStore): AuditedMovement[] {
  const rows = store
    .stmt<[], { id: number; product_id: string; location_id: string; kind: string; qty: number; op_seq: number | null; cause_kind: string; cause_ref: string | null; op_id: string | null }>(
      `SELECT m.id, m.product_id, m.location_id, m.kind, m.qty, m.op_seq, m.cause_kind, m.cause_ref, o.id AS op_id
       FROM movements m LEFT JOIN ops o ON o.seq = m.op_seq ORDER BY m.id`,
    )
    .all();
  return rows.map((r) => ({
    id: r.id,
    productId: r.product_id,
    locationId: r.location_id,
    kind: r.kind,
    qty: r.qty,
    opSeq: r.op_seq,
    cause: causeOf(r.cause_kind, r.cause_ref, r.op_id),
  }));
}

function causeOf(kind: string, ref: string | null, opId: string | null): MovementCause | null {
  if (kind === 'op') return opId === null ? null : { kind: 'op', opId };
  const system = SYSTEM_CAUSE_KINDS.find((k) => k === kind);
  return system === undefined || ref === null ? null : { kind: system, ref };
}
