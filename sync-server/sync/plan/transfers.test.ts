import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { TestTill } from '../../test-support/client';
import { transferDispatch } from '../../test-support/transfer-ops';
import { LevelBook } from './level-book';
import { replaying } from './line-writes';
import { TransferDesk, planTransferOp } from './transfers';
import type { LockedLevel } from './types';

/** The transfer desk without a database: what it refuses before anything of an op is planned. */
const A = uuidv7();
const B = uuidv7();
const P = uuidv7();
const till = new TestTill('unused', uuidv7(), 'token', uuidv7());
const locations = new Map([
  [A, 'Hamra'],
  [B, 'Achrafieh'],
]);
const row = (onHand: number): LockedLevel => ({ onHand, reserved: 0, inTransit: 0, quarantined: 0, countedAt: null, countedBy: null });

describe('a transfer leg at a level the chunk did not lock', () => {
  it('refuses that op alone, with nothing of it planned, instead of throwing out of the chunk', () => {
    // Only the till's own level is locked: the dispatch's other end (B) is not.
    const locked = new Map([[A, new Map([[P, row(5000)]])]]);
    const book = new LevelBook(locked);
    const desk = new TransferDesk(new Map(), locations, locked);
    const op = transferDispatch(till, { destinationId: B, lines: [{ productId: P, qty: 1000 }] });
    const out = planTransferOp(book, desk, replaying(op, A, new Date()), op);
    expect(out).toMatchObject({ rejected: true, code: 'INTERNAL' });
    expect(book.movements).toEqual([]);
    expect(desk.writes()).toEqual({ created: [], updated: [], events: [] });
    expect(desk.get(op.payload.transferId)).toBeUndefined();
  });
});

