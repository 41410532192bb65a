import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ReservationView } from '../../shared/api/branch-api';
import type { DemoProduct, DemoUser } from '../../shared/demo';
import type { Level } from '../../shared/domain/movement';
import { MAX_HOLD_HOURS } from '../../shared/domain/reservation';
import { readLevel } from '../store';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { ReservationExpiry, type ExpiryTimers } from './reservation-expiry';

/**
 * Reservations on the till's own SQLite, through the branch API as the screens call it (input schemas, access,
 * the one write transaction). Every expected level below is computed from the level before the step and the
 * quantities of the step, written out by hand: never read back from the code under test.
 */
let till: TempTill;
let clock: Date;
let storeId: string;
let p1: DemoProduct;
let p2: DemoProduct;
let cashier: DemoUser;
const START = new Date('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;
const CONTACT = { name: 'Maya K.', phone: '+961 70 123456' };

beforeEach(async () => {
  clock = START;
  till = createTempTill({ demo: { products: 12 }, backend: { now: () => clock } });
  storeId = till.backend.db.config().storeId;
  const stocked = till.chain.products.filter((p) => p.active && p.unit === 'each' && (level(p.id).onHand ?? 0) >= 10_000 && level(p.id).reserved === 0);
  [p1, p2] = stocked as [DemoProduct, DemoProduct];
  cashier = await till.loginAs('cashier');
});
afterEach(() => till.cleanup());

function level(productId: string): Level {
  return readLevel(till.backend.db, productId, storeId) ?? { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0 };
}
function availableOf(l: Level): number {
  return l.onHand - l.reserved - l.quarantined;
}

/** Row counts of every table a reservation write touches, and a checksum of all levels: "nothing written" is these unchanged. */
function counts(): Record<string, number> {
  const db = till.backend.db.db;
  return {
    ...rowCounts(till.backend.db),
    reservations: db.prepare('SELECT count(*) FROM reservations').pluck().get() as number,
    reservation_lines: db.prepare('SELECT count(*) FROM reservation_lines').pluck().get() as number,
    reservation_state: db.prepare("SELECT count(*) FROM reservations WHERE status <> 'open'").pluck().get() as number,
    line_state: db.prepare('SELECT coalesce(sum(held * 3 + fulfilled * 5 + refused * 7), 0) FROM reservation_lines').pluck().get() as number,
  };
}

function ops(type: string): Array<{ seq: number; user_id: string; occurred_at: string; payload: Record<string, unknown> }> {
  const rows = till.backend.db.db.prepare('SELECT seq, user_id, occurred_at, payload FROM ops WHERE type = ? ORDER BY seq').all(type) as Array<{
    seq: number;
    user_id: string;
    occurred_at: string;
    payload: string;
  }>;
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

function movementsOf(seq: number): Array<{ product_id: string; kind: string; qty: number }> {
  return till.backend.db.db.prepare('SELECT product_id, kind, qty FROM movements WHERE op_seq = ? ORDER BY id').all(seq) as Array<{ product_id: string; kind: string; qty: number }>;
}

async function attempt<T>(method: string, input: unknown): Promise<BranchResult<T>> {
  return (await till.backend.dispatch(method, input)) as BranchResult<T>;
}

/** A failing call must write nothing at all; returns its error. */
async function refused(method: string, input: unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const before = counts();
  const result = await attempt(method, input);
  if (result.ok) throw new Error(`${method} should have failed`);
  expect(counts(), `${method} failed with ${result.error.code} and must write nothing`).toEqual(before);
  return result.error;
}

function reserve(lines: Array<{ productId: string; qty: number }>, holdHours = 24, extra: Record<string, unknown> = {}): Promise<ReservationView> {
  return till.call<ReservationView>('reservation.create', { reservationId: uuidv7(), lines, customerContact: CONTACT, holdHours, ...extra });
}

describe('reservation.create', () => {
  it('holds each line in reserved, leaves on hand alone, and writes one op with its RESERVE movements', async () => {
    const [a, b] = [level(p1.id), level(p2.id)];
    const view = await reserve([
      { productId: p1.id, qty: 3000 },
      { productId: p2.id, qty: 2000 },
    ], 48, { note: 'pick up Saturday' });

    expect(level(p1.id)).toEqual({ ...a, reserved: a.reserved + 3000 });
    expect(level(p2.id)).toEqual({ ...b, reserved: b.reserved + 2000 });
    expect(view).toMatchObject({
      status: 'open',
      pending: true,
      customerContact: CONTACT,
      note: 'pick up Saturday',
      createdByName: cashier.name,
      expiresAt: new Date(START.getTime() + 48 * HOUR).toISOString(),
      endedAt: null,
    });
    expect(view.lines.map((l) => [l.productId, l.requested, l.held, l.fulfilled, l.refused, l.availableNow])).toEqual([
      [p1.id, 3000, 3000, 0, false, availableOf(a) - 3000],
      [p2.id, 2000, 2000, 0, false, availableOf(b) - 2000],
    ]);

    const [op] = ops('reservation_create');
    expect(op?.user_id).toBe(cashier.id);
    expect(op?.payload).toMatchObject({
      reservationId: view.id,
      customerContact: CONTACT,
      expiresAt: view.expiresAt,
      lines: view.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.requested })),
    });
    expect(movementsOf(op?.seq as number)).toEqual([
      { product_id: p1.id, kind: 'RESERVE', qty: 3000 },
      { product_id: p2.id, kind: 'RESERVE', qty: 2000 },
    ]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('refuses the whole reservation when one line does not fit, naming the short product and what is available', async () => {
    const b = level(p2.id);
    const error = await refused('reservation.create', {
      reservationId: uuidv7(),
      lines: [
        { productId: p1.id, qty: 1000 },
        { productId: p2.id, qty: availableOf(b) + 1000 },
      ],
      customerContact: CONTACT,
      holdHours: 2,
    });
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.message).toContain(p2.name);
    expect(error.message).not.toContain(p1.name);
    expect(error.details).toEqual({ short: [{ productId: p2.id, name: p2.name, available: availableOf(b), requested: availableOf(b) + 1000 }] });
  });

  it('never lets two reservations promise the same unit, and a held unit cannot be sold', async () => {
    const a = level(p1.id);
    const all = availableOf(a);
    await reserve([{ productId: p1.id, qty: all - 1000 }]);
    await reserve([{ productId: p1.id, qty: 1000 }]);
    expect(level(p1.id)).toEqual({ ...a, reserved: a.reserved + all });

    const second = await refused('reservation.create', { reservationId: uuidv7(), lines: [{ productId: p1.id, qty: 1000 }], customerContact: CONTACT, holdHours: 1 });
    expect(second).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { short: [{ productId: p1.id, available: 0, requested: 1000 }] } });
    const sale = await refused('sale.complete', { saleId: uuidv7(), lines: [{ productId: p1.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_000 }] });
    expect(sale.code).toBe('INSUFFICIENT_STOCK');
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('counts two lines of one product together: what is available before the reservation, and everything asked of it', async () => {
    const all = availableOf(level(p1.id));
    const error = await refused('reservation.create', {
      reservationId: uuidv7(),
      lines: [
        { productId: p1.id, qty: all - 1000 },
        { productId: p1.id, qty: 2000 },
      ],
      customerContact: CONTACT,
      holdHours: 1,
    });
    expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { short: [{ productId: p1.id, available: all, requested: all + 1000 }] } });
  });

  it('answers a repeat with the same reservation and refuses the same id with other contents', async () => {
    const input = { reservationId: uuidv7(), lines: [{ productId: p1.id, qty: 1000 }], customerContact: CONTACT, holdHours: 3 };
    const first = await till.call<ReservationView>('reservation.create', input);
    const before = counts();
    const again = await till.call<ReservationView>('reservation.create', input);
    expect(again).toEqual(first);
    expect(counts()).toEqual(before);
    const reused = await refused('reservation.create', { ...input, lines: [{ productId: p1.id, qty: 2000 }] });
    expect(reused.code).toBe('ID_REUSED');
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const base = { reservationId: uuidv7(), lines: [{ productId: p1.id, qty: 1000 }], customerContact: CONTACT, holdHours: 1 };
    expect((await refused('reservation.create', { ...base, lines: [{ productId: uuidv7(), qty: 1000 }] })).code).toBe('UNKNOWN_PRODUCT');
    expect((await refused('reservation.create', { ...base, lines: [{ productId: p1.id, qty: 1500 }] })).code).toBe('INVALID_QUANTITY');
    expect((await refused('reservation.create', { ...base, customerContact: { note: 'no name, no phone' } })).code).toBe('INVALID_INPUT');
    expect((await refused('reservation.create', { ...base, holdHours: MAX_HOLD_HOURS + 1 })).code).toBe('INVALID_INPUT');
    expect((await refused('reservation.create', { ...base, holdHours: 0 })).code).toBe('INVALID_INPUT');
    expect((await refused('reservation.create', { ...base, lines: [] })).code).toBe('INVALID_INPUT');
  });
});

