import { describe, expect, it } from 'vitest';
import { LEVEL_BATCH_COLUMNS, batchGuardAfter, levelBatchClauses, levelBatchRow } from './level-sql';

const none = { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0 };

describe('the bound a set-based level UPDATE re-checks for a sequence of movements', () => {
  it('combines a hand-worked sequence into one bound on the level as it stood', () => {
    // Sale of 3, then sale of 4: the second needs 4 after the first took 3, so 7 at the start.
    let g = batchGuardAfter({}, { available: 3000, onHand: 3000 }, none);
    g = batchGuardAfter(g, { available: 4000, onHand: 4000 }, { ...none, onHand: -3000 });
    expect(g).toEqual({ available: 7000, onHand: 7000 });
    // A receipt of 5 before a sale of 7: 2 at the start will do, and a looser later bound changes nothing.
    expect(batchGuardAfter({}, { available: 7000 }, { ...none, onHand: 5000 })).toEqual({ available: 2000 });
    expect(batchGuardAfter({ available: 2000 }, { available: 1000 }, { ...none, onHand: 5000 })).toEqual({ available: 2000 });
    // A reserve of 2, then a fulfil of 1: the fulfil needs 1 reserved, and the reserve brought 2, so −1 at the start.
    expect(batchGuardAfter({}, { reserved: 1000, onHand: 1000 }, { ...none, reserved: 2000 })).toEqual({ reserved: -1000, onHand: 1000 });
    // available counts reserved and quarantined against on hand.
    expect(batchGuardAfter({}, { available: 1000 }, { ...none, quarantined: 2000 })).toEqual({ available: 3000 });
  });

  it('writes a level row with every delta and only the bounds it has, in the columns the UPDATE joins', () => {
    const row = levelBatchRow({ onHand: -5000, reserved: 0, inTransit: 1000, quarantined: 0 }, { available: 2000 });
    expect(row).toEqual({ d_on_hand: -5000, d_reserved: 0, d_in_transit: 1000, d_quarantined: 0, g_available: 2000 });
    for (const column of Object.keys(row)) expect(LEVEL_BATCH_COLUMNS).toContain(column);
    const sql = levelBatchClauses('l', 'r');
    for (const column of LEVEL_BATCH_COLUMNS) expect(`${sql.set} ${sql.guard}`).toContain(`r.${column}`);
  });
});
