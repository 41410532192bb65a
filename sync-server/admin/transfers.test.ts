import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { MAX_QTY_MILLI } from '../../shared/domain/quantity';
import { checkLedger } from '../db/reconcile-repo';
import { TestTill } from '../test-support/client';
import type { TestChain } from '../test-support/fixtures';
import { count, seedTestChain } from '../test-support/fixtures';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { transferReceive } from '../test-support/transfer-ops';
import { applyPush, validatePush } from '../sync/push';
import pg from 'pg';
import { runCommand } from './cli';
import { approveTransfer, cancelTransfer, createTransfer, dispatchTransfer, listTransfers, resolveTransfer } from './transfers';

/**
 * Head office's side of transfers on the real PostgreSQL: a warehouse (no till) sends to a store through the admin
 * service, the store's till records the receipt, head office sees the difference and resolves it; every action is
 * audited and its movements name head office's action; bad input is refused with nothing written.
 */
let tdb: TestDatabase;
let chain: TestChain;

beforeAll(async () => {
  tdb = await createTestDatabase('till_admin_transfers_test');
  chain = await seedTestChain(tdb.db, { products: 3, stock: 10_000, warehouseStock: 50_000, tillsPerStore: 1 });
});
afterAll(() => tdb?.drop());

const sku = (i: number): string => chain.products[i]?.sku as string;
const pid = (i: number): string => chain.products[i]?.id as string;

function tillA(): { till: TestTill; identity: { tenantId: string; terminalId: string; storeId: string; name: string } } {
  const t = chain.tills.find((x) => x.storeId === chain.storeA);
  if (t === undefined) throw new Error('store A has a till');
  const till = new TestTill('unused', t.tillId, t.token, chain.managerId);
  return { till, identity: { tenantId: chain.tenantId, terminalId: t.tillId, storeId: chain.storeA, name: 'A' } };
}
let a: ReturnType<typeof tillA>;
beforeAll(() => {
  a = tillA();
});
async function pushAtA(ops: readonly unknown[]) {
  return (await applyPush(tdb.db, a.identity, validatePush({ ops }, a.identity))).results;
}

async function level(locationId: string, productId: string) {
  const r = await tdb.db.query<{ on_hand: number; in_transit: number; quarantined: number }>(
    'SELECT on_hand, in_transit, quarantined FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3',
    [chain.tenantId, locationId, productId],
  );
  return r.rows[0];
}

