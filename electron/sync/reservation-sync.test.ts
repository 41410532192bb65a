import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ReservationView } from '../../shared/api/branch-api';
import type { DemoProduct, DemoUser } from '../../shared/demo';
import { EMPTY_LEVEL, type Level } from '../../shared/domain/movement';
import type { OpResult, PullResponse, SyncReservation } from '../../shared/sync/protocol';
import { createReservation, expireDueReservations, fulfilReservation, listReservations, releaseReservation } from '../services';
import { countPendingOps, readLevel } from '../store';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { applyPull } from './pull';

/**
 * The server's word on reservations, applied on a real till file: the verdict on a reservation made offline (an
 * op result) and the pull's `reservations`. The server's answers are written out here in the protocol's shape.
 * Expected levels are the level before plus the quantities of the step, by hand.
 */
let till: TempTill;
let storeId: string;
let p1: DemoProduct;
let p2: DemoProduct;
let cashier: DemoUser;
const NOW = new Date('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;
const CONTACT = { phone: '+961 3 555111' };
let cursor = 10;

beforeEach(() => {
  till = createTempTill({ demo: { products: 12 } });
  storeId = till.backend.db.config().storeId;
  const stocked = till.chain.products.filter((p) => p.active && p.unit === 'each' && level(p.id).onHand >= 10_000 && level(p.id).reserved === 0);
  [p1, p2] = stocked as [DemoProduct, DemoProduct];
  cashier = till.chain.users.find((u) => u.role === 'cashier') as DemoUser;
});
afterEach(() => till.cleanup());

function level(productId: string): Level {
  return readLevel(till.backend.db, productId, storeId) ?? EMPTY_LEVEL;
}

const actor = (): { userId: string; managerId: null } => ({ userId: cashier.id, managerId: null });

function reserve(lines: Array<{ productId: string; qty: number }>, holdHours = 24, at = NOW): ReservationView {
  return createReservation(till.backend.db, { reservationId: uuidv7(), lines, customerContact: CONTACT, holdHours }, actor(), at);
}

function seqOf(type: string, reservationId: string): number {
  return till.backend.db.db
    .prepare("SELECT seq FROM ops WHERE type = ? AND json_extract(payload, '$.reservationId') = ? ORDER BY seq DESC LIMIT 1")
    .pluck()
    .get(type, reservationId) as number;
}

function pull(overrides: Partial<PullResponse>): PullResponse {
  cursor += 1;
  return till.pullResponse({ cursor: String(cursor), ...overrides });
}

function result(seq: number, type: string, status: OpResult['status'], lines: OpResult['lines'] = []): OpResult {
  const opId = till.backend.db.db.prepare('SELECT id FROM ops WHERE seq = ?').pluck().get(seq) as string;
  return { opId, seq, type, status, code: status === 'rejected' ? 'FORBIDDEN' : null, reason: null, lines, clockSkew: false, receivedAt: NOW.toISOString() };
}

/** The server's result for a reservation_create: `reverse` for the lines it could not hold. */
function createResult(view: ReservationView, reversed: readonly string[]): OpResult {
  const lines = view.lines.map((l) => ({
    lineId: l.lineId,
    productId: l.productId,
    qty: l.requested,
    action: reversed.includes(l.lineId) ? ('reverse' as const) : ('keep' as const),
    reason: reversed.includes(l.lineId) ? 'insufficient_stock' : null,
    available: reversed.includes(l.lineId) ? 0 : null,
    conflictId: null,
  }));
  const status = reversed.length === 0 ? 'accepted' : reversed.length === lines.length ? 'reversed' : 'partially_reversed';
  return result(seqOf('reservation_create', view.id), 'reservation_create', status, lines);
}

function serverCopy(view: ReservationView, overrides: Partial<SyncReservation> = {}): SyncReservation {
  return {
    id: view.id,
    locationId: storeId,
    status: view.status,
    lines: view.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, requested: l.requested, held: l.held, fulfilled: l.fulfilled, refused: l.refused })),
    customerContact: view.customerContact,
    expiresAt: view.expiresAt,
    createdAt: view.createdAt,
    createdByName: view.createdByName,
    endedAt: view.endedAt,
    note: view.note,
    ...overrides,
  };
}

function viewOf(id: string, at = NOW): ReservationView | undefined {
  return listReservations(till.backend.db, { open: false, limit: 200 }, at).find((r) => r.id === id);
}

function movementCount(kind: string, productId: string): number {
  return till.backend.db.db.prepare('SELECT count(*) FROM movements WHERE kind = ? AND product_id = ?').pluck().get(kind, productId) as number;
}

