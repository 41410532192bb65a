import type { TransferView } from '../../../shared/api/branch-api';
import type { Milli } from '../../../shared/domain/quantity';
import { resolvingEnd, type ResolutionKind, type TransferStatus } from '../../../shared/domain/transfer';

/**
 * What a manager at this till may do with a transfer, from its status and which end this store is: the buttons
 * the detail view shows. The backend checks again (shared/domain/transfer.ts assertStep, the policy's roles);
 * this only keeps impossible steps off the screen.
 *
 * - The source approves a request, sends the goods (prefilled with what was asked) and may cancel before sending.
 * - The destination may cancel its request before anything is sent, records what arrived (even before the
 *   dispatch reached this till: the goods are in front of the manager), and closes it once nothing is unexplained.
 * - Either end may settle the differences that are its own to settle (resolutionChoices()).
 */
export const TRANSFER_ACTIONS = ['approve', 'dispatch', 'receive', 'resolve', 'close', 'cancel', 'print'] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];

const BY_END: Record<TransferView['direction'], Partial<Record<TransferStatus, readonly TransferAction[]>>> = {
  outgoing: {
    requested: ['approve', 'dispatch', 'cancel'],
    approved: ['dispatch', 'cancel'],
    discrepancy: ['resolve'],
  },
  incoming: {
    requested: ['receive', 'cancel'],
    approved: ['receive', 'cancel'],
    sent: ['receive'],
    // a second parcel of the same transfer may still arrive
    discrepancy: ['receive', 'resolve'],
    received: ['close'],
  },
};

export function transferActions(t: Pick<TransferView, 'direction' | 'status'>): TransferAction[] {
  const actions = [...(BY_END[t.direction][t.status] ?? [])];
  // A note goes with the goods; a cancelled transfer has none to go with.
  if (t.status !== 'cancelled') actions.push('print');
  return actions;
}

/** Lines with something still unexplained: short (sent, never arrived) or over (arrived, never sent). */
export function openDifferenceLines(t: Pick<TransferView, 'lines'>): TransferView['lines'] {
  return t.lines.filter((l) => l.short > 0 || l.over > 0);
}

/**
 * How this end may settle a line's difference, and at most how much (shared/domain/transfer.ts resolvingEnd, the
 * rule the backend and the server check): a shortfall is the destination's to write off and the source's to take
 * back (it never left); an excess is the source's to add to what it sent, and the destination's to take back as
 * found only when units of it were written off before (the late box). Empty: the other end, or head office, settles it.
 */
export function resolutionChoices(direction: TransferView['direction'], l: TransferView['lines'][number]): Array<{ kind: ResolutionKind; upTo: Milli }> {
  const end = direction === 'outgoing' ? 'source' : 'destination';
  const out: Array<{ kind: ResolutionKind; upTo: Milli }> = [];
  const offer = (kind: ResolutionKind, upTo: Milli): void => {
    if (resolvingEnd(kind) === end && upTo > 0) out.push({ kind, upTo });
  };
  if (l.short > 0) {
    offer('write_off', l.short);
    offer('return_to_source', l.short);
  }
  if (l.over > 0) {
    offer('complete_dispatch', l.over);
    offer('found', Math.min(l.over, l.writtenOff ?? 0));
  }
  return out;
}
