import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import { count, seedTestChain } from './test-support/fixtures';
import { openPostgres } from './db/db';
import type { SchedulerClock, SchedulerLog } from './reconcile-scheduler';
import { nextSlot, parseTimeOfDay, startNightlyReconciliation } from './reconcile-scheduler';
import { startServer } from './server';

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
}

function recordingLog(): SchedulerLog & { errors: string[]; infos: Array<Record<string, unknown>> } {
  const errors: string[] = [];
  const infos: Array<Record<string, unknown>> = [];
  return { errors, infos, info: (d) => void infos.push(d), error: (d, m) => void errors.push(`${m} ${JSON.stringify(d)}`) };
}

// local wall-clock times, as the schedule is read
const local = (d: number, h: number, m: number, s = 0): Date => new Date(2026, 2, d, h, m, s);
const AT_3 = parseTimeOfDay('03:00');

let tdb: TestDatabase;
let tenantIds: string[];
beforeAll(async () => {
  tdb = await createTestDatabase();
  tenantIds = [(await seedTestChain(tdb.db)).tenantId, (await seedTestChain(tdb.db)).tenantId];
});
afterAll(async () => {
  await tdb?.drop();
});

const nightlyRuns = (slot: Date): Promise<number> =>
  count(tdb.db, "SELECT count(*) AS n FROM reconciliation_runs WHERE trigger = 'nightly' AND scheduled_for = $1", [slot]);

describe('the nightly slot', () => {
  it('is the next 03:00 local strictly after now', () => {
    expect(nextSlot(local(10, 2, 59), AT_3)).toEqual(local(10, 3, 0));
    expect(nextSlot(local(10, 3, 0), AT_3)).toEqual(local(11, 3, 0));
    expect(nextSlot(local(10, 23, 30), AT_3)).toEqual(local(11, 3, 0));
    expect(nextSlot(local(31, 4, 0), AT_3)).toEqual(new Date(2026, 3, 1, 3, 0));
    expect(() => parseTimeOfDay('3am')).toThrow(/HH:MM/);
    expect(() => parseTimeOfDay('24:00')).toThrow(/HH:MM/);
  });
});

describe('nightly reconciliation', () => {
  it('runs every tenant once at the slot and not before, then waits for the next night', async () => {
    const clock = new FakeClock(local(10, 2, 58));
    const log = recordingLog();
    const job = startNightlyReconciliation(tdb.db, { at: AT_3, clock, log });
    try {
      clock.advanceTo(local(10, 2, 59, 59));
      await job.idle();
      expect(await nightlyRuns(local(10, 3, 0))).toBe(0);
      clock.advanceTo(local(10, 3, 0, 1));
      await job.idle();
      expect(await nightlyRuns(local(10, 3, 0))).toBe(tenantIds.length);
      expect(log.errors).toEqual([]);
      expect(log.infos.map((i) => i.status)).toEqual(tenantIds.map(() => 'done'));
      expect(job.next).toEqual(local(11, 3, 0));
      // the rest of the night: nothing more
      clock.advanceTo(local(11, 2, 59));
      await job.idle();
      expect(await nightlyRuns(local(11, 3, 0))).toBe(0);
    } finally {
      await job.stop();
    }
  });

  it('lets one server process record a night; another waking for the same slot finds it recorded', async () => {
    const slot = local(12, 3, 0);
    const otherPool = openPostgres(tdb.url, { max: 2 });
    const clockA = new FakeClock(local(12, 2, 0));
    const clockB = new FakeClock(local(12, 2, 0));
    const logA = recordingLog();
    const logB = recordingLog();
    const a = startNightlyReconciliation(tdb.db, { at: AT_3, clock: clockA, log: logA });
    const b = startNightlyReconciliation(otherPool, { at: AT_3, clock: clockB, log: logB });
    try {
      clockA.advanceTo(local(12, 3, 0, 5));
      await a.idle();
      clockB.advanceTo(local(12, 3, 0, 30));
      await b.idle();
      expect(await nightlyRuns(slot)).toBe(tenantIds.length);
      expect([...logA.errors, ...logB.errors]).toEqual([]);
      expect(logB.infos.map((i) => i.status)).toEqual(tenantIds.map(() => 'already_recorded'));
    } finally {
      await a.stop();
      await b.stop();
      await otherPool.close();
    }
  });

  it('stops cleanly: a run in flight finishes before stop() returns, and no timer fires afterwards', async () => {
    const clock = new FakeClock(local(14, 2, 59));
    const job = startNightlyReconciliation(tdb.db, { at: AT_3, clock, log: recordingLog() });
    clock.advanceTo(local(14, 3, 0));
    await job.stop();
    expect(await nightlyRuns(local(14, 3, 0))).toBe(tenantIds.length);
    clock.advanceTo(local(15, 3, 1));
    await job.idle();
    expect(await nightlyRuns(local(15, 3, 0))).toBe(0);
  });

  it('runs inside the server process, on the server option, and stops with the server', async () => {
    await expect(startServer({ databaseUrl: tdb.url, port: 0, reconcileAt: '3am' })).rejects.toThrow(/HH:MM/);
    const clock = new FakeClock(local(16, 4, 0));
    const server = await startServer({ databaseUrl: tdb.url, port: 0, poolSize: 2, reconcileAt: '04:30', reconcileClock: clock });
    try {
      clock.advanceTo(local(16, 4, 30));
      await server.reconciliation?.idle();
      expect(await nightlyRuns(local(16, 4, 30))).toBe(tenantIds.length);
    } finally {
      await server.close();
    }
    clock.advanceTo(local(17, 4, 31));
    expect(await nightlyRuns(local(17, 4, 30))).toBe(0);
  });
});
