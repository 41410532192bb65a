import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, LocationView, TransferView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { EMPTY_LEVEL, type Level } from '../../shared/domain/movement';
import { transferCode } from '../../shared/scan/transfer-code';
import type { OpResult, PullResponse, SyncTransfer } from '../../shared/sync/protocol';
import { readLevel } from '../store';
import { applyPull } from '../sync/pull';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Transfers at the till (issue 8), on a real till file through the branch API: each step's op, the movements of
 * this store's legs only, the checks against what the till knows, and what a pull of the server's word does to
 * it. Expected quantities are worked out by hand from the levels read before each step.
 */
let till: TempTill;
let clock: Date;
let hamra: string;
let achrafieh: string;
let warehouse: string;
let a: DemoProduct;
let b: DemoProduct;

beforeEach(async () => {
  clock = new Date('2026-03-01T09:00:00.000Z');
  till = createTempTill({ demo: { products: 12 }, backend: { now: () => clock } });
  hamra = till.backend.db.config().storeId;
  const other = (name: string): string => till.chain.locations.find((l) => l.name === name)?.id as string;
  achrafieh = other('Achrafieh');
  warehouse = other('Central Warehouse');
  const stocked = till.chain.products.filter((p) => p.active && p.unit === 'each' && level(p.id).onHand >= 5000);
  [a, b] = stocked as [DemoProduct, DemoProduct];
  await till.loginAs('manager');
});
afterEach(() => till.cleanup());

function level(productId: string): Level {
  return readLevel(till.backend.db, productId, hamra) ?? EMPTY_LEVEL;
}

/** Calls the API; afterwards the ledger is sound, and a failed call changed no row at all. */
async function step<T>(method: string, input: unknown): Promise<BranchResult<T>> {
  const before = rowCounts(till.backend.db);
  const result = (await till.backend.dispatch(method, input)) as BranchResult<T>;
  expect(ledgerViolations(till.backend.db)).toEqual([]);
  if (!result.ok) expect(rowCounts(till.backend.db), `${method} failed with ${result.error.code} and must write nothing`).toEqual(before);
  return result;
}

