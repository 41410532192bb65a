import type { Guard, LevelField, MovementRule } from './movement';
import { LEVEL_FIELDS } from './movement';

/**
 * The ledger rule (movement.ts) written as SQL, once, for both databases. The till (SQLite, one level per
 * statement) and the server (PostgreSQL, a set of levels per statement) name the level's columns the same way, so
 * the one text serves both; each side says only how a value is bound (`?`, `$3`, `r.g_available`).
 *
 * No side writes its own delta or guard: the SET clause comes from the rule's delta, the WHERE clause from its
 * guard, and `available` is spelled here and nowhere else (on hand − reserved − quarantined, as in movement.ts).
 */

/** The column that holds each quantity of a level, on both databases. */
export const LEVEL_COLUMN: Readonly<Record<LevelField, string>> = {
  onHand: 'on_hand',
  reserved: 'reserved',
  inTransit: 'in_transit',
  quarantined: 'quarantined',
};

/** The guarded quantities in SQL over a level's columns; `prefix` qualifies them (`l.` in a joined UPDATE). */
export function guardExpression(field: keyof Guard, prefix = ''): string {
  if (field === 'available') return `(${prefix}on_hand - ${prefix}reserved - ${prefix}quarantined)`;
  return `${prefix}${LEVEL_COLUMN[field]}`;
}

export const GUARD_FIELDS: readonly (keyof Guard)[] = ['available', 'onHand', 'reserved', 'inTransit', 'quarantined'];

/** The fields a rule changes and the fields it guards, in a fixed order: the shape of its statement. */
export interface LevelUpdateShape {
  set: readonly LevelField[];
  guard: readonly (keyof Guard)[];
}

export function levelUpdateShape(rule: MovementRule, unguarded = false): LevelUpdateShape {
  return {
    set: LEVEL_FIELDS.filter((f) => rule.delta[f] !== 0),
    guard: unguarded ? [] : GUARD_FIELDS.filter((f) => rule.guard[f] !== undefined),
  };
}

/** The values to bind, in the order the statement from levelUpdateSql() names them: deltas, then guard bounds. */
export function levelUpdateValues(rule: MovementRule, shape: LevelUpdateShape): number[] {
  return [...shape.set.map((f) => rule.delta[f]), ...shape.guard.map((f) => rule.guard[f] as number)];
}

/**
 * `SET on_hand = on_hand + ?, …` and `AND (on_hand - reserved - quarantined) >= ? AND …` for one shape;
 * `bind(i)` is the placeholder of the i-th value of levelUpdateValues(). A shape that changes nothing (a count
 * that matched the shelf) still touches its level, so the statement stays valid and still returns the level.
 */
export function levelUpdateClauses(shape: LevelUpdateShape, bind: (index: number) => string): { set: string; guard: string } {
  const set = shape.set.length === 0 ? 'on_hand = on_hand' : shape.set.map((f, i) => `${LEVEL_COLUMN[f]} = ${LEVEL_COLUMN[f]} + ${bind(i)}`).join(', ');
  const guard = shape.guard.map((f, i) => ` AND ${guardExpression(f)} >= ${bind(shape.set.length + i)}`).join('');
  return { set, guard };
}

/** A stable key for a shape, to keep one prepared statement per shape. */
export function shapeKey(shape: LevelUpdateShape): string {
  return `${shape.set.join(',')}|${shape.guard.join(',')}`;
}

/**
 * The same rule for a set-based UPDATE of many levels at once (the server's replay writes a chunk's levels in one
 * statement): `level` and `row` are the aliases of the level table and of the joined rows, which carry each
 * level's net delta as `d_<column>` and each guard's bound as `g_<field>` (NULL where the rule sets none).
 */
export function levelBatchClauses(level: string, row: string): { set: string; guard: string } {
  const set = LEVEL_FIELDS.map((f) => `${LEVEL_COLUMN[f]} = ${level}.${LEVEL_COLUMN[f]} + ${row}.d_${LEVEL_COLUMN[f]}`).join(', ');
  const guard = GUARD_FIELDS.map((f) => ` AND (${row}.${batchGuardColumn(f)} IS NULL OR ${guardExpression(f, `${level}.`)} >= ${row}.${batchGuardColumn(f)})`).join('');
  return { set, guard };
}

/** The joined row's column for a guard's bound in levelBatchClauses(): g_available, g_on_hand, … */
export function batchGuardColumn(field: keyof Guard): string {
  return field === 'available' ? 'g_available' : `g_${LEVEL_COLUMN[field]}`;
}

/**
 * The bound a set-based UPDATE must re-check on a level as it stood before a sequence of movements, so that one
 * statement holds every guarded movement of the sequence to its own guard at its own place in it. A movement's
 * guard must hold after the movements before it (`movedSoFar`, their summed delta): `field + movedSoFar ≥ bound`,
 * i.e. `field ≥ bound − movedSoFar` on the level the statement sees; the sequence's bound is the strictest of
 * these. Unguarded movements add to `movedSoFar` and to no bound. Returns the combined bound; inputs unchanged.
 */
export function batchGuardAfter(combined: Guard, guard: Guard, movedSoFar: Readonly<Record<LevelField, number>>): Guard {
  const next: Guard = { ...combined };
  for (const f of GUARD_FIELDS) {
    const bound = guard[f];
    if (bound === undefined) continue;
    const moved = f === 'available' ? movedSoFar.onHand - movedSoFar.reserved - movedSoFar.quarantined : movedSoFar[f];
    const onStart = bound - moved;
    const prior = next[f];
    next[f] = prior === undefined ? onStart : Math.max(prior, onStart);
  }
  return next;
}

/** The joined row of one level for levelBatchClauses(): its net delta as `d_<column>`, its bounds as `g_<field>` (absent = no guard). */
export function levelBatchRow(delta: Readonly<Record<LevelField, number>>, bound: Guard): Record<string, number> {
  const row: Record<string, number> = {};
  for (const f of LEVEL_FIELDS) row[`d_${LEVEL_COLUMN[f]}`] = delta[f];
  for (const f of GUARD_FIELDS) {
    const b = bound[f];
    if (b !== undefined) row[batchGuardColumn(f)] = b;
  }
  return row;
}

/** The columns of levelBatchRow(), to declare the joined rows (`json_to_recordset(…) AS r(…)`): deltas, then bounds. */
export const LEVEL_BATCH_COLUMNS: readonly string[] = [...LEVEL_FIELDS.map((f) => `d_${LEVEL_COLUMN[f]}`), ...GUARD_FIELDS.map(batchGuardColumn)];
