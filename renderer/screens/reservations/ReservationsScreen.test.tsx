// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView, ReservationView, ScanView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { testProduct } from '../../../shared/domain/test-support/product';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { FakeBranch, TestPage } from '../../test-support/fake-branch';
import { CUSTOMER, resLine, testReservation } from '../../test-support/reservations';
import { groupReservations } from './reservation-groups';
import { ReservationsScreen } from './ReservationsScreen';

/**
 * Issue 8 at the till: open reservations soonest to lapse first with what is left to sell after them, refused
 * ones loud with the customer to call, a new one needing a name or a phone, fulfilled (all or part), released,
 * and one expiring. The backend is a small model of the till's reservations: it holds stock per product, refuses
 * a reservation the stock does not cover, and ends reservations as the contract says.
 */
const HOUR = 3600_000;
const milk = testProduct({ id: '0190a0b2-7c3d-7e4f-8a5b-0000000000f1', sku: 'MILK', name: 'Milk 1 L', barcodes: ['5901234123457'] });

class ReservationModel {
  byId = new Map<string, ReservationView>();
  /** available at the store before any reservation, per product */
  stock = new Map<string, number>([[milk.id, 5000]]);
  put(r: ReservationView): ReservationView {
    this.byId.set(r.id, r);
    return r;
  }
  available(productId: string): number {
    const held = [...this.byId.values()].filter((r) => r.status === 'open').flatMap((r) => r.lines.filter((l) => l.productId === productId).map((l) => l.held));
    return (this.stock.get(productId) ?? 0) - held.reduce((a, b) => a + b, 0);
  }
  /** as the till answers: each line's available after every open reservation, now */
  view(r: ReservationView): ReservationView {
    return { ...r, lines: r.lines.map((l) => ({ ...l, availableNow: this.available(l.productId) })) };
  }
  get(id: string): ReservationView {
    const r = this.byId.get(id);
    if (r === undefined) throw new DomainError('NOT_FOUND', `no reservation ${id}`);
    return r;
  }
  end(id: string, status: ReservationView['status'], fulfilled?: Map<string, number>): ReservationView {
    const r = this.get(id);
    if (r.status !== 'open') throw new DomainError('CONFLICT_TRANSITION', `a ${r.status} reservation cannot end again`);
    const lines = r.lines.map((l) => ({ ...l, fulfilled: fulfilled?.get(l.lineId) ?? 0, held: 0 }));
    return this.view(this.put({ ...r, status, lines, endedAt: new Date().toISOString(), pending: true }));
  }
}

let model: ReservationModel;
let backend: FakeBranch;
let page: TestPage;
const card = (id: string) => page.host.querySelector<HTMLElement>(`[data-testid="reservation-card"][data-reservation-id="${id}"]`);

beforeEach(async () => {
  await initI18n('en');
  model = new ReservationModel();
  backend = new FakeBranch({
    'reservation.list': () => [...model.byId.values()].map((r) => model.view(r)),
    'reservation.create': (input) => {
      for (const l of input.lines) {
        if (model.available(l.productId) < l.qty) throw new DomainError('INSUFFICIENT_STOCK', `Milk 1 L: ${model.available(l.productId) / 1000} available`);
      }
      const r = testReservation({
        id: input.reservationId,
        lines: input.lines.map((l) => ({ ...resLine('Milk 1 L', { requested: l.qty, held: l.qty }), productId: l.productId, lineId: uuidv7() })),
        customerContact: input.customerContact,
        expiresAt: new Date(Date.now() + input.holdHours * HOUR).toISOString(),
        pending: true,
      });
      return model.view(model.put(r));
    },
    'reservation.fulfil': (input) => {
      const r = model.get(input.reservationId);
      const taken = new Map(r.lines.map((l) => [l.lineId, input.lines?.find((x) => x.lineId === l.lineId)?.qty ?? (input.lines === undefined ? l.held : 0)]));
      return model.end(r.id, 'fulfilled', taken);
    },
    'reservation.release': (input) => model.end(input.reservationId, 'released'),
    'catalog.lookup': ({ code }): ScanView => {
      if (!milk.barcodes.includes(code)) throw new DomainError('UNKNOWN_BARCODE', code);
      return { product: milk, available: model.available(milk.id), pack: null };
    },
    'catalog.search': (): ProductView[] => [{ product: milk, available: model.available(milk.id) }],
  });
  page = new TestPage(createBranchData(createClient(backend.bridge)));
});
afterEach(() => page.unmount());