describe('reservation.fulfil', () => {
  it('takes what left off the shelf and out of reserved, releases the rest of each hold, and ends the reservation', async () => {
    const [a, b] = [level(p1.id), level(p2.id)];
    const made = await reserve([
      { productId: p1.id, qty: 3000 },
      { productId: p2.id, qty: 2000 },
    ]);
    const [l1, l2] = made.lines as [ReservationView['lines'][number], ReservationView['lines'][number]];
    clock = new Date(START.getTime() + HOUR);
    // The customer took 2 of the 3 of p1; p2 is not named, so all of it left.
    const done = await till.call<ReservationView>('reservation.fulfil', { reservationId: made.id, lines: [{ lineId: l1.lineId, qty: 2000 }] });

    expect(level(p1.id)).toEqual({ ...a, onHand: a.onHand - 2000 });
    expect(level(p2.id)).toEqual({ ...b, onHand: b.onHand - 2000 });
    expect(done).toMatchObject({ status: 'fulfilled', endedAt: clock.toISOString(), pending: true });
    expect(done.lines.map((l) => [l.lineId, l.held, l.fulfilled])).toEqual([
      [l1.lineId, 0, 2000],
      [l2.lineId, 0, 2000],
    ]);
    const [op] = ops('reservation_fulfil');
    expect(op?.payload).toEqual({ reservationId: made.id, lines: [{ lineId: l1.lineId, qty: 2000 }, { lineId: l2.lineId, qty: 2000 }] });
    expect(movementsOf(op?.seq as number)).toEqual([
      { product_id: p1.id, kind: 'FULFIL', qty: 2000 },
      { product_id: p1.id, kind: 'RELEASE', qty: 1000 },
      { product_id: p2.id, kind: 'FULFIL', qty: 2000 },
    ]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('refuses an unknown, an ended or a lapsed reservation, and more than a line holds, writing nothing', async () => {
    const made = await reserve([{ productId: p1.id, qty: 2000 }], 1);
    const lineId = made.lines[0]?.lineId as string;

    expect(await refused('reservation.fulfil', { reservationId: uuidv7() })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused('reservation.fulfil', { reservationId: made.id, lines: [{ lineId, qty: 3000 }] })).toMatchObject({ code: 'INVALID_QUANTITY' });
    expect(await refused('reservation.fulfil', { reservationId: made.id, lines: [{ lineId: uuidv7(), qty: 1000 }] })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await refused('reservation.fulfil', { reservationId: made.id, lines: [{ lineId, qty: 500 }] })).toMatchObject({ code: 'INVALID_QUANTITY' });
    expect(await refused('reservation.fulfil', { reservationId: made.id, lines: [{ lineId, qty: 0 }] })).toMatchObject({ code: 'INVALID_QUANTITY' });

    // Lapsed by the till's clock, before any expiry ran: refused as expired all the same.
    clock = new Date(START.getTime() + HOUR);
    expect(await refused('reservation.fulfil', { reservationId: made.id })).toMatchObject({
      code: 'CONFLICT_TRANSITION',
      details: { reservationId: made.id, status: 'expired' },
    });

    clock = START;
    await till.call('reservation.release', { reservationId: made.id });
    expect(await refused('reservation.fulfil', { reservationId: made.id })).toMatchObject({ code: 'CONFLICT_TRANSITION', details: { status: 'released' } });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });
});

describe('reservation.release', () => {
  it('gives the whole hold back and ends it as released; a second release is refused', async () => {
    const a = level(p1.id);
    const made = await reserve([{ productId: p1.id, qty: 4000 }]);
    const done = await till.call<ReservationView>('reservation.release', { reservationId: made.id, note: 'customer cancelled' });
    expect(level(p1.id)).toEqual(a);
    expect(done).toMatchObject({ status: 'released', lines: [{ held: 0, fulfilled: 0, availableNow: availableOf(a) }] });
    const [op] = ops('reservation_release');
    expect(op?.payload).toEqual({ reservationId: made.id, end: 'released', note: 'customer cancelled' });
    expect(movementsOf(op?.seq as number)).toEqual([{ product_id: p1.id, kind: 'RELEASE', qty: 4000 }]);
    expect(await refused('reservation.release', { reservationId: made.id })).toMatchObject({ code: 'CONFLICT_TRANSITION' });
    expect(await refused('reservation.release', { reservationId: uuidv7() })).toMatchObject({ code: 'NOT_FOUND' });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });
});

describe('reservation.list', () => {
  it('lists the open ones soonest to lapse first, each line with what is available after every open reservation', async () => {
    const a = level(p1.id);
    const later = await reserve([{ productId: p1.id, qty: 1000 }], 10);
    const sooner = await reserve([{ productId: p1.id, qty: 2000 }], 2);
    const gone = await reserve([{ productId: p2.id, qty: 1000 }], 1);
    await till.call('reservation.release', { reservationId: gone.id });

    const open = await till.call<ReservationView[]>('reservation.list', {});
    expect(open.map((r) => r.id)).toEqual([sooner.id, later.id]);
    expect(open.map((r) => r.lines[0]?.availableNow)).toEqual([availableOf(a) - 3000, availableOf(a) - 3000]);
    const all = await till.call<ReservationView[]>('reservation.list', { open: false });
    expect(all.map((r) => r.id)).toEqual([sooner.id, later.id, gone.id]);
  });
});

describe("the till's own expiry", () => {
  it('releases a lapsed reservation exactly once, by an op naming the user who made it', async () => {
    const a = level(p1.id);
    const made = await reserve([{ productId: p1.id, qty: 2000 }], 1);
    const manager = await till.loginAs('manager');
    const expiry = new ReservationExpiry(till.backend.db, { now: () => clock });

    clock = new Date(START.getTime() + HOUR - 1);
    expect(expiry.runOnce().expired).toEqual([]);
    expect(level(p1.id).reserved).toBe(a.reserved + 2000);

    clock = new Date(START.getTime() + HOUR);
    expect(expiry.runOnce().expired).toEqual([made.id]);
    expect(expiry.runOnce().expired).toEqual([]);
    // The list expires before it answers: nothing more to do, and the reservation is no longer open.
    expect(await till.call<ReservationView[]>('reservation.list', {})).toEqual([]);

    const releases = ops('reservation_release');
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({ user_id: cashier.id, occurred_at: clock.toISOString(), payload: { reservationId: made.id, end: 'expired' } });
    expect(releases[0]?.user_id).not.toBe(manager.id);
    expect(movementsOf(releases[0]?.seq as number)).toEqual([{ product_id: p1.id, kind: 'RELEASE', qty: 2000 }]);
    expect(level(p1.id)).toEqual(a);
    const [view] = await till.call<ReservationView[]>('reservation.list', { open: false });
    expect(view).toMatchObject({ id: made.id, status: 'expired', endedAt: clock.toISOString(), lines: [{ held: 0, fulfilled: 0 }] });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('runs before listing, and on its timer while the till is running', async () => {
    const a = level(p1.id);
    const first = await reserve([{ productId: p1.id, qty: 1000 }], 1);
    const second = await reserve([{ productId: p1.id, qty: 1000 }], 1);
    clock = new Date(START.getTime() + 2 * HOUR);
    expect(await till.call<ReservationView[]>('reservation.list', {})).toEqual([]);
    expect(ops('reservation_release').map((o) => o.payload['reservationId'])).toEqual([first.id, second.id]);

    const third = await reserve([{ productId: p1.id, qty: 1000 }], 1);
    let tick: (() => void) | null = null;
    const timers: ExpiryTimers = {
      setInterval: (fn) => {
        tick = fn;
        return 1;
      },
      clearInterval: () => {
        tick = null;
      },
    };
    const expiry = new ReservationExpiry(till.backend.db, { now: () => clock, timers });
    expiry.start();
    clock = new Date(clock.getTime() + HOUR);
    (tick as (() => void) | null)?.();
    expect(ops('reservation_release').map((o) => o.payload['reservationId'])).toEqual([first.id, second.id, third.id]);
    expiry.stop();
    expect(tick).toBeNull();
    expect(level(p1.id)).toEqual(a);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });
});
