import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { SyncConflict } from '../../shared/sync/protocol';
import { updateConflict } from '../services/conflicts';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { answerConflictAction, pendingConflictActions, saveServerConflict } from './conflict-actions';
import { conflictRow } from './conflicts-repo';

let till: TempTill;
const NOW = new Date('2026-03-02T10:00:00.000Z');

beforeEach(() => {
  till = createTempTill({ demo: { products: 12 } });
});
afterEach(() => till.cleanup());

function serverConflict(): SyncConflict {
  const product = till.chain.products[0];
  const config = till.backend.db.config();
  return {
    id: uuidv7(),
    kind: 'contact_customer',
    state: 'open',
    outcome: null,
    opId: uuidv7(),
    saleId: uuidv7(),
    lineId: uuidv7(),
    productId: product?.id as string,
    productName: product?.name as string,
    qty: 1000,
    availableAtReplay: 0,
    reason: 'insufficient_stock',
    customerContact: { name: 'Nadine' },
    tillId: config.tillId,
    tillName: config.tillName,
    cashierId: till.chain.users[0]?.id as string,
    cashierName: 'Rania Haddad',
    occurredAt: NOW.toISOString(),
    openedAt: NOW.toISOString(),
    elsewhere: [],
    history: [{ state: 'open', outcome: null, byUserId: null, byName: 'server', at: NOW.toISOString(), note: null }],
  };
}

const manager = (): { userId: string; managerId: string } => {
  const id = till.chain.users.find((u) => u.role === 'manager')?.id as string;
  return { userId: id, managerId: id };
};

describe("the manager's conflict changes on their way to the server", () => {
  it('queues each change in the transaction that records it, in lifecycle order, with the manager who made it', () => {
    const store = till.backend.db;
    const conflict = serverConflict();
    store.transaction(() => saveServerConflict(store, conflict));
    updateConflict(store, { conflictId: conflict.id, action: 'contacted', note: 'will pick a substitute' }, manager(), NOW);
    updateConflict(store, { conflictId: conflict.id, action: 'resolved', outcome: 'substitute' }, manager(), NOW);
    const queued = pendingConflictActions(store);
    expect(queued.map((q) => q.action)).toEqual([
      { action: 'contacted', note: 'will pick a substitute' },
      { action: 'resolved', outcome: 'substitute' },
    ]);
    expect(queued.map((q) => q.userId)).toEqual([manager().userId, manager().userId]);
    expect(new Set(queued.map((q) => q.actionId)).size).toBe(2);
  });

  it('queues nothing when the lifecycle refuses the change', () => {
    const store = till.backend.db;
    const conflict = serverConflict();
    store.transaction(() => saveServerConflict(store, conflict));
    expect(() => updateConflict(store, { conflictId: conflict.id, action: 'resolved', outcome: 'refund' }, manager(), NOW)).toThrow(/contact the customer/);
    expect(pendingConflictActions(store)).toEqual([]);
  });

  it('keeps an explicitly queued action as it was clicked and does not let a pull overwrite the local change', () => {
    const store = till.backend.db;
    const conflict = serverConflict();
    store.transaction(() => saveServerConflict(store, conflict));
    updateConflict(store, { conflictId: conflict.id, action: 'contacted' }, manager(), NOW);
    const [queued] = pendingConflictActions(store);
    expect(store.transaction(() => saveServerConflict(store, conflict))).toBe(false);
    expect(conflictRow(store, conflict.id)?.state).toBe('contacted');
    expect(pendingConflictActions(store).map((q) => q.actionId)).toEqual([queued?.actionId]);
  });

  it("stores the server's answer to a change only when no later change of the manager's is still queued", () => {
    const store = till.backend.db;
    const conflict = serverConflict();
    store.transaction(() => saveServerConflict(store, conflict));
    updateConflict(store, { conflictId: conflict.id, action: 'contacted' }, manager(), NOW);
    const [contacted] = pendingConflictActions(store);
    // Resolved here while "contacted" was on its way to the server.
    updateConflict(store, { conflictId: conflict.id, action: 'resolved', outcome: 'refund' }, manager(), NOW);
    if (contacted === undefined) throw new Error('nothing queued');
    const contactedAnswer: SyncConflict = { ...conflict, state: 'contacted' };
    expect(store.transaction(() => answerConflictAction(store, contacted, contactedAnswer))).toBe(false);
    expect(conflictRow(store, conflict.id)).toMatchObject({ state: 'resolved', outcome: 'refund', dirty: 1 });
    const [resolved] = pendingConflictActions(store);
    expect(resolved?.action).toEqual({ action: 'resolved', outcome: 'refund' });
    if (resolved === undefined) throw new Error('the resolution left the queue');
    const resolvedAnswer: SyncConflict = { ...conflict, state: 'resolved', outcome: 'refund', productName: 'as the server names it' };
    expect(store.transaction(() => answerConflictAction(store, resolved, resolvedAnswer))).toBe(true);
    expect(conflictRow(store, conflict.id)).toMatchObject({ state: 'resolved', product_name: 'as the server names it', dirty: 0 });
    expect(pendingConflictActions(store)).toEqual([]);
  });
});