describe('a reservation made offline, refused at replay', () => {
  it('flags the refused line and gives its hold back even when the pull carries no level for it, once', () => {
    const [a, b] = [level(p1.id), level(p2.id)];
    const made = reserve([
      { productId: p1.id, qty: 2000 },
      { productId: p2.id, qty: 3000 },
    ]);
    const refusedLine = made.lines[1]?.lineId as string;
    // The server wrote nothing for the refused line, so that level's stamp did not move: the pull has no level to
    // rebase on. Without the release at the result, p2 would stay reserved here for good.
    const answer = pull({ opResults: [createResult(made, [refusedLine])] });
    applyPull(till.backend.db, answer, NOW);
    applyPull(till.backend.db, answer, NOW);

    expect(level(p1.id)).toEqual({ ...a, reserved: a.reserved + 2000 });
    expect(level(p2.id)).toEqual(b);
    expect(movementCount('RELEASE', p2.id)).toBe(1);
    expect(viewOf(made.id)).toMatchObject({
      status: 'open',
      pending: false,
      customerContact: CONTACT,
      lines: [
        { productId: p1.id, held: 2000, refused: false },
        { productId: p2.id, held: 0, refused: true },
      ],
    });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('agrees with the rebase when the pull also carries the level: no second correction', () => {
    const b = level(p2.id);
    const made = reserve([{ productId: p2.id, qty: 3000 }]);
    const refusedLine = made.lines[0]?.lineId as string;
    // The server's level of p2: as it was (the refused reservation holds nothing there), 1 unit sold by another till.
    const server = { ...b, onHand: b.onHand - 1000 };
    applyPull(till.backend.db, pull({ opResults: [createResult(made, [refusedLine])], levels: [{ productId: p2.id, level: server }] }), NOW);

    expect(level(p2.id)).toEqual(server);
    expect(movementCount('RELEASE', p2.id)).toBe(1);
    expect(till.backend.db.db.prepare("SELECT count(*) FROM movements WHERE product_id = ? AND cause_kind = 'rebase_correction' AND kind <> 'ADJUST'").pluck().get(p2.id)).toBe(0);
    // Every line refused: nothing is held, the reservation ended as refused, the customer is to be called.
    expect(viewOf(made.id)).toMatchObject({ status: 'refused', endedAt: NOW.toISOString(), lines: [{ refused: true, held: 0 }] });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('keeps the local state of a rejected reservation out of the ledger: flagged refused, held back once', () => {
    const a = level(p1.id);
    const made = reserve([{ productId: p1.id, qty: 2000 }]);
    const answer = pull({ opResults: [result(seqOf('reservation_create', made.id), 'reservation_create', 'rejected')] });
    applyPull(till.backend.db, answer, NOW);
    applyPull(till.backend.db, answer, NOW);
    expect(level(p1.id)).toEqual(a);
    expect(viewOf(made.id)).toMatchObject({ status: 'refused', lines: [{ refused: true, held: 0 }] });
    // Refused, so the till's own expiry has nothing to give back later.
    expect(expireDueReservations(till.backend.db, new Date(NOW.getTime() + 48 * HOUR)).expired).toEqual([]);
    expect(level(p1.id)).toEqual(a);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('leaves a kept reservation as it is', () => {
    const a = level(p1.id);
    const made = reserve([{ productId: p1.id, qty: 2000 }]);
    applyPull(till.backend.db, pull({ opResults: [createResult(made, [])], levels: [{ productId: p1.id, level: { ...a, reserved: a.reserved + 2000 } }] }), NOW);
    expect(countPendingOps(till.backend.db)).toBe(0);
    expect(level(p1.id)).toEqual({ ...a, reserved: a.reserved + 2000 });
    expect(viewOf(made.id)).toMatchObject({ status: 'open', pending: false, lines: [{ held: 2000, refused: false }] });
  });
});

describe("the pull's reservations", () => {
  it('adds one made elsewhere at this store, which the till lists but leaves to the server to expire', () => {
    const lineId = uuidv7();
    const other: SyncReservation = {
      id: uuidv7(),
      locationId: storeId,
      status: 'open',
      lines: [{ lineId, productId: p1.id, requested: 5000, held: 5000, fulfilled: 0, refused: false }],
      customerContact: { name: 'Warehouse order 17' },
      expiresAt: '2026-03-02T13:00:00+02:00',
      createdAt: '2026-03-02T08:00:00.000Z',
      createdByName: 'Head Office',
      endedAt: null,
      note: null,
    };
    const a = level(p1.id);
    const server = { ...a, reserved: a.reserved + 5000 };
    applyPull(till.backend.db, pull({ reservations: [other], levels: [{ productId: p1.id, level: server }] }), NOW);
    expect(viewOf(other.id)).toMatchObject({
      status: 'open',
      pending: false,
      createdByName: 'Head Office',
      expiresAt: '2026-03-02T11:00:00.000Z',
      lines: [{ lineId, held: 5000, availableNow: server.onHand - server.reserved - server.quarantined }],
    });

    // Past its expiry by the till's clock: not the till's to release (it did not make it).
    const later = new Date(NOW.getTime() + 5 * HOUR);
    expect(expireDueReservations(till.backend.db, later).expired).toEqual([]);
    expect(level(p1.id)).toEqual(server);
    // Collecting it is refused here as lapsed all the same.
    expect(() => fulfilReservation(till.backend.db, { reservationId: other.id }, actor(), later)).toThrow(expect.objectContaining({ code: 'CONFLICT_TRANSITION' }));

    // The server's job expired it: its end and its level arrive together.
    applyPull(till.backend.db, pull({ reservations: [{ ...other, status: 'expired', endedAt: later.toISOString(), lines: [{ ...other.lines[0]!, held: 0 }] }], levels: [{ productId: p1.id, level: a }] }), later);
    expect(viewOf(other.id, later)).toMatchObject({ status: 'expired', lines: [{ held: 0 }] });
    expect(level(p1.id)).toEqual(a);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it("does not let a copy older than the till's own unanswered step undo it, and applies the server's end once it answered", () => {
    const made = reserve([{ productId: p1.id, qty: 2000 }]);
    applyPull(till.backend.db, pull({ opResults: [createResult(made, [])], reservations: [serverCopy(made)] }), NOW);
    fulfilReservation(till.backend.db, { reservationId: made.id }, actor(), NOW);

    // A copy from before the fulfilment reaches the server: the till's fulfilment stands, still pending.
    applyPull(till.backend.db, pull({ reservations: [serverCopy(made)] }), NOW);
    expect(viewOf(made.id)).toMatchObject({ status: 'fulfilled', pending: true, lines: [{ held: 0, fulfilled: 2000 }] });

    // The server's result arrives: the kept copy said "open" and is older than the fulfilment, so it is dropped.
    applyPull(till.backend.db, pull({ opResults: [result(seqOf('reservation_fulfil', made.id), 'reservation_fulfil', 'accepted')] }), NOW);
    expect(viewOf(made.id)).toMatchObject({ status: 'fulfilled', pending: false, lines: [{ held: 0, fulfilled: 2000 }] });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it("applies a kept copy that ended the reservation once the till's release is answered", () => {
    const made = reserve([{ productId: p1.id, qty: 2000 }], 1);
    applyPull(till.backend.db, pull({ opResults: [createResult(made, [])] }), NOW);
    releaseReservation(till.backend.db, { reservationId: made.id }, actor(), NOW);
    // The server's job had expired it before the release arrived; the release then changes nothing there.
    const expired = serverCopy(made, { status: 'expired', endedAt: NOW.toISOString(), lines: [{ ...serverCopy(made).lines[0]!, held: 0 }] });
    applyPull(till.backend.db, pull({ reservations: [expired] }), NOW);
    expect(viewOf(made.id)).toMatchObject({ status: 'released', pending: true });
    applyPull(till.backend.db, pull({ opResults: [result(seqOf('reservation_release', made.id), 'reservation_release', 'accepted')] }), NOW);
    expect(viewOf(made.id)).toMatchObject({ status: 'expired', pending: false, lines: [{ held: 0 }] });
  });

  it("applies the server's copy of a reservation whose refusal came in the same pull as its result", () => {
    const b = level(p2.id);
    const made = reserve([
      { productId: p1.id, qty: 2000 },
      { productId: p2.id, qty: 1000 },
    ]);
    const refusedLine = made.lines[1]?.lineId as string;
    const copy = serverCopy(made, { lines: serverCopy(made).lines.map((l) => (l.lineId === refusedLine ? { ...l, held: 0, refused: true } : l)) });
    applyPull(till.backend.db, pull({ opResults: [createResult(made, [refusedLine])], reservations: [copy] }), NOW);
    expect(viewOf(made.id)).toMatchObject({ status: 'open', lines: [{ held: 2000, refused: false }, { held: 0, refused: true }] });
    // The release was written by the result, before the copy (which writes no movement) was applied.
    expect(level(p2.id)).toEqual(b);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });
});
