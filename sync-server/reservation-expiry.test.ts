import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import type { TestChain } from './test-support/fixtures';
import { count, seedTestChain } from './test-support/fixtures';
import { listenApp, tillsOf } from './test-support/harness';
import type { OpOf, TestTill } from './test-support/client';
import { release, reserve } from './test-support/reservation-ops';
import { checkLedger } from './db/reconcile-repo';
import type { SchedulerClock, SchedulerLog } from './reconcile-scheduler';
import { expireReservations, parseExpiryEvery, startReservationExpiry } from './reservation-expiry';
import { startServer } from './server';
import { runCommand } from './admin/cli';
import pg from 'pg';

/**
 * The server's expiry of reservations nobody collected, on PostgreSQL: by the server's clock (injected here),
 * once, with RELEASE movements that name the reservation as their cause and a fresh change stamp for the pull;
 * on a schedule; from the CLI; and racing a till's release of the same reservations, where exactly one of the two
 * gives each hold back and neither deadlocks the other.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ app, url } = await listenApp(tdb.db));
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

const HOUR = 3_600_000;

/** A clock the test moves: timers fire when the test advances past them, never on their own. */
class FakeClock implements SchedulerClock {
  private timers = new Map<number, { due: number; fn: () => void }>();
  private ids = 0;
  constructor(private t: Date) {}
  now = (): Date => new Date(this.t);
  setTimer = (fn: () => void, ms: number): (() => void) => {
    const id = ++this.ids;
    this.timers.set(id, { due: this.t.getTime() + ms, fn });
    return () => this.timers.delete(id);
  };
  advanceTo(to: Date): void {
    this.t = to;
    for (;;) {
      const due = [...this.timers].find(([, x]) => x.due <= to.getTime());
      if (due === undefined) return;
      this.timers.delete(due[0]);
      due[1].fn();
    }
  }
  get pending(): number {
    return this.timers.size;
  }
}

const quietLog = (): SchedulerLog & { infos: Array<Record<string, unknown>>; errors: string[] } => {
  const infos: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  return { infos, errors, info: (d) => void infos.push(d), error: (d, m) => void errors.push(`${m} ${JSON.stringify(d)}`) };
};

async function freshChain(): Promise<{ chain: TestChain; tills: TestTill[]; p: string; q: string }> {
  const chain = await seedTestChain(tdb.db, { stock: 100_000 });
  await tdb.db.query("UPDATE terminals SET created_at = now() - interval '1 day' WHERE tenant_id = $1", [chain.tenantId]);
  const [p, q] = chain.products;
  if (p === undefined || q === undefined) throw new Error('the test chain has products');
  return { chain, tills: tillsOf(chain, url), p: p.id, q: q.id };
}

async function pushAll(till: TestTill, ops: readonly unknown[]): Promise<void> {
  const r = await till.push(ops);
  if (!r.ok) throw new Error(`push failed: ${JSON.stringify(r.body)}`);
  for (const x of r.body.results) if (x.status !== 'accepted') throw new Error(`op ${x.seq} was ${x.status}: ${x.reason}`);
}

/** A reservation taken `agoH` hours ago for `holdH` hours. */
const taken = (till: TestTill, lines: Array<{ productId: string; qty: number }>, agoH: number, holdH: number): OpOf<'reservation_create'> =>
  reserve(till, lines, { at: new Date(Date.now() - agoH * HOUR), holdHours: holdH });

async function statusOf(id: string): Promise<{ status: string; ended_at: Date | null; end_op_id: string | null }> {
  const r = await tdb.db.query<{ status: string; ended_at: Date | null; end_op_id: string | null }>('SELECT status, ended_at, end_op_id FROM reservations WHERE id = $1', [id]);
  const row = r.rows[0];
  if (row === undefined) throw new Error(`no reservation ${id}`);
  return row;
}

async function reservedAt(chain: TestChain, productId: string): Promise<number> {
  const r = await tdb.db.query<{ reserved: number }>('SELECT reserved FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3', [chain.tenantId, chain.storeA, productId]);
  return r.rows[0]?.reserved ?? 0;
}

