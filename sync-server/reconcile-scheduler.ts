import type { Db } from './db/db';
import { reconcileAllTenants, summarizeReconciliation } from './admin/reconcile';

/**
 * The nightly reconciliation inside the server process: once a day at a time of day in the server's local time
 * (the tenants table holds no time zone or schedule of its own yet), every tenant's levels are checked against
 * their movements and the run recorded (sync-server/admin/reconcile.ts). Every server process runs a scheduler;
 * the per-tenant advisory lock and the one-run-per-slot index let exactly one of them check each tenant per night.
 *
 * The clock is injected so a test can move time and fire the timer without waiting.
 */
export interface SchedulerClock {
  now(): Date;
  /** calls fn once after ms milliseconds; returns a function that cancels it */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: SchedulerClock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    // the schedule alone never keeps a process alive
    t.unref();
    return () => clearTimeout(t);
  },
};

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export function parseTimeOfDay(text: string): TimeOfDay {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`a time of day is HH:MM (00:00 to 23:59), not "${text}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The first moment strictly after `after` at the time of day, local time. */
export function nextSlot(after: Date, at: TimeOfDay): Date {
  const slot = new Date(after);
  slot.setHours(at.hour, at.minute, 0, 0);
  if (slot.getTime() <= after.getTime()) {
    slot.setDate(slot.getDate() + 1);
    slot.setHours(at.hour, at.minute, 0, 0);
  }
  return slot;
}

export interface SchedulerLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface NightlyReconciliation {
  /** the slot the scheduler waits for */
  readonly next: Date;
  /** resolves when no run is in flight */
  idle(): Promise<void>;
  /** cancels the timer and waits for a run in flight to finish (before the database closes) */
  stop(): Promise<void>;
}

/**
 * Wakes at most a minute apart and compares the wall clock with the slot, so a clock step (NTP, a suspended VM)
 * delays a run by a minute at most instead of by whatever a day-long timer had drifted.
 */
const MAX_SLEEP_MS = 60_000;

export function startNightlyReconciliation(db: Db, opts: { at: TimeOfDay; clock?: SchedulerClock; log: SchedulerLog }): NightlyReconciliation {
  const clock = opts.clock ?? systemClock;
  let next = nextSlot(clock.now(), opts.at);
  let cancel: (() => void) | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runSlot = async (slot: Date): Promise<void> => {
    try {
      const outcomes = await reconcileAllTenants(db, { trigger: 'nightly', scheduledFor: slot, actor: 'nightly-reconciliation' });
      for (const o of outcomes) {
        const details = { slot: slot.toISOString(), tenantId: o.status === 'done' ? o.report.tenantId : o.tenantId, status: o.status };
        if (o.status === 'done' && o.report.drifts.length > 0) opts.log.error({ ...details, runId: o.report.runId, drifts: o.report.drifts }, summarizeReconciliation(o));
        else opts.log.info(details, summarizeReconciliation(o));
      }
    } catch (e) {
      // The next night tries again; `npm run admin -- reconcile` runs one by hand meanwhile.
      opts.log.error({ slot: slot.toISOString(), err: e }, 'nightly reconciliation failed');
    }
  };

  const arm = (): void => {
    if (stopped) return;
    const wait = Math.max(0, Math.min(next.getTime() - clock.now().getTime(), MAX_SLEEP_MS));
    cancel = clock.setTimer(wake, wait);
  };

  function wake(): void {
    cancel = null;
    if (stopped) return;
    const now = clock.now();
    if (now.getTime() < next.getTime()) return arm();
    const slot = next;
    running = runSlot(slot).then(() => {
      // after the run, not after the slot: a run that takes past the next wake-up does not start twice
      next = nextSlot(new Date(Math.max(clock.now().getTime(), slot.getTime())), opts.at);
      arm();
    });
  }

  arm();
  return {
    get next() {
      return next;
    },
    idle: () => running,
    async stop() {
      stopped = true;
      cancel?.();
      cancel = null;
      await running;
    },
  };
}
