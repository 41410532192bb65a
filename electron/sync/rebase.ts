import { DomainError } from '../../shared/domain/errors';
import { addDelta, EMPTY_LEVEL, movementRule, type Level, type Movement } from '../../shared/domain/movement';
import type { SyncLevel } from '../../shared/sync/protocol';
import { applyMovement, movementFromRow, readLevel, systemCause, type TillStore } from '../store';
import { pendingOpMovements } from '../store/ledger';
import { productExists } from '../store/catalog-repo';

/**
 * What the till's still-pending ops did to each level of its store: the part of the local level the server
 * does not know yet. Read from the movements those ops wrote, so it is exactly what the local ledger holds.
 */
export function pendingEffects(store: TillStore, locationId: string): Map<string, Level> {
  const rows = pendingOpMovements(store, locationId);
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
 * still-pending ops. The difference is written as correcting movements rather than by editing the level, so each
 * level still equals the sum of its movements. Each names the pull that brought the server's level (`cursor`, the
 * server's change stamp): a 'rebase_correction' of a level the till had, or the 'opening_stock' of one it never
 * had (a product new to this store). Runs inside the pull's transaction, after the pulled op results acknowledged
 * what the server already applied.
 */
export function rebaseLevels(store: TillStore, locationId: string, serverLevels: readonly SyncLevel[], pulled: { cursor: string; at: string }): RebaseSummary {
  if (serverLevels.length === 0) return { corrected: 0 };
  const pending = pendingEffects(store, locationId);
  let corrected = 0;
  for (const { productId, level } of serverLevels) {
    if (!productExists(store, productId)) {
      throw new DomainError('INTERNAL', `the server sent a level for product ${productId}, which this till does not know`, { productId });
    }
    const target = addDelta(level, pending.get(productId) ?? EMPTY_LEVEL);
    const existing = readLevel(store, productId, locationId);
    const cause = existing === undefined ? systemCause('opening_stock', `pull ${pulled.cursor}`) : systemCause('rebase_correction', pulled.cursor);
    const corrections = correctionsFor(existing ?? EMPTY_LEVEL, target);
    for (const movement of corrections) {
      // The server's level is the truth even when it is negative (a walk-in oversell): never refuse it here.
      applyMovement(store, { productId, locationId, movement, cause, occurredAt: pulled.at, unguarded: true });
    }
    if (corrections.length > 0) corrected += 1;
  }
  return { corrected };
}
