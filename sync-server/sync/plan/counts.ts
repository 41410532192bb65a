import type { Milli } from '../../../shared/domain/quantity';
import type { Operation } from '../../../shared/ops/operations';
import { decideLedgerWrite } from '../../../shared/policy/conflict-policy';
import type { CountPosition } from '../../../shared/sync/stocktake';
import { countEffect, movedAfterCount } from '../../../shared/sync/stocktake';
import type { LevelBook } from './level-book';
import type { Replaying } from './line-writes';
import { metaOf } from './line-writes';

/**
 * A replayed stocktake: each counted line becomes a STOCKTAKE movement whose delta (counted − before, as the rule
 * says) puts the shelf at the count plus what moved after the count's snapshot (shared/sync/stocktake.ts
 * countEffect()). A count older than the shelf's latest applied count is recorded and changes nothing. An
 * applied count becomes the shelf's latest: its moment and its op id, which later count offsets refer to.
 */
export function planStocktake(
  book: LevelBook,
  r: Replaying,
  op: Extract<Operation, { type: 'stocktake' }>,
  count: CountPosition,
  storedEffectAfter: (productId: string, count: CountPosition) => Milli,
): void {
  const write = decideLedgerWrite({ kind: 'stocktake' });
  for (const c of op.payload.counts) {
    const l = book.level(r.storeId, c.productId);
    // Earlier ops of this chunk are this till's own: their seq says whether the sheet already had them.
    let pendingAfter = 0;
    for (const m of book.movementsAt(r.storeId, c.productId)) {
      if (movedAfterCount({ terminalId: op.tillId, seq: m.seq, chg: null, orderedAt: m.occurredAt }, count)) pendingAfter += m.delta.onHand;
    }
    const effect = countEffect({
      counted: c.counted,
      onHandNow: l.after.onHand,
      effectAfterCount: storedEffectAfter(c.productId, count) + pendingAfter,
      countedAt: count.countedAt,
      lastCountedAt: l.after.countedAt,
    });
    const note = effect.applies ? `till expected ${c.before} at the count's snapshot` : 'superseded by a later count';
    book.write(r.storeId, c.productId, { kind: 'STOCKTAKE', qty: c.counted, before: effect.before }, write, metaOf(r, null, note));
    if (effect.applies) {
      l.after.countedAt = count.countedAt;
      l.after.countedBy = op.id;
    }
  }
}
