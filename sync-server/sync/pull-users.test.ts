import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, type PullResponse } from '../../shared/sync/protocol';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { seedTestChain } from '../test-support/fixtures';
import { runCommand } from '../admin/cli';
import { createUser } from '../admin/service';
import type { TillIdentity } from './push';
import { pull } from './pull';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

/** Every page from `since` to the end, as the till receives them (text and parsed). */
async function pullAll(till: TillIdentity, since: string): Promise<{ pages: PullResponse[]; text: string; cursor: string }> {
  const pages: PullResponse[] = [];
  let cursor = since;
  let text = '';
  for (;;) {
    const page = await pull(tdb.db, till, Number(cursor), { maxBytes: 4096 });
    text += JSON.stringify(page);
    pages.push(pullResponseSchema.parse(page));
    cursor = page.cursor;
    if (page.more !== true) return { pages, text, cursor };
  }
}
const userIds = (pages: PullResponse[]): string[] => pages.flatMap((p) => p.users.map((u) => u.id)).sort();
const revoked = (pages: PullResponse[]): string[] => pages.flatMap((p) => p.revokedUserIds ?? []).sort();

describe('a till receives only the users who may log in at its store', () => {
  it('never sends store B’s cashier (or its PIN hash) to a till of store A, and follows assignments both ways', async () => {
    const chain = await seedTestChain(tdb.db, { products: 2, tillsPerStore: 1 });
    const [tillA, tillB] = chain.tills.map((t) => ({ tenantId: chain.tenantId, terminalId: t.tillId, storeId: t.storeId, name: 'T' }));
    // Through the admin CLI, as head office would: a cashier of store B, a head-office user, a cashier of no store.
    const b = (await runCommand(tdb.db, ['create-user', '--tenant', chain.tenantId, '--name', 'Bassel', '--role', 'cashier', '--pin', '4321', '--store', chain.storeB])) as {
      userId: string;
    };
    const ho = await runCommand(tdb.db, ['create-user', '--tenant', chain.tenantId, '--name', 'Head Office', '--role', 'head_office', '--pin', '7777']);
    const nowhere = await createUser(tdb.db, { tenantId: chain.tenantId, name: 'Nowhere', role: 'cashier', pin: '5555' });
    const hoId = (ho as { userId: string }).userId;
    const bHash = (await tdb.db.query<{ pin_hash: string }>('SELECT pin_hash FROM users WHERE tenant_id = $1 AND id = $2', [chain.tenantId, b.userId])).rows[0]!.pin_hash;

    const a1 = await pullAll(tillA!, '0');
    expect(userIds(a1.pages)).toEqual([chain.cashierId, chain.managerId, hoId].sort());
    // Not by id, not by hash, not by name: store A's till learns nothing of Bassel or of the unassigned cashier.
    expect(a1.text).not.toContain(b.userId);
    expect(a1.text).not.toContain(bHash);
    expect(a1.text).not.toContain('Bassel');
    expect(a1.text).not.toContain(nowhere.userId);
    const b1 = await pullAll(tillB!, '0');
    expect(userIds(b1.pages)).toEqual([chain.cashierId, chain.managerId, hoId, b.userId].sort());

    // Bassel covers a shift at store A: its till receives him at the next pull, with his PIN hash.
    await runCommand(tdb.db, ['assign-user', '--tenant', chain.tenantId, '--user', b.userId, '--store', chain.storeA]);
    const a2 = await pullAll(tillA!, a1.cursor);
    expect(a2.pages.flatMap((p) => p.users)).toEqual([{ id: b.userId, name: 'Bassel', role: 'cashier', pinHash: bHash, active: true }]);

    // And leaves again: store A's till is told to drop him, without his hash travelling again; store B keeps him.
    await runCommand(tdb.db, ['unassign-user', '--tenant', chain.tenantId, '--user', b.userId, '--store', chain.storeA]);
    const a3 = await pullAll(tillA!, a2.cursor);
    expect(userIds(a3.pages)).toEqual([]);
    expect(revoked(a3.pages)).toEqual([b.userId]);
    expect(a3.text).not.toContain(bHash);
    const b2 = await pullAll(tillB!, b1.cursor);
    expect(userIds(b2.pages)).toEqual([]);
    expect(revoked(b2.pages)).toEqual([]);
  });

  it('refuses stores for a head-office user and stores of another tenant', async () => {
    const chain = await seedTestChain(tdb.db, { products: 1, tillsPerStore: 1 });
    const other = await seedTestChain(tdb.db, { products: 1, tillsPerStore: 1 });
    await expect(createUser(tdb.db, { tenantId: chain.tenantId, name: 'HO', role: 'head_office', pin: '7777', stores: [chain.storeA] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(createUser(tdb.db, { tenantId: chain.tenantId, name: 'X', role: 'cashier', pin: '7777', stores: [other.storeA] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(createUser(tdb.db, { tenantId: chain.tenantId, name: 'Y', role: 'cashier', pin: '7777', stores: [chain.warehouse] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