describe('head office and the warehouse', () => {
  it('sends from the warehouse, sees the store short, and writes the difference off under its own name', async () => {
    // The till at A reads its pulled cursor from its own seq: start it after whatever earlier tests pushed.
    a.till.seq = await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [a.identity.terminalId]);
    const whBefore = await level(chain.warehouse, pid(0));
    const created = await createTransfer(tdb.db, {
      tenantId: chain.tenantId,
      sourceId: chain.warehouse,
      destinationId: chain.storeA,
      lines: [
        { sku: sku(0), qty: 6000 },
        { sku: sku(1), qty: 2000 },
      ],
      note: 'monday delivery',
      approve: true,
    });
    expect(created.status).toBe('approved');
    const { transferId } = created;
    expect((await dispatchTransfer(tdb.db, { tenantId: chain.tenantId, transferId })).status).toBe('sent');
    expect((await level(chain.warehouse, pid(0)))?.on_hand).toBe((whBefore?.on_hand ?? 0) - 6000);
    expect((await level(chain.storeA, pid(0)))?.in_transit).toBe(6000);

    // The store's till counts 5 good and 0.5 damaged of the first product, all of the second.
    const receipt = transferReceive(a.till, {
      transferId,
      sourceId: chain.warehouse,
      lines: [
        { productId: pid(0), received: 5000, damaged: 500 },
        { productId: pid(1), received: 2000 },
      ],
    });
    expect((await pushAtA([receipt])).map((r) => r.status)).toEqual(['accepted']);

    const [listed] = await listTransfers(tdb.db, { tenantId: chain.tenantId, status: 'discrepancy' });
    expect(listed).toMatchObject({
      id: transferId,
      sourceName: 'Central Warehouse',
      destinationName: 'Hamra',
      status: 'discrepancy',
      disagree: true,
      createdByName: 'Head office',
      differences: [{ productId: pid(0), short: 500, over: 0 }],
      note: 'monday delivery',
    });
    expect(listed?.skus[pid(0)]).toBe(sku(0));
    expect(listed?.history.map((h) => [h.step, h.byName])).toEqual([
      ['request', 'Head office'],
      ['approve', 'Head office'],
      ['dispatch', 'Head office'],
      ['receive', 'Karim'],
    ]);

    // More than is open is refused and writes nothing.
    const movementsBefore = await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]);
    await expect(resolveTransfer(tdb.db, { tenantId: chain.tenantId, transferId, kind: 'write_off', sku: sku(0), qty: 600, reason: 'lost' })).rejects.toMatchObject({
      code: 'INVALID_QUANTITY',
    });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId])).toBe(movementsBefore);

    expect((await resolveTransfer(tdb.db, { tenantId: chain.tenantId, transferId, kind: 'write_off', sku: sku(0), qty: 500, reason: 'fell off the truck' })).status).toBe(
      'received',
    );
    expect((await level(chain.storeA, pid(0)))?.in_transit).toBe(0);
    // Its movement names head office's action, as the audit row does.
    const audit = await tdb.db.query<{ details: { actionId: string } }>(
      "SELECT details FROM audit WHERE tenant_id = $1 AND action = 'transfer.resolve' AND details->>'transferId' = $2",
      [chain.tenantId, transferId],
    );
    const actionId = audit.rows[0]?.details.actionId;
    const moved = await tdb.db.query<{ cause_kind: string; cause_ref: string; kind: string; d_in_transit: number }>(
      "SELECT cause_kind, cause_ref, kind, d_in_transit FROM movements WHERE tenant_id = $1 AND cause_kind = 'head_office' AND cause_ref = $2",
      [chain.tenantId, actionId],
    );
    expect(moved.rows).toEqual([{ cause_kind: 'head_office', cause_ref: actionId, kind: 'REVERSAL', d_in_transit: -500 }]);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM audit WHERE tenant_id = $1 AND details->>'transferId' = $2", [chain.tenantId, transferId])).toBe(3);
    expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
  });

  it('sees a transfer whose receipt came before its dispatch as one whose two sides disagree', async () => {
    a.till.seq = await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [a.identity.terminalId]);
    const transferId = uuidv7();
    await pushAtA([transferReceive(a.till, { transferId, sourceId: chain.storeB, lines: [{ productId: pid(2), received: 1000 }] })]);
    const listed = (await listTransfers(tdb.db, { tenantId: chain.tenantId, status: 'open' })).find((t) => t.id === transferId);
    expect(listed).toMatchObject({ status: 'received_unsent', disagree: true, sourceName: 'Achrafieh', differences: [{ productId: pid(2), short: 0, over: 1000 }] });
  });

  it('refuses bad input with a clear code and writes nothing', async () => {
    const counts = async () => ({
      transfers: await count(tdb.db, 'SELECT count(*) AS n FROM transfers WHERE tenant_id = $1', [chain.tenantId]),
      events: await count(tdb.db, 'SELECT count(*) AS n FROM transfer_events WHERE tenant_id = $1', [chain.tenantId]),
      movements: await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]),
      audit: await count(tdb.db, 'SELECT count(*) AS n FROM audit WHERE tenant_id = $1', [chain.tenantId]),
    });
    const { transferId } = await createTransfer(tdb.db, { tenantId: chain.tenantId, sourceId: chain.warehouse, destinationId: chain.storeB, lines: [{ sku: sku(1), qty: 1000 }] });
    await dispatchTransfer(tdb.db, { tenantId: chain.tenantId, transferId });
    const before = await counts();
    const t = chain.tenantId;
    await expect(createTransfer(tdb.db, { tenantId: t, sourceId: chain.storeA, destinationId: chain.storeA, lines: [{ sku: sku(0), qty: 1000 }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createTransfer(tdb.db, { tenantId: t, sourceId: chain.warehouse, destinationId: uuidv7(), lines: [{ sku: sku(0), qty: 1000 }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createTransfer(tdb.db, { tenantId: t, sourceId: chain.warehouse, destinationId: chain.storeA, lines: [{ sku: 'NO-SUCH-SKU', qty: 1000 }] })).rejects.toMatchObject({
      code: 'UNKNOWN_PRODUCT',
    });
    await expect(createTransfer(tdb.db, { tenantId: t, sourceId: chain.warehouse, destinationId: chain.storeA, lines: [{ sku: sku(0), qty: 0 }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(dispatchTransfer(tdb.db, { tenantId: t, transferId: uuidv7() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelTransfer(tdb.db, { tenantId: t, transferId })).rejects.toMatchObject({ code: 'CONFLICT_TRANSITION' });
    await expect(dispatchTransfer(tdb.db, { tenantId: t, transferId })).rejects.toMatchObject({ code: 'CONFLICT_TRANSITION' });
    await expect(approveTransfer(tdb.db, { tenantId: t, transferId })).rejects.toMatchObject({ code: 'CONFLICT_TRANSITION' });
    await expect(resolveTransfer(tdb.db, { tenantId: t, transferId, kind: 'write_off', sku: sku(1), qty: 1000, reason: 'lost' })).rejects.toMatchObject({ code: 'CONFLICT_TRANSITION' });
    expect(await counts()).toEqual(before);
  });

  it('is driven from the CLI: lines by SKU with quantities as people write them', async () => {
    const created = await runCommand(tdb.db, ['transfer-create', '--tenant', chain.tenantId, '--from', chain.warehouse, '--to', chain.storeB, '--line', `${sku(2)}=1.5`, '--approve']);
    expect(created).toMatchObject({ status: 'approved' });
    const transferId = created.transferId as string;
    expect(await runCommand(tdb.db, ['transfer-dispatch', '--tenant', chain.tenantId, '--transfer', transferId])).toMatchObject({ status: 'sent' });
    const listed = (await runCommand(tdb.db, ['transfers', '--tenant', chain.tenantId, '--status', 'sent'])) as { transfers: Array<{ id: string; sent: unknown }> };
    expect(listed.transfers.find((x) => x.id === transferId)?.sent).toEqual([{ productId: pid(2), qty: 1500 }]);
    expect((await level(chain.storeB, pid(2)))?.in_transit).toBe(1500);
  });
});

describe("head office's dispatch", () => {
  it('is recorded after the store already recorded its receipt, and the two sides then agree', async () => {
    a.till.seq = await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [a.identity.terminalId]);
    const { transferId } = await createTransfer(tdb.db, { tenantId: chain.tenantId, sourceId: chain.warehouse, destinationId: chain.storeA, lines: [{ sku: sku(2), qty: 6000 }], approve: true });
    const whBefore = await level(chain.warehouse, pid(2));
    const atABefore = await level(chain.storeA, pid(2));
    // Hamra's till receives the 6 before head office records that the warehouse sent them.
    const receipt = transferReceive(a.till, { transferId, sourceId: chain.warehouse, lines: [{ productId: pid(2), received: 6000 }] });
    expect((await pushAtA([receipt])).map((r) => r.status)).toEqual(['accepted']);
    expect((await level(chain.storeA, pid(2)))?.in_transit).toBe((atABefore?.in_transit ?? 0) - 6000);

    expect((await dispatchTransfer(tdb.db, { tenantId: chain.tenantId, transferId })).status).toBe('received');
    expect((await level(chain.warehouse, pid(2)))?.on_hand).toBe((whBefore?.on_hand ?? 0) - 6000);
    expect((await level(chain.storeA, pid(2)))?.in_transit).toBe(atABefore?.in_transit ?? 0);
    // It is sent once: a second dispatch is refused, and writes nothing.
    const movements = await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]);
    await expect(dispatchTransfer(tdb.db, { tenantId: chain.tenantId, transferId })).rejects.toMatchObject({ code: 'CONFLICT_TRANSITION' });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId])).toBe(movements);
    expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
  });

  it("is checked against the warehouse's stock, whose ledger is the server's: more than it has is refused and nothing written", async () => {
    const counts = async () => ({
      events: await count(tdb.db, 'SELECT count(*) AS n FROM transfer_events WHERE tenant_id = $1', [chain.tenantId]),
      movements: await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]),
      audit: await count(tdb.db, 'SELECT count(*) AS n FROM audit WHERE tenant_id = $1', [chain.tenantId]),
    });
    const has = (await level(chain.warehouse, pid(1)))?.on_hand ?? 0;
    const { transferId } = await createTransfer(tdb.db, { tenantId: chain.tenantId, sourceId: chain.warehouse, destinationId: chain.storeB, lines: [{ sku: sku(1), qty: has + 1000 }], approve: true });
    const before = await counts();
    await expect(dispatchTransfer(tdb.db, { tenantId: chain.tenantId, transferId })).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(await counts()).toEqual(before);
    expect((await level(chain.warehouse, pid(1)))?.on_hand).toBe(has);
    // What it has can be sent.
    expect((await dispatchTransfer(tdb.db, { tenantId: chain.tenantId, transferId, lines: [{ sku: sku(1), qty: has }] })).status).toBe('sent');
    expect((await level(chain.warehouse, pid(1)))?.on_hand).toBe(0);
  });

  it('answers a level it would take beyond the one range with OUT_OF_RANGE, not an internal error', async () => {
    // A warehouse holding the most a level may hold sends all of it to a store that already has 5 on its way from
    // the other store: in transit there would pass the range.
    const big = await seedTestChain(tdb.db, { products: 1, stock: 10_000, warehouseStock: MAX_QTY_MILLI, tillsPerStore: 0, name: 'Big' });
    const bigSku = big.products[0]?.sku as string;
    const first = await createTransfer(tdb.db, { tenantId: big.tenantId, sourceId: big.storeB, destinationId: big.storeA, lines: [{ sku: bigSku, qty: 5000 }], approve: true });
    await dispatchTransfer(tdb.db, { tenantId: big.tenantId, transferId: first.transferId });
    const second = await createTransfer(tdb.db, { tenantId: big.tenantId, sourceId: big.warehouse, destinationId: big.storeA, lines: [{ sku: bigSku, qty: MAX_QTY_MILLI }], approve: true });
    const movements = await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [big.tenantId]);
    await expect(dispatchTransfer(tdb.db, { tenantId: big.tenantId, transferId: second.transferId })).rejects.toMatchObject({ code: 'OUT_OF_RANGE' });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [big.tenantId])).toBe(movements);
  });
});

