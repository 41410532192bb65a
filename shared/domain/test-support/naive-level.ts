import type { Level, Movement } from '../movement';

/**
 * An independent oracle for the movement rules, for tests only: what each movement does to a level, written out
 * by hand from the domain (docs/architecture.md, the comments of movement.ts), one plain statement per kind,
 * with none of movement.ts's machinery (no delta objects, no derived guards, no negate()). A test that compares
 * movement.ts (or the SQL built from it) with this model fails when a kind's effect or its refusal is wrong,
 * which a comparison of movement.ts with itself never can.
 */

type Kind = Exclude<Movement['kind'], 'REVERSAL'>;

/** The level after `m`, field by field, unguarded. */
export function naiveApply(level: Level, m: Movement): Level {
  let { onHand, reserved, inTransit, quarantined } = level;
  const sign = m.kind === 'REVERSAL' ? -1 : 1;
  const kind: Kind = m.kind === 'REVERSAL' ? m.reverses : m.kind;
  const q = m.qty * sign;
  const leg = m.kind === 'TRANSFER_OUT' || m.kind === 'REVERSAL' ? m.leg : undefined;
  switch (kind) {
    case 'RECEIVE': // goods arrive on the shelf
    case 'RETURN': // a customer brings goods back
      onHand += q;
      break;
    case 'SALE': // goods leave with a customer
    case 'WASTE': // goods are thrown away
      onHand -= q;
      break;
    case 'ADJUST': // a signed correction of the shelf
      onHand += q;
      break;
    case 'STOCKTAKE': // the shelf is what was counted, relative to what the counter's screen showed
      if (m.kind === 'STOCKTAKE') onHand += m.qty - m.before;
      break;
    case 'TRANSFER_OUT': // leaves the source shelf; is on its way at the destination
      if (leg === 'destination') inTransit += q;
      else onHand -= q;
      break;
    case 'TRANSFER_IN': // arrives at the destination: no longer on its way, now on the shelf
      inTransit -= q;
      onHand += q;
      break;
    case 'RESERVE': // set aside for an order: still on the shelf, no longer available
      reserved += q;
      break;
    case 'RELEASE': // the reservation is given up
      reserved -= q;
      break;
    case 'FULFIL': // the reserved goods leave with the order
      reserved -= q;
      onHand -= q;
      break;
    case 'QUARANTINE': // held back (damaged, recalled): on the shelf, not available
      quarantined += q;
      break;
    case 'RELEASE_QUARANTINE':
      quarantined -= q;
      break;
  }
  return { onHand, reserved, inTransit, quarantined };
}

/** What the ledger protects: no count of goods below zero, and never more promised than is there. */
export function naiveSound(l: Level): boolean {
  return l.onHand >= 0 && l.reserved >= 0 && l.inTransit >= 0 && l.quarantined >= 0 && l.onHand - l.reserved - l.quarantined >= 0;
}

/** Sum of many movements, one at a time, from `from`. */
export function naiveFold(movements: readonly Movement[], from: Level = { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0 }): Level {
  let level = from;
  for (const m of movements) level = naiveApply(level, m);
  return level;
}

/**
 * Whether a guarded movement is allowed: a count is never refused (it is the truth about the shelf); any other
 * movement may not lower a protected quantity (a field, or available) to below zero. Raising one, or leaving
 * it alone, is always fine, even when it is already negative (after a sale the policy let go into negative).
 */
export function naiveAllowed(level: Level, m: Movement): boolean {
  if (m.kind === 'STOCKTAKE') return true;
  const after = naiveApply(level, m);
  const avail = (l: Level): number => l.onHand - l.reserved - l.quarantined;
  const pairs: Array<[number, number]> = [
    [level.onHand, after.onHand],
    [level.reserved, after.reserved],
    [level.inTransit, after.inTransit],
    [level.quarantined, after.quarantined],
    [avail(level), avail(after)],
  ];
  return pairs.every(([before, now]) => now >= before || now >= 0);
}