const ofTenant = async (chain: TestChain, now: Date): Promise<Array<{ expired: number; released: number }>> =>
  (await expireReservations(tdb.db, { now })).filter((r) => r.tenantId === chain.tenantId).map(({ expired, released }) => ({ expired, released }));

describe('the expiry job', () => {
  it('releases what lapsed by the server clock, once, naming the reservation as the cause, and the store pulls it expired', async () => {
    const { chain, tills, p, q } = await freshChain();
    const a = tills[0] as TestTill;
    const lapsed = taken(a, [{ productId: p, qty: 2000 }, { productId: q, qty: 500 }], 3, 1);
    const later = taken(a, [{ productId: p, qty: 1000 }], 3, 5);
    await pushAll(a, [lapsed, later]);
    const cursor = (await a.pull()).body;
    if (!('cursor' in cursor)) throw new Error('pull failed');
    expect(await reservedAt(chain, p)).toBe(3000);

    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    expect(await ofTenant(chain, now)).toEqual([{ expired: 1, released: 2 }]);
    expect(await statusOf(lapsed.payload.reservationId)).toEqual({ status: 'expired', ended_at: now, end_op_id: null });
    expect((await statusOf(later.payload.reservationId)).status).toBe('open');
    const written = await tdb.db.query<{ kind: string; qty: number; cause_kind: string; cause_ref: string; op_id: string | null; user_id: string | null; occurred_at: Date; d_reserved: number }>(
      "SELECT kind, qty, cause_kind, cause_ref, op_id, user_id, occurred_at, d_reserved FROM movements WHERE tenant_id = $1 AND cause_kind = 'reservation_expiry' ORDER BY id",
      [chain.tenantId],
    );
    expect(written.rows).toEqual([
      { kind: 'RELEASE', qty: 2000, cause_kind: 'reservation_expiry', cause_ref: lapsed.payload.reservationId, op_id: null, user_id: null, occurred_at: now, d_reserved: -2000 },
      { kind: 'RELEASE', qty: 500, cause_kind: 'reservation_expiry', cause_ref: lapsed.payload.reservationId, op_id: null, user_id: null, occurred_at: now, d_reserved: -500 },
    ]);
    expect(await reservedAt(chain, p)).toBe(1000);
    expect(await reservedAt(chain, q)).toBe(0);

    // Nothing more to do at the same moment.
    const movements = await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]);
    expect(await ofTenant(chain, now)).toEqual([]);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId])).toBe(movements);

    // The change reaches the store's tills after the cursor they had: the reservation and the levels it moved.
    const after = await a.pull(cursor.cursor);
    if (!after.ok) throw new Error('pull failed');
    expect(after.body.reservations?.map((r) => [r.id, r.status, r.endedAt])).toEqual([[lapsed.payload.reservationId, 'expired', now.toISOString()]]);
    expect(after.body.levels.map((l) => [l.productId, l.level.reserved]).sort()).toEqual([[p, 1000], [q, 0]].sort());

    // The other one lapses in its own time.
    expect(await ofTenant(chain, new Date(now.getTime() + 3 * HOUR))).toEqual([{ expired: 1, released: 1 }]);
    expect(await reservedAt(chain, p)).toBe(0);
    expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
  });

  it('runs on its schedule, in the server when asked, and from the CLI', async () => {
    const { chain, tills, p } = await freshChain();
    const a = tills[0] as TestTill;
    const first = taken(a, [{ productId: p, qty: 1000 }], 2, 1);
    await pushAll(a, [first]);
    const clock = new FakeClock(new Date());
    const log = quietLog();
    const job = startReservationExpiry(tdb.db, { everyMs: 60_000, clock, log });
    clock.advanceTo(new Date(clock.now().getTime() + 59_000));
    await job.idle();
    expect((await statusOf(first.payload.reservationId)).status).toBe('open');
    clock.advanceTo(new Date(clock.now().getTime() + 1_000));
    await job.idle();
    expect((await statusOf(first.payload.reservationId)).status).toBe('expired');
    expect(log.infos.some((d) => d.tenantId === chain.tenantId && d.expired === 1)).toBe(true);
    expect(log.errors).toEqual([]);
    await job.stop();
    expect(clock.pending).toBe(0);

    // The server runs it only when told to (main.ts does by default; tests and embedders say so).
    const plain = await startServer({ databaseUrl: tdb.url, port: 0, poolSize: 2, reconcileAt: false });
    expect(plain.reservationExpiry).toBeNull();
    await plain.close();
    await expect(startServer({ databaseUrl: tdb.url, port: 0, poolSize: 2, reconcileAt: false, reservationExpiryEvery: 10 })).rejects.toThrow(/once a second/);
    const second = taken(a, [{ productId: p, qty: 1000 }], 2, 1);
    await pushAll(a, [second]);
    const serverClock = new FakeClock(new Date());
    const server = await startServer({ databaseUrl: tdb.url, port: 0, poolSize: 2, reconcileAt: false, reservationExpiryEvery: 30_000, reservationExpiryClock: serverClock });
    try {
      serverClock.advanceTo(new Date(serverClock.now().getTime() + 30_000));
      await server.reservationExpiry?.idle();
      expect((await statusOf(second.payload.reservationId)).status).toBe('expired');
    } finally {
      await server.close();
    }
    expect(parseExpiryEvery(undefined)).toBe(60_000);
    expect(parseExpiryEvery('off')).toBe(false);
    expect(parseExpiryEvery('15')).toBe(15_000);
    expect(() => parseExpiryEvery('1m')).toThrow(/seconds/);

    const third = taken(a, [{ productId: p, qty: 1000 }], 2, 1);
    await pushAll(a, [third]);
    const out = await runCommand(tdb.db, ['expire-reservations']);
    expect(out.tenants).toEqual(expect.arrayContaining([{ tenantId: chain.tenantId, expired: 1, released: 1 }]));
    expect((await statusOf(third.payload.reservationId)).status).toBe('expired');
    expect(await reservedAt(chain, p)).toBe(0);
    expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
  });
});