describe("head office's action in a deadlock", () => {
  it('is run again once PostgreSQL broke it, as a push chunk is', async () => {
    const { transferId } = await createTransfer(tdb.db, { tenantId: chain.tenantId, sourceId: chain.warehouse, destinationId: chain.storeB, lines: [{ sku: sku(0), qty: 1000 }], approve: true });
    const holder = new pg.Client({ connectionString: tdb.url });
    await holder.connect();
    try {
      // The other transaction holds the warehouse's level and never looks for the deadlock itself: the action's wait does.
      await holder.query("BEGIN; SET LOCAL deadlock_timeout = '60s'");
      await holder.query('SELECT 1 FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 FOR UPDATE', [chain.tenantId, chain.warehouse, pid(0)]);
      const sent = dispatchTransfer(tdb.db, { tenantId: chain.tenantId, transferId }).then(
        (r) => r.status,
        (e: unknown) => e,
      );
      for (let i = 0; ; i++) {
        const r = await holder.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'transactionid'");
        if (Number(r.rows[0]?.n ?? 0) >= 1) break;
        if (i > 250) throw new Error('the dispatch never waited on the level');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The action holds the transfer and waits for the level; now the other asks for the transfer: a cycle.
      await holder.query('SELECT 1 FROM transfers WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [chain.tenantId, transferId]);
      await holder.query('ROLLBACK');
      expect(await sent).toBe('sent');
    } finally {
      await holder.end();
    }
    expect(await count(tdb.db, "SELECT count(*) AS n FROM audit WHERE tenant_id = $1 AND action = 'transfer.dispatch' AND details->>'transferId' = $2", [chain.tenantId, transferId])).toBe(1);
    expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
  }, 20_000);
});
