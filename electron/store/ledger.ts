import { levelUpdateClauses, levelUpdateShape, levelUpdateValues, shapeKey } from '../../shared/domain/level-sql';
import type { Guard, Level, LevelDelta, Movement, MovementRule } from '../../shared/domain/movement';
import { movementRule } from '../../shared/domain/movement';
import type Database from 'better-sqlite3';
import type { TillStore } from './database';
import { asRangeError } from './ranges';

const LEVEL_COLUMNS = 'on_hand AS onHand, reserved, in_transit AS inTransit, quarantined';

export interface MovementTarget {
  productId: string;
  locationId: string;
  movement: Movement;
  /** the local operation that carries this movement; null for stock that came from the server */
  opSeq: number | null;
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
  try {
    store
      .stmt('INSERT INTO movements (product_id, location_id, kind, qty, before, leg, reverses, op_seq, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        target.productId,
        target.locationId,
        m.kind,
        m.qty,
        m.kind === 'STOCKTAKE' ? m.before : null,
        m.kind === 'TRANSFER_OUT' ? m.leg : m.kind === 'REVERSAL' ? (m.leg ?? null) : null,
        m.kind === 'REVERSAL' ? m.reverses : null,
        target.opSeq,
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