describe('a release racing the job', () => {
  it('skips a reservation a push holds instead of waiting on it, and finds it on its next pass if still open', async () => {
    const { chain, tills, p } = await freshChain();
    const a = tills[0] as TestTill;
    const [held, free] = [taken(a, [{ productId: p, qty: 1000 }], 3, 1), taken(a, [{ productId: p, qty: 1000 }], 3, 1)];
    await pushAll(a, [held, free]);
    let letGo = (): void => undefined;
    let locked = (): void => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // A push chunk in flight holds its reservation's row (as sync/push.ts does before it locks levels).
    const push = tdb.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM reservations WHERE id = $1 FOR UPDATE', [held.payload.reservationId]);
      locked();
      await new Promise<void>((resolve) => (letGo = resolve));
    });
    await isLocked;
    expect(await ofTenant(chain, new Date())).toEqual([{ expired: 1, released: 1 }]);
    expect([(await statusOf(held.payload.reservationId)).status, (await statusOf(free.payload.reservationId)).status]).toEqual(['open', 'expired']);
    letGo();
    await push;
    expect(await ofTenant(chain, new Date())).toEqual([{ expired: 1, released: 1 }]);
    expect(await reservedAt(chain, p)).toBe(0);
  });

  it('gives each hold back exactly once, by whichever got the reservation first, and neither waits forever on the other', async () => {
    const { chain, tills, p, q } = await freshChain();
    const [a, b] = tills as [TestTill, TestTill];
    const outcomes = { released: 0, expired: 0 };
    for (let round = 0; round < 3; round++) {
      // 24 lapsed reservations over two products; two tills of the store release them all while the job runs.
      const orders = Array.from({ length: 24 }, (_, i) => taken(i % 2 === 0 ? a : b, [{ productId: i % 3 === 0 ? q : p, qty: 1000 }, { productId: p, qty: 500 }], 3, 1));
      await pushAll(a, orders.filter((_, i) => i % 2 === 0));
      await pushAll(b, orders.filter((_, i) => i % 2 === 1));
      const releases = orders.map((o, i) => release(i % 2 === 0 ? b : a, o.payload.reservationId));
      // Pushed a few at a time while two passes of the job (as two server processes would) work in small batches.
      const inPushes = async (till: TestTill, ops: readonly unknown[]): Promise<void> => {
        for (let i = 0; i < ops.length; i += 3) await pushAll(till, ops.slice(i, i + 3));
      };
      const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
      await Promise.all([
        inPushes(a, releases.filter((_, i) => i % 2 === 1)),
        inPushes(b, releases.filter((_, i) => i % 2 === 0)),
        later(10 * round).then(() => expireReservations(tdb.db, { batch: 2 })),
        later(25).then(() => expireReservations(tdb.db, { batch: 3 })),
      ]);
      await expireReservations(tdb.db);
      for (const [i, o] of orders.entries()) {
        const id = o.payload.reservationId;
        const { status, end_op_id: endOp } = await statusOf(id);
        const byOp = await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE op_id = $1 AND kind = 'RELEASE'", [releases[i]?.id]);
        const byJob = await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE cause_kind = 'reservation_expiry' AND cause_ref = $1", [id]);
        // Two lines each: both released by the one that ended it, none by the other.
        if (status === 'released') expect([byOp, byJob, endOp]).toEqual([2, 0, releases[i]?.id]);
        else expect([status, byOp, byJob, endOp]).toEqual(['expired', 0, 2, null]);
        outcomes[status as 'released' | 'expired'] += 1;
      }
      expect([await reservedAt(chain, p), await reservedAt(chain, q)]).toEqual([0, 0]);
    }
    // Which one wins depends on timing; over three rounds both did in every run seen (9-10 of 72 by a till).
    expect(outcomes.released + outcomes.expired).toBe(72);
    expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
  });
});