describe('what the screen groups', () => {
  const now = new Date('2026-12-02T12:00:00.000Z');
  const at = (h: number) => new Date(now.getTime() + h * HOUR).toISOString();
  it('open soonest to lapse first; refused ones to call until a day after they would have lapsed; what ended in the last day, newest first', () => {
    const later = testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e010', expiresAt: at(5) });
    const sooner = testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e011', expiresAt: at(1) });
    const refusedRecent = testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e012', status: 'refused', expiresAt: at(-20), endedAt: at(-30) });
    const refusedOld = testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e013', status: 'refused', expiresAt: at(-25), endedAt: at(-30) });
    const fulfilled = testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e014', status: 'fulfilled', endedAt: at(-2) });
    const expired = testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e015', status: 'expired', endedAt: at(-1) });
    const oldRelease = testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e016', status: 'released', endedAt: at(-25) });
    const g = groupReservations([later, fulfilled, refusedOld, sooner, oldRelease, expired, refusedRecent], now);
    expect(g.open.map((r) => r.id)).toEqual([sooner.id, later.id]);
    expect(g.toCall.map((r) => r.id)).toEqual([refusedRecent.id]);
    expect(g.ended.map((r) => r.id)).toEqual([expired.id, fulfilled.id]);
  });
});

describe('the reservations screen', () => {
  it('lists open ones soonest to lapse first, with time left and what is left to sell after them', async () => {
    model.put(testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e020', expiresAt: new Date(Date.now() + 5 * HOUR).toISOString(), customerContact: { name: 'Later' } }));
    model.put(testReservation({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000e021', expiresAt: new Date(Date.now() + 2 * HOUR + 60_000).toISOString(), lines: [{ ...resLine('Milk 1 L', { held: 2000, requested: 2000 }), productId: milk.id }] }));
    await page.render(<ReservationsScreen />);
    const cards = page.all('reservation-card', page.get('reservations-open'));
    expect(cards.map((c) => c.getAttribute('data-reservation-id'))).toEqual(['0190a0b2-7c3d-7e4f-8a5b-00000000e021', '0190a0b2-7c3d-7e4f-8a5b-00000000e020']);
    expect(page.text('reservation-time-left', cards[0])).toContain('in 2 hours');
    // 5 milk in stock, 2 held by this reservation: 3 left to sell
    expect(page.text('reservation-available', cards[0])).toBe('3 pcs');
    expect(page.text('reservation-customer', cards[0])).toContain('Rima Saad');
  });

  it('a refused line is loud, with the customer to call', async () => {
    const r = model.put(testReservation({ lines: [resLine('Cola', { refused: true, held: 0 }), resLine('Water')] }));
    await page.render(<ReservationsScreen />);
    const c = card(r.id)!;
    expect(page.text('reservation-refused', c)).toContain('Could not be held: Cola');
    expect(page.text('reservation-refused', c)).toContain(CUSTOMER.phone);
    expect(page.get('reservation-call', c).getAttribute('href')).toBe('tel:+9613123456');
    expect(c.querySelectorAll('[data-refused="true"]')).toHaveLength(1);
  });

  it('a reservation refused whole is among the customers to call, not the open ones', async () => {
    const r = model.put(testReservation({ status: 'refused', endedAt: new Date().toISOString(), lines: [resLine('Cola', { refused: true, held: 0 })] }));
    await page.render(<ReservationsScreen />);
    expect(page.get('reservations-to-call').contains(card(r.id))).toBe(true);
    expect(page.get('reservations-open').contains(card(r.id))).toBe(false);
    expect(page.text('reservation-status', card(r.id)!)).toBe('Refused: call the customer');
  });

  it('a new reservation needs a name or a phone, then holds the scanned goods for the hours given', async () => {
    await page.render(<ReservationsScreen />);
    await page.click('reservations-new');
    await page.scan('5901234123457');
    await page.scan('5901234123457');
    await page.type('reservation-new-hours', '2');
    await page.click('reservation-new-submit');
    expect(page.text('reservation-new-error')).toContain('name');
    expect(backend.inputs('reservation.create')).toEqual([]);
    await page.type('reservation-new-phone', '03 123 456');
    await page.click('reservation-new-submit');
    expect(backend.inputs('reservation.create')).toEqual([
      { reservationId: expect.any(String), lines: [{ productId: milk.id, qty: 2000 }], customerContact: { phone: '03 123 456' }, holdHours: 2 },
    ]);
    expect(page.$('reservation-new-form')).toBeNull();
    const id = backend.inputs('reservation.create')[0]!.reservationId;
    expect(page.get('reservations-open').contains(card(id))).toBe(true);
    expect(page.text('reservation-available', card(id)!)).toBe('3 pcs');
  });

  it('more than is available is refused with what there is, and the form stays', async () => {
    await page.render(<ReservationsScreen />);
    await page.click('reservations-new');
    await page.type('reservation-new-name', 'Rima Saad');
    await page.scan('5901234123457');
    await page.type('reservation-new-qty', '6');
    await page.click('reservation-new-submit');
    expect(page.text('reservation-new-error')).toContain('5 available');
    expect(page.$('reservation-new-form')).not.toBeNull();
    expect(model.byId.size).toBe(0);
  });

  it('collected whole: fulfilled with no lines named (all of it), and it moves to what ended', async () => {
    const r = model.put(testReservation({ lines: [{ ...resLine('Milk 1 L', { requested: 2000, held: 2000 }), productId: milk.id }] }));
    await page.render(<ReservationsScreen />);
    await page.click('reservation-fulfil-all', card(r.id)!);
    expect(backend.inputs('reservation.fulfil')).toEqual([{ reservationId: r.id }]);
    expect(card(r.id)).toBeNull();
    expect(page.get('reservations-ended').querySelector(`[data-reservation-id="${r.id}"]`)?.getAttribute('data-status')).toBe('fulfilled');
  });

  it('collected in part: the quantity taken per line', async () => {
    const r = model.put(testReservation({ lines: [{ ...resLine('Milk 1 L', { requested: 3000, held: 3000 }), productId: milk.id }] }));
    await page.render(<ReservationsScreen />);
    await page.click('reservation-fulfil-part', card(r.id)!);
    expect((page.get('reservation-part-qty') as HTMLInputElement).value).toBe('3');
    await page.type('reservation-part-qty', '1');
    await page.click('reservation-part-submit');
    expect(backend.inputs('reservation.fulfil')).toEqual([{ reservationId: r.id, lines: [{ lineId: r.lines[0]!.lineId, qty: 1000 }] }]);
  });

  it('released after a second ask, with why', async () => {
    const r = model.put(testReservation());
    await page.render(<ReservationsScreen />);
    await page.click('reservation-release', card(r.id)!);
    expect(backend.inputs('reservation.release')).toEqual([]);
    await page.type('reservation-release-note', 'customer cancelled');
    await page.click('reservation-release-yes');
    expect(backend.inputs('reservation.release')).toEqual([{ reservationId: r.id, note: 'customer cancelled' }]);
    expect(page.get('reservations-ended').querySelector(`[data-reservation-id="${r.id}"]`)?.getAttribute('data-status')).toBe('released');
  });

  it('one lapsing: shown as lapsed with no way to collect it, then among what ended as expired once the till releases it', async () => {
    const r = model.put(testReservation({ expiresAt: new Date(Date.now() + 300).toISOString() }));
    await page.render(<ReservationsScreen />);
    expect(page.$('reservation-fulfil-all', card(r.id)!)).not.toBeNull();
    await page.settle(400);
    // a refresh reads it by the clock now: lapsed, nothing to collect (the till has not released it yet)
    await page.click('reservations-refresh');
    expect(page.text('reservation-time-left', card(r.id)!)).toContain('Lapsed');
    expect(page.$('reservation-fulfil-all', card(r.id)!)).toBeNull();
    // the till's expiry releases it
    model.end(r.id, 'expired');
    await page.click('reservations-refresh');
    expect(card(r.id)).toBeNull();
    expect(page.get('reservations-ended').querySelector(`[data-reservation-id="${r.id}"]`)?.getAttribute('data-status')).toBe('expired');
  });
});
