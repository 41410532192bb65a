import { DomainError } from '../../shared/domain/errors';
import { addDelta, EMPTY_LEVEL, movementRule, type Level, type Movement } from '../../shared/domain/movement';
import type { SyncLevel } from '../../shared/sync/protocol';
import { applyMovement, movementFromRow, readLevel, type MovementRow, type TillStore } from '../store';

/**
 * What the till's still-pending ops did to each level of its store: the part of the local level the server
 * does not know yet. Read from the movements those ops wrote, so it is exactly what the local ledger holds.
 */
export function pendingEffects(store: TillStore, locationId: string): Map<string, Level> {
  const rows = store
    .stmt<[string], MovementRow>(
      `SELECT m.product_id, m.location_id, m.kind, m.qty, m.before, m.leg, m.reverses, m.op_seq
       FROM movements m JOIN ops o ON o.seq = m.op_seq
       WHERE o.state = 'pending' AND m.location_id = ?`,
    )
    .all(locationId);
  const effects = new Map<string, Level>();
  for (const row of rows) {
    const delta = movementRule(movementFromRow(row)).delta;
    effects.set(row.product_id, addDelta(effects.get(row.product_id) ?? EMPTY_LEVEL, delta));
  }
  return effects;
}

/**
 * One correcting movement per level field that differs. Each kind touches exactly one field, so the ledger's
 * sum lands exactly on the target: ADJUST for on-hand, RESERVE/RELEASE, QUARANTINE/RELEASE_QUARANTINE, and the
 * destination leg of a transfer (or its reversal) for stock in transit.
 */
export function correctionsFor(current: Level, target: Level): Movement[] {
  const corrections: Movement[] = [];
  const onHand = target.onHand - current.onHand;
  if (onHand !== 0) corrections.push({ kind: 'ADJUST', qty: onHand });
  const reserved = target.reserved - current.reserved;
  if (reserved > 0) corrections.push({ kind: 'RESERVE', qty: reserved });
  if (reserved < 0) corrections.push({ kind: 'RELEASE', qty: -reserved });
  const quarantined = target.quarantined - current.quarantined;
  if (quarantined > 0) corrections.push({ kind: 'QUARANTINE', qty: quarantined });
  if (quarantined < 0) corrections.push({ kind: 'RELEASE_QUARANTINE', qty: -quarantined });
  const inTransit = target.inTransit - current.inTransit;
  if (inTransit > 0) corrections.push({ kind: 'TRANSFER_OUT', qty: inTransit, leg: 'destination' });
  if (inTransit < 0) corrections.push({ kind: 'REVERSAL', qty: -inTransit, reverses: 'TRANSFER_OUT', leg: 'destination' });
  return corrections;
}

export interface RebaseSummary {
  /** levels whose local value moved to match the server */
  corrected: number;
}

/**
 * Rebases the till's levels on the server's: each becomes the authoritative level plus the effect of the till's
 * still-pending ops. The difference is written as correcting movements (op_seq NULL: it came from the server)
 * rather than by editing the level, so each level still equals the sum of its movements. Runs inside the pull's
 * transaction, after the pulled op results acknowledged what the server already applied.
 */
export function rebaseLevels(store: TillStore, locationId: string, serverLevels: readonly SyncLevel[], occurredAt: string): RebaseSummary {
  if (serverLevels.length === 0) return { corrected: 0 };
  const pending = pendingEffects(store, locationId);
  const productExists = store.stmt<[string], { one: number }>('SELECT 1 AS one FROM products WHERE id = ?');
  let corrected = 0;
  for (const { productId, level } of serverLevels) {
    if (productExists.get(productId) === undefined) {
      throw new DomainError('INTERNAL', `the server sent a level for product ${productId}, which this till does not know`, { productId });
    }
    const target = addDelta(level, pending.get(productId) ?? EMPTY_LEVEL);
    const current = readLevel(store, productId, locationId) ?? EMPTY_LEVEL;
    const corrections = correctionsFor(current, target);
    for (const movement of corrections) {
      // The server's level is the truth even when it is negative (a walk-in oversell): never refuse it here.
      applyMovement(store, { productId, locationId, movement, opSeq: null, occurredAt, unguarded: true });
    }
    if (corrections.length > 0) corrected += 1;
  }
  return { corrected };
}