async function ok<T = TransferView>(method: string, input: unknown): Promise<T> {
  const result = await step<T>(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function fails(method: string, input: unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const result = await step(method, input);
  if (result.ok) throw new Error(`${method} should have failed`);
  return result.error;
}

function ops(): Array<{ seq: number; type: string; state: string; payload: Record<string, unknown> }> {
  const rows = till.backend.db.db.prepare('SELECT seq, type, state, payload FROM ops ORDER BY seq').all() as Array<{ seq: number; type: string; state: string; payload: string }>;
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

function movementsOf(seq: number): Array<{ product_id: string; location_id: string; kind: string; qty: number; leg: string | null }> {
  return till.backend.db.db.prepare('SELECT product_id, location_id, kind, qty, leg FROM movements WHERE op_seq = ? ORDER BY id').all(seq) as Array<{
    product_id: string;
    location_id: string;
    kind: string;
    qty: number;
    leg: string | null;
  }>;
}

function lineOf(view: TransferView, productId: string): TransferView['lines'][number] {
  const line = view.lines.find((l) => l.productId === productId);
  if (line === undefined) throw new Error(`no line for ${productId}`);
  return line;
}

const pull = (overrides: Partial<PullResponse>): PullResponse => till.pullResponse(overrides);

/** A transfer as the server sends it in a pull: Achrafieh sent 10 of A and 5 of B to Hamra, nothing arrived yet. */
function sentToHamra(id: string, overrides: Partial<SyncTransfer> = {}): SyncTransfer {
  return {
    id,
    sourceId: achrafieh,
    destinationId: hamra,
    status: 'sent',
    requested: [],
    sent: [
      { productId: a.id, qty: 10_000 },
      { productId: b.id, qty: 5_000 },
    ],
    received: [],
    differences: [
      { productId: a.id, short: 10_000, over: 0 },
      { productId: b.id, short: 5_000, over: 0 },
    ],
    resolutions: [],
    note: null,
    createdByName: 'Maya Khoury',
    createdAt: '2026-02-28T15:00:00.000Z',
    sentAt: '2026-02-28T16:00:00.000Z',
    receivedAt: null,
    history: [{ step: 'dispatch', byName: 'Maya Khoury', at: '2026-02-28T16:00:00.000Z', note: null }],
    ...overrides,
  };
}

function acknowledged(seq: number, status: OpResult['status'] = 'accepted', reason: string | null = null): OpResult {
  const op = till.backend.db.db.prepare('SELECT id, type FROM ops WHERE seq = ?').get(seq) as { id: string; type: string };
  return {
    opId: op.id,
    seq,
    type: op.type,
    status,
    code: status === 'rejected' ? 'CONFLICT_TRANSITION' : null,
    reason,
    lines: [],
    clockSkew: false,
    receivedAt: clock.toISOString(),
  };
}

describe('till.locations', () => {
  it('lists every location of the chain with this store marked', async () => {
    const locations = await ok<LocationView[]>('till.locations', {});
    expect(locations.map((l) => [l.name, l.kind, l.own]).sort()).toEqual([
      ['Achrafieh', 'store', false],
      ['Central Warehouse', 'warehouse', false],
      ['Hamra', 'store', true],
    ]);
  });
});

describe('transfer.request', () => {
  it('asks the warehouse for stock: a request op, nothing moves, and the transfer shows as requested and pending', async () => {
    const transferId = uuidv7();
    const input = { transferId, sourceId: warehouse, destinationId: hamra, lines: [{ productId: a.id, qty: 12_000 }], note: 'weekend' };
    const before = level(a.id);
    const view = await ok('transfer.request', input);
    expect(view).toMatchObject({ id: transferId, status: 'requested', direction: 'incoming', pending: true, note: 'weekend', createdByName: 'Maya Khoury' });
    expect(view.source).toEqual({ id: warehouse, name: 'Central Warehouse' });
    expect(lineOf(view, a.id)).toMatchObject({ requested: 12_000, sent: 0, received: 0, short: 0, over: 0, name: a.name });
    const op = ops().at(-1);
    expect(op).toMatchObject({ type: 'transfer_request', payload: { transferId, sourceId: warehouse, destinationId: hamra, lines: [{ productId: a.id, qty: 12_000 }] } });
    expect(movementsOf(op?.seq ?? 0)).toEqual([]);
    expect(level(a.id)).toEqual(before);

    // A retry of the same request answers the transfer and writes nothing; the same id with other lines is refused.
    const opCount = ops().length;
    expect((await ok('transfer.request', input)).id).toBe(transferId);
    expect(ops()).toHaveLength(opCount);
    expect((await fails('transfer.request', { ...input, lines: [{ productId: a.id, qty: 24_000 }] })).code).toBe('ID_REUSED');
  });

  it('refuses a transfer to the same location, and one neither of whose ends is this store, writing nothing', async () => {
    const same = await fails('transfer.request', { transferId: uuidv7(), sourceId: hamra, destinationId: hamra, lines: [{ productId: a.id, qty: 1000 }] });
    expect(same.code).toBe('INVALID_INPUT');
    expect(same.message).toMatch(/another location/);
    const elsewhere = await fails('transfer.request', { transferId: uuidv7(), sourceId: warehouse, destinationId: achrafieh, lines: [{ productId: a.id, qty: 1000 }] });
    expect(elsewhere.code).toBe('FORBIDDEN');
    expect((await fails('transfer.request', { transferId: uuidv7(), sourceId: warehouse, destinationId: hamra, lines: [{ productId: a.id, qty: 1500 }] })).code).toBe(
      'INVALID_QUANTITY',
    );
  });
});

describe('transfer.dispatch', () => {
  it('sends stock to another store: on hand down here by what left, one TRANSFER_OUT at this store only', async () => {
    const transferId = uuidv7();
    const before = { a: level(a.id), b: level(b.id) };
    const view = await ok('transfer.dispatch', {
      dispatchId: uuidv7(),
      transferId,
      destinationId: achrafieh,
      lines: [
        { productId: a.id, qty: 3000 },
        { productId: b.id, qty: 2000 },
      ],
    });
    expect(view).toMatchObject({ status: 'sent', direction: 'outgoing', pending: true, sentAt: clock.toISOString() });
    expect(lineOf(view, a.id)).toMatchObject({ requested: 0, sent: 3000 });
    expect(level(a.id)).toEqual({ ...before.a, onHand: before.a.onHand - 3000 });
    expect(level(b.id)).toEqual({ ...before.b, onHand: before.b.onHand - 2000 });
    const op = ops().at(-1);
    expect(op?.type).toBe('transfer_dispatch');
    // The destination's stock in transit is the server's: nothing is written at Achrafieh here.
    expect(movementsOf(op?.seq ?? 0)).toEqual([
      { product_id: a.id, location_id: hamra, kind: 'TRANSFER_OUT', qty: 3000, leg: 'source' },
      { product_id: b.id, location_id: hamra, kind: 'TRANSFER_OUT', qty: 2000, leg: 'source' },
    ]);
  });

  it('refuses the whole dispatch when one line is more than this store has: no op, no movement, levels unchanged', async () => {
    const before = { a: level(a.id), b: level(b.id) };
    const tooMuch = before.b.onHand - before.b.reserved - before.b.quarantined + 1000;
    const error = await fails('transfer.dispatch', {
      dispatchId: uuidv7(),
      transferId: uuidv7(),
      destinationId: achrafieh,
      lines: [
        { productId: a.id, qty: 1000 },
        { productId: b.id, qty: tooMuch },
      ],
    });
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.details).toMatchObject({ productId: b.id, requested: tooMuch, available: tooMuch - 1000 });
    expect(level(a.id)).toEqual(before.a);
    expect(level(b.id)).toEqual(before.b);
  });

  it('sends what was requested of this store, and a step out of order is refused', async () => {
    const transferId = uuidv7();
    // Achrafieh asked Hamra for stock: the server brings the request.
    applyPull(
      till.backend.db,
      pull({
        transfers: [
          sentToHamra(transferId, {
            sourceId: hamra,
            destinationId: achrafieh,
            status: 'requested',
            requested: [{ productId: a.id, qty: 4000 }],
            sent: [],
            differences: [],
            sentAt: null,
            history: [{ step: 'request', byName: 'Maya Khoury', at: '2026-02-28T15:00:00.000Z', note: null }],
          }),
        ],
      }),
      clock,
    );
    expect((await fails('transfer.step', { actionId: uuidv7(), transferId, step: 'close' })).code).toBe('FORBIDDEN');
    expect((await ok('transfer.step', { actionId: uuidv7(), transferId, step: 'approve' })).status).toBe('approved');
    const wrongEnd = await fails('transfer.dispatch', { dispatchId: uuidv7(), transferId, destinationId: warehouse, lines: [{ productId: a.id, qty: 4000 }] });
    expect(wrongEnd.code).toBe('INVALID_INPUT');
    const sent = await ok('transfer.dispatch', { dispatchId: uuidv7(), transferId, destinationId: achrafieh, lines: [{ productId: a.id, qty: 4000 }] });
    expect(sent.status).toBe('sent');
    expect(lineOf(sent, a.id)).toMatchObject({ requested: 4000, sent: 4000 });
    const late = await fails('transfer.step', { actionId: uuidv7(), transferId, step: 'cancel' });
    expect(late).toMatchObject({ code: 'CONFLICT_TRANSITION', message: 'a sent transfer cannot be cancelled' });
    expect((await fails('transfer.dispatch', { dispatchId: uuidv7(), transferId, destinationId: achrafieh, lines: [{ productId: a.id, qty: 1000 }] })).code).toBe(
      'CONFLICT_TRANSITION',
    );
  });

  it('lets only the source approve, and either end cancel before anything was sent', async () => {
    const transferId = uuidv7();
    await ok('transfer.request', { transferId, sourceId: achrafieh, destinationId: hamra, lines: [{ productId: a.id, qty: 2000 }] });
    expect((await fails('transfer.step', { actionId: uuidv7(), transferId, step: 'approve' })).code).toBe('FORBIDDEN');
    const cancelled = await ok('transfer.step', { actionId: uuidv7(), transferId, step: 'cancel', note: 'found some' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.map((h) => [h.step, h.note])).toEqual([
      ['request', null],
      ['cancel', 'found some'],
    ]);
    expect((await ok<TransferView[]>('transfer.list', {})).map((t) => t.id)).not.toContain(transferId);
    expect((await ok<TransferView[]>('transfer.list', { open: false })).map((t) => t.id)).toContain(transferId);
  });
});

describe('transfer.receive', () => {
  it('puts what arrived on the shelf and damaged units in quarantine; a shortfall stays to resolve, then it can close', async () => {
    const transferId = uuidv7();
    applyPull(till.backend.db, pull({ transfers: [sentToHamra(transferId)] }), clock);
    const before = { a: level(a.id), b: level(b.id) };
    const view = await ok('transfer.receive', {
      receivingId: uuidv7(),
      transferId,
      sourceId: achrafieh,
      lines: [
        { productId: a.id, received: 8000, damaged: 1000, note: 'one crushed' },
        { productId: b.id, received: 5000, damaged: 0 },
      ],
    });
    expect(view).toMatchObject({ status: 'discrepancy', direction: 'incoming', pending: true, receivedAt: clock.toISOString() });
    expect(lineOf(view, a.id)).toMatchObject({ sent: 10_000, received: 8000, damaged: 1000, short: 1000, over: 0 });
    expect(lineOf(view, b.id)).toMatchObject({ sent: 5000, received: 5000, short: 0, over: 0 });
    // In transit here goes down by all that arrived (it may show negative until the pull brings the dispatch).
    expect(level(a.id)).toEqual({ ...before.a, onHand: before.a.onHand + 9000, inTransit: before.a.inTransit - 9000, quarantined: before.a.quarantined + 1000 });
    expect(level(b.id)).toEqual({ ...before.b, onHand: before.b.onHand + 5000, inTransit: before.b.inTransit - 5000 });
    expect((await fails('transfer.step', { actionId: uuidv7(), transferId, step: 'close' })).code).toBe('CONFLICT_TRANSITION');

    // The shortfall: more than is short cannot be settled; the one missing unit is written off as lost.
    const resolveInput = { resolutionId: uuidv7(), transferId, kind: 'write_off', productId: a.id, qty: 2000, reason: 'lost on the road' };
    expect((await fails('transfer.resolve', resolveInput)).code).toBe('INVALID_QUANTITY');
    // Nothing of B is short: the server's rule (resolutionMisfit) refuses it as settling more than is open.
    expect((await fails('transfer.resolve', { ...resolveInput, resolutionId: uuidv7(), productId: b.id, qty: 1000 })).code).toBe('INVALID_QUANTITY');
    const beforeWriteOff = level(a.id);
    const resolved = await ok('transfer.resolve', { ...resolveInput, qty: 1000 });
    expect(resolved.status).toBe('received');
    expect(lineOf(resolved, a.id)).toMatchObject({ short: 0, over: 0 });
    // The write-off takes the lost unit out of this store's in transit (it is the destination): a recorded loss.
    expect(level(a.id)).toEqual({ ...beforeWriteOff, inTransit: beforeWriteOff.inTransit - 1000 });
    const closed = await ok('transfer.step', { actionId: uuidv7(), transferId, step: 'close' });
    expect(closed.status).toBe('closed');
    expect(ops().slice(-3).map((o) => o.type)).toEqual(['transfer_receive', 'transfer_resolve', 'transfer_step']);
  });

  it('refuses more than was sent unless the line says why, and then shows it as over', async () => {
    const transferId = uuidv7();
    applyPull(till.backend.db, pull({ transfers: [sentToHamra(transferId)] }), clock);
    const line = { productId: a.id, received: 11_000, damaged: 0 };
    const error = await fails('transfer.receive', { receivingId: uuidv7(), transferId, sourceId: achrafieh, lines: [line] });
    expect(error).toMatchObject({ code: 'INVALID_QUANTITY', details: { productId: a.id, sent: 10_000, arrived: 11_000 } });
    const view = await ok('transfer.receive', { receivingId: uuidv7(), transferId, sourceId: achrafieh, lines: [{ ...line, over: { reason: 'they sent a spare case' } }] });
    expect(view.status).toBe('discrepancy');
    expect(lineOf(view, a.id)).toMatchObject({ received: 11_000, short: 0, over: 1000 });
    expect(lineOf(view, b.id)).toMatchObject({ received: 0, short: 5000 });
    // What already arrived counts: a second receipt of A is over everything that was sent.
    const again = await fails('transfer.receive', { receivingId: uuidv7(), transferId, sourceId: achrafieh, lines: [{ productId: a.id, received: 1000, damaged: 0 }] });
    expect(again.code).toBe('INVALID_QUANTITY');
  });

  it('finds a transfer by its delivery-note code, says so when it has not reached this till, and receives it anyway', async () => {
    const transferId = uuidv7();
    const code = transferCode(transferId);
    const notYet = await fails('transfer.get', { code });
    expect(notYet).toMatchObject({ code: 'NOT_FOUND', details: { transferId } });
    expect(notYet.message).toMatch(/has not reached this till yet.*choosing the store or warehouse it came from/);
    const garbage = await fails('transfer.get', { code: '5281234567890' });
    expect(garbage.code).toBe('NOT_FOUND');
    expect(garbage.message).toMatch(/not a transfer's delivery-note code/);

    const before = level(a.id);
    const view = await ok('transfer.receive', { receivingId: uuidv7(), transferId, sourceId: warehouse, lines: [{ productId: a.id, received: 6000, damaged: 0 }] });
    // Nothing known to check against: it is recorded as arrived, and the two sides disagree until the pull.
    expect(view).toMatchObject({ status: 'received_unsent', source: { id: warehouse }, destination: { id: hamra } });
    expect(lineOf(view, a.id)).toMatchObject({ sent: 0, received: 6000, over: 6000 });
    expect(level(a.id).onHand).toBe(before.onHand + 6000);
    expect((await ok('transfer.get', { code })).id).toBe(transferId);
    expect((await ok('transfer.get', { transferId })).id).toBe(transferId);
    expect((await fails('transfer.get', { transferId: uuidv7() })).code).toBe('NOT_FOUND');
  });
});

describe('transfer.resolve at the source', () => {
  it('writes only this store’s legs: a shortfall found at home goes back on the shelf, an excess sent is taken off it', async () => {
    const transferId = uuidv7();
    // Hamra sent 10 of A and 5 of B to Achrafieh, which received 9 of A and 6 of B (one over, said why).
    applyPull(
      till.backend.db,
      pull({
        transfers: [
          sentToHamra(transferId, {
            sourceId: hamra,
            destinationId: achrafieh,
            status: 'discrepancy',
            received: [
              { productId: a.id, received: 9000, damaged: 0 },
              { productId: b.id, received: 6000, damaged: 0 },
            ],
            differences: [
              { productId: a.id, short: 1000, over: 0 },
              { productId: b.id, short: 0, over: 1000 },
            ],
          }),
        ],
      }),
      clock,
    );
    const before = { a: level(a.id), b: level(b.id) };
    const returned = await ok('transfer.resolve', { resolutionId: uuidv7(), transferId, kind: 'return_to_source', productId: a.id, qty: 1000, reason: 'left in the back room' });
    expect(lineOf(returned, a.id)).toMatchObject({ short: 0, over: 0 });
    expect(returned.status).toBe('discrepancy');
    expect(movementsOf(ops().at(-1)?.seq ?? 0)).toEqual([{ product_id: a.id, location_id: hamra, kind: 'REVERSAL', qty: 1000, leg: 'source' }]);
    expect(level(a.id)).toEqual({ ...before.a, onHand: before.a.onHand + 1000 });

    const completed = await ok('transfer.resolve', { resolutionId: uuidv7(), transferId, kind: 'complete_dispatch', productId: b.id, qty: 1000, reason: 'a spare case went on the van' });
    expect(completed.status).toBe('received');
    expect(movementsOf(ops().at(-1)?.seq ?? 0)).toEqual([{ product_id: b.id, location_id: hamra, kind: 'TRANSFER_OUT', qty: 1000, leg: 'source' }]);
    expect(level(b.id)).toEqual({ ...before.b, onHand: before.b.onHand - 1000 });
    // Closing is the destination's.
    expect((await fails('transfer.step', { actionId: uuidv7(), transferId, step: 'close' })).code).toBe('FORBIDDEN');
  });
});

describe('who settles a difference, and a box that turns up after its write-off', () => {
  it('refuses a resolution of the other end’s stock: FORBIDDEN, nothing written', async () => {
    const incoming = uuidv7();
    const outgoing = uuidv7();
    // Achrafieh sent to Hamra (Hamra is the destination) and Hamra sent to Achrafieh (Hamra is the source); both short.
    applyPull(
      till.backend.db,
      pull({
        transfers: [
          sentToHamra(incoming, { status: 'discrepancy', received: [{ productId: a.id, received: 9000, damaged: 0 }, { productId: b.id, received: 6000, damaged: 0 }], differences: [{ productId: a.id, short: 1000, over: 0 }, { productId: b.id, short: 0, over: 1000 }] }),
          sentToHamra(outgoing, { sourceId: hamra, destinationId: achrafieh, status: 'discrepancy', received: [{ productId: a.id, received: 9000, damaged: 0 }, { productId: b.id, received: 6000, damaged: 0 }], differences: [{ productId: a.id, short: 1000, over: 0 }, { productId: b.id, short: 0, over: 1000 }] }),
        ],
      }),
      clock,
    );
    const resolve = (transferId: string, kind: string, productId: string) => ({ resolutionId: uuidv7(), transferId, kind, productId, qty: 1000, reason: 'r' });
    // At the destination: a return or a completed dispatch would move the source's shelf.
    expect((await fails('transfer.resolve', resolve(incoming, 'return_to_source', a.id))).code).toBe('FORBIDDEN');
    expect((await fails('transfer.resolve', resolve(incoming, 'complete_dispatch', b.id))).code).toBe('FORBIDDEN');
    // At the source: a write-off or found would move the destination's in transit.
    expect((await fails('transfer.resolve', resolve(outgoing, 'write_off', a.id))).code).toBe('FORBIDDEN');
    expect((await fails('transfer.resolve', resolve(outgoing, 'found', b.id))).code).toBe('FORBIDDEN');
    // Each end settles its own.
    expect((await ok('transfer.resolve', resolve(incoming, 'write_off', a.id))).status).toBe('discrepancy');
    expect((await ok('transfer.resolve', resolve(outgoing, 'complete_dispatch', b.id))).status).toBe('discrepancy');
  });

  it('counts a write-off in what is still to arrive: the late box needs a reason, and `found` takes the write-off back', async () => {
    const transferId = uuidv7();
    applyPull(till.backend.db, pull({ transfers: [sentToHamra(transferId)] }), clock);
    await ok('transfer.receive', { receivingId: uuidv7(), transferId, sourceId: achrafieh, lines: [{ productId: a.id, received: 9000, damaged: 0 }, { productId: b.id, received: 5000, damaged: 0 }] });
    const written = await ok('transfer.resolve', { resolutionId: uuidv7(), transferId, kind: 'write_off', productId: a.id, qty: 1000, reason: 'lost on the road' });
    expect(written.status).toBe('received');
    // What `found` may still take back, for the screen to offer it.
    expect(lineOf(written, a.id)).toMatchObject({ short: 0, writtenOff: 1000 });
    // The lost box arrives after all: nothing of A is still on its way, so it is more than was sent unless it says why.
    const late = { receivingId: uuidv7(), transferId, sourceId: achrafieh, lines: [{ productId: a.id, received: 1000, damaged: 0 }] };
    expect(await fails('transfer.receive', late)).toMatchObject({ code: 'INVALID_QUANTITY', details: { productId: a.id, sent: 0, arrived: 1000 } });
    const arrived = await ok('transfer.receive', { ...late, lines: [{ productId: a.id, received: 1000, damaged: 0, over: { reason: 'the lost box, on the next van' } }] });
    expect(arrived.status).toBe('discrepancy');
    expect(lineOf(arrived, a.id)).toMatchObject({ short: 0, over: 1000 });
    // found: at most what was written off; it puts the units back in transit here, so their arrival leaves nothing open.
    expect((await fails('transfer.resolve', { resolutionId: uuidv7(), transferId, kind: 'found', productId: a.id, qty: 2000, reason: 'r' })).code).toBe('INVALID_QUANTITY');
    const before = level(a.id);
    const found = await ok('transfer.resolve', { resolutionId: uuidv7(), transferId, kind: 'found', productId: a.id, qty: 1000, reason: 'it was the lost box' });
    expect(found.status).toBe('received');
    expect(lineOf(found, a.id)).toMatchObject({ short: 0, over: 0, writtenOff: 0 });
    expect(movementsOf(ops().at(-1)?.seq ?? 0)).toEqual([{ product_id: a.id, location_id: hamra, kind: 'TRANSFER_OUT', qty: 1000, leg: 'destination' }]);
    expect(level(a.id)).toEqual({ ...before, inTransit: before.inTransit + 1000 });
  });

  it('sends what the destination already recorded as received: the dispatch is this store’s side', async () => {
    const transferId = uuidv7();
    // Achrafieh scanned the note and received before Hamra's dispatch reached the server.
    applyPull(
      till.backend.db,
      pull({
        transfers: [
          sentToHamra(transferId, {
            sourceId: hamra,
            destinationId: achrafieh,
            status: 'received_unsent',
            sent: [],
            received: [{ productId: a.id, received: 2000, damaged: 0 }],
            differences: [{ productId: a.id, short: 0, over: 2000 }],
            sentAt: null,
            receivedAt: '2026-02-28T17:00:00.000Z',
            history: [{ step: 'receive', byName: 'Rami', at: '2026-02-28T17:00:00.000Z', note: null }],
          }),
        ],
      }),
      clock,
    );
    const before = level(a.id);
    const sent = await ok('transfer.dispatch', { dispatchId: uuidv7(), transferId, destinationId: achrafieh, lines: [{ productId: a.id, qty: 2000 }] });
    expect(sent.status).toBe('received');
    expect(level(a.id)).toEqual({ ...before, onHand: before.onHand - 2000 });
    // Once sent, it is not sent again.
    expect((await fails('transfer.dispatch', { dispatchId: uuidv7(), transferId, destinationId: achrafieh, lines: [{ productId: a.id, qty: 1000 }] })).code).toBe('CONFLICT_TRANSITION');
  });
});

describe('the server word and this till steps', () => {
  it('lays a pending dispatch on top of the pulled transfer, then drops it once the server acknowledged and sent the transfer', async () => {
    const transferId = uuidv7();
    const requested = sentToHamra(transferId, {
      sourceId: hamra,
      destinationId: achrafieh,
      status: 'approved',
      requested: [{ productId: a.id, qty: 4000 }],
      sent: [],
      differences: [],
      sentAt: null,
      history: [],
    });
    applyPull(till.backend.db, pull({ transfers: [requested] }), clock);
    const dispatched = await ok('transfer.dispatch', { dispatchId: uuidv7(), transferId, destinationId: achrafieh, lines: [{ productId: a.id, qty: 4000 }] });
    const seq = ops().at(-1)?.seq ?? 0;
    // A pull that does not acknowledge the dispatch yet still shows it: sent, pending.
    applyPull(till.backend.db, pull({ cursor: '11', transfers: [requested] }), clock);
    const meanwhile = await ok('transfer.get', { transferId });
    expect(meanwhile).toMatchObject({ status: 'sent', pending: true });
    expect(lineOf(meanwhile, a.id).sent).toBe(4000);
    expect(dispatched.history.map((h) => h.step)).toEqual(['dispatch']);

    const onHand = level(a.id).onHand;
    applyPull(
      till.backend.db,
      pull({
        cursor: '12',
        opResults: [acknowledged(seq)],
        transfers: [{ ...requested, status: 'sent', sent: [{ productId: a.id, qty: 4000 }], differences: [{ productId: a.id, short: 4000, over: 0 }], history: [{ step: 'dispatch', byName: 'Maya Khoury', at: clock.toISOString(), note: null }] }],
      }),
      clock,
    );
    const after = await ok('transfer.get', { transferId });
    // Counted once: the server's word holds the dispatch now, this till's step is no longer laid on top.
    expect(after).toMatchObject({ status: 'sent', pending: false });
    expect(lineOf(after, a.id)).toMatchObject({ requested: 4000, sent: 4000 });
    expect(after.history.map((h) => h.step)).toEqual(['dispatch']);
    expect(level(a.id).onHand).toBe(onHand);
  });

  it('stops laying a step on top when the server refused it, and says so in the history', async () => {
    const transferId = uuidv7();
    await ok('transfer.request', { transferId, sourceId: warehouse, destinationId: hamra, lines: [{ productId: a.id, qty: 2000 }] });
    await ok('transfer.step', { actionId: uuidv7(), transferId, step: 'cancel' });
    const cancelSeq = ops().at(-1)?.seq ?? 0;
    applyPull(
      till.backend.db,
      pull({
        opResults: [acknowledged(cancelSeq - 1), acknowledged(cancelSeq, 'rejected', 'the warehouse sent it already')],
        transfers: [sentToHamra(transferId, { sourceId: warehouse, status: 'sent', sent: [{ productId: a.id, qty: 2000 }], requested: [{ productId: a.id, qty: 2000 }], differences: [{ productId: a.id, short: 2000, over: 0 }], history: [] })],
      }),
      clock,
    );
    const view = await ok('transfer.get', { transferId });
    expect(view).toMatchObject({ status: 'sent', pending: false });
    // The acknowledged request is in the server's word (its history is the server's); the refused cancel says why.
    expect(view.history).toEqual([{ step: 'cancel', byName: 'Maya Khoury', at: clock.toISOString(), note: 'refused by the server: the warehouse sent it already' }]);
  });

  it('lists transfers from and to this store only, newest first, and skips pulled ones between two other locations', async () => {
    const older = uuidv7();
    const newer = uuidv7();
    const elsewhere = uuidv7();
    applyPull(
      till.backend.db,
      pull({
        transfers: [
          sentToHamra(older, { createdAt: '2026-02-01T10:00:00.000Z' }),
          sentToHamra(newer, { createdAt: '2026-02-20T10:00:00.000Z', status: 'closed' }),
          sentToHamra(elsewhere, { sourceId: warehouse, destinationId: achrafieh }),
        ],
      }),
      clock,
    );
    expect((await ok<TransferView[]>('transfer.list', {})).map((t) => t.id)).toEqual([older]);
    expect((await ok<TransferView[]>('transfer.list', { open: false })).map((t) => t.id)).toEqual([newer, older]);
    expect((await ok<TransferView[]>('transfer.list', { open: false, limit: 1 })).map((t) => t.id)).toEqual([newer]);
  });
});

describe('access', () => {
  it('needs a manager for every transfer method', async () => {
    await till.call('session.logout', {});
    await till.loginAs('cashier');
    expect((await fails('transfer.list', {})).code).toBe('FORBIDDEN');
    expect((await fails('transfer.dispatch', { dispatchId: uuidv7(), transferId: uuidv7(), destinationId: achrafieh, lines: [{ productId: a.id, qty: 1000 }] })).code).toBe(
      'FORBIDDEN',
    );
    // A cashier still chooses among locations (cashier access, as the contract says).
    expect((await ok<LocationView[]>('till.locations', {})).length).toBe(3);
  });
});