describe('a deadlock with another transaction', () => {
  it('runs the batch again instead of failing the pass', async () => {
    const { chain, tills, p } = await freshChain();
    const a = tills[0] as TestTill;
    const lapsed = taken(a, [{ productId: p, qty: 1000 }], 3, 1);
    await pushAll(a, [lapsed]);
    const holder = new pg.Client({ connectionString: tdb.url });
    await holder.connect();
    try {
      // The other transaction holds the level and never looks for the deadlock itself: the job's wait does.
      await holder.query("BEGIN; SET LOCAL deadlock_timeout = '60s'");
      await holder.query('SELECT 1 FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 FOR UPDATE', [chain.tenantId, chain.storeA, p]);
      const pass = expireReservations(tdb.db).then(
        () => 'done',
        (e: unknown) => e,
      );
      await waitForRowLockWaiters(holder, 1);
      // The job holds the reservation and waits for the level; now the other asks for the reservation: a cycle.
      const cycle = holder.query('SELECT 1 FROM reservations WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [chain.tenantId, lapsed.payload.reservationId]);
      await cycle;
      await holder.query('ROLLBACK');
      expect(await pass).toBe('done');
    } finally {
      await holder.end();
    }
    // The batch ran again once PostgreSQL broke the deadlock; whatever it found then, the next pass ends it.
    await expireReservations(tdb.db);
    expect((await statusOf(lapsed.payload.reservationId)).status).toBe('expired');
    expect(await reservedAt(chain, p)).toBe(0);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE cause_kind = 'reservation_expiry' AND cause_ref = $1", [lapsed.payload.reservationId])).toBe(1);
  }, 20_000);
});

async function waitForRowLockWaiters(holder: pg.Client, n: number): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const r = await holder.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple')",
    );
    if (Number(r.rows[0]?.n ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${n} transaction(s) waiting on a row lock`);
}
