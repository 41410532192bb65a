import { describe, expect, it } from 'vitest';
import type { ScanView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { TRANSFER_STATUSES } from '../../../shared/domain/transfer';
import { testProduct } from '../../../shared/domain/test-support/product';
import { qtyText } from '../../app/format';
import { COLA, CHIPS, line, sentTransfer, testTransfer, WATER } from '../../test-support/transfers';
import { countScan, fillAsExpected, receiptLines, receiveDraft } from './receive-draft';
import { resolutionChoices, transferActions } from './transfer-actions';

const num = qtyText({ language: 'en', digits: 'latin' });

describe('what a transfer lets this end do', () => {
  // Written out by hand from issue 8: the source approves and sends, the destination receives and closes, either
  // cancels before anything was sent, a difference is resolved; a cancelled transfer has no paper.
  const expected: Record<string, Record<string, string[]>> = {
    outgoing: {
      requested: ['approve', 'dispatch', 'cancel', 'print'],
      approved: ['dispatch', 'cancel', 'print'],
      cancelled: [],
      sent: ['print'],
      received_unsent: ['print'],
      discrepancy: ['resolve', 'print'],
      received: ['print'],
      closed: ['print'],
    },
    incoming: {
      requested: ['receive', 'cancel', 'print'],
      approved: ['receive', 'cancel', 'print'],
      cancelled: [],
      sent: ['receive', 'print'],
      received_unsent: ['print'],
      discrepancy: ['receive', 'resolve', 'print'],
      received: ['close', 'print'],
      closed: ['print'],
    },
  };
  it.each(['outgoing', 'incoming'] as const)('%s, in every status', (direction) => {
    for (const status of TRANSFER_STATUSES) expect([status, transferActions({ direction, status })]).toEqual([status, expected[direction]![status]]);
  });
});

describe('counting what arrived', () => {
  const colaView: ScanView = { product: testProduct({ id: COLA.productId, sku: COLA.sku, name: COLA.name }), available: 0, pack: null };
  const caseOf24 = { barcode: '05449000000996', units: 24, price: null };

  it('starts from what was sent, nothing counted, a line asked for but not sent left off', () => {
    const draft = receiveDraft(sentTransfer());
    expect(draft.map((l) => [l.name, l.expected, l.receivedText])).toEqual([
      ['Cola 330 ml', 10_000, ''],
      ['Water 1 L', 2000, ''],
    ]);
  });

  it('before the dispatch is known here, the lines are what was asked for', () => {
    const asked = testTransfer({ direction: 'incoming', lines: [line(COLA, { requested: 12_000 }), line(CHIPS, { requested: 3000 })] });
    expect(receiveDraft(asked).map((l) => l.expected)).toEqual([12_000, 3000]);
  });

  it('a scan counts one good unit, a case barcode the whole case, and a product not on the transfer gets its own line', () => {
    let lines = receiveDraft(sentTransfer());
    lines = countScan(lines, colaView, num);
    lines = countScan(lines, { ...colaView, pack: caseOf24 }, num);
    expect(lines[0]!.receivedText).toBe('25');
    const stray: ScanView = { product: testProduct({ name: 'Gum', sku: 'GUM' }), available: 0, pack: null };
    lines = countScan(lines, stray, num);
    expect(lines.map((l) => [l.sku, l.expected, l.receivedText])).toEqual([
      ['COLA-330', 10_000, '25'],
      ['WATER-1L', 2000, ''],
      ['GUM', 0, '1'],
    ]);
  });

  it('a line short of what was sent is recorded as counted: 8 of 10 arrive, 1 of 2 water damaged, nothing else said', () => {
    const lines = receiveDraft(sentTransfer()).map((l) => (l.sku === 'COLA-330' ? { ...l, receivedText: '8' } : { ...l, receivedText: '1', damagedText: '1' }));
    expect(receiptLines(lines, true, num)).toEqual([
      { productId: COLA.productId, received: 8000, damaged: 0 },
      { productId: WATER.productId, received: 1000, damaged: 1000 },
    ]);
  });

  it('an empty line is "nothing arrived" (it stays short), never left out', () => {
    expect(receiptLines(receiveDraft(sentTransfer()), true, num)).toEqual([
      { productId: COLA.productId, received: 0, damaged: 0 },
      { productId: WATER.productId, received: 0, damaged: 0 },
    ]);
  });

  it('more than was sent needs a reason, good and damaged together: refused without, carried with', () => {
    const over = fillAsExpected(receiveDraft(sentTransfer()), num).map((l) => (l.sku === 'WATER-1L' ? { ...l, damagedText: '1' } : l));
    expect(() => receiptLines(over, true, num)).toThrow(DomainError);
    try {
      receiptLines(over, true, num);
    } catch (e) {
      expect((e as DomainError).details).toEqual({ productIds: [WATER.productId] });
    }
    const said = over.map((l) => (l.sku === 'WATER-1L' ? { ...l, overReason: 'one extra bottle in the crate' } : l));
    expect(receiptLines(said, true, num)[1]).toEqual({ productId: WATER.productId, received: 2000, damaged: 1000, over: { reason: 'one extra bottle in the crate' } });
  });

  it('before the dispatch is known here nothing can be over, so no reason is asked', () => {
    const lines = receiveDraft(testTransfer({ direction: 'incoming', lines: [line(COLA, { requested: 2000 })] })).map((l) => ({ ...l, receivedText: '5' }));
    expect(receiptLines(lines, false, num)).toEqual([{ productId: COLA.productId, received: 5000, damaged: 0 }]);
  });

  it('a fraction of a counted product is refused', () => {
    const lines = receiveDraft(sentTransfer()).map((l) => ({ ...l, receivedText: '1.5' }));
    expect(() => receiptLines(lines, true, num)).toThrow(/whole/);
  });
});

describe('how this end may settle a line', () => {
  // Written out by hand from the domain's rule: a resolution moves the stock of the end that says it.
  it('a shortfall: written off at the destination, taken back at the source', () => {
    const short = line(COLA, { sent: 10_000, received: 8000, short: 2000 });
    expect(resolutionChoices('incoming', short)).toEqual([{ kind: 'write_off', upTo: 2000 }]);
    expect(resolutionChoices('outgoing', short)).toEqual([{ kind: 'return_to_source', upTo: 2000 }]);
  });
  it('an excess: added to what was sent at the source; found at the destination only up to what was written off', () => {
    const over = line(COLA, { sent: 10_000, received: 12_000, over: 2000 });
    expect(resolutionChoices('outgoing', over)).toEqual([{ kind: 'complete_dispatch', upTo: 2000 }]);
    expect(resolutionChoices('incoming', over)).toEqual([]);
    expect(resolutionChoices('incoming', { ...over, writtenOff: 500 })).toEqual([{ kind: 'found', upTo: 500 }]);
    expect(resolutionChoices('incoming', { ...over, writtenOff: 3000 })).toEqual([{ kind: 'found', upTo: 2000 }]);
  });
});

describe('a second parcel', () => {
  it('expects what is still on its way, and leaves off what has all arrived', () => {
    const partly = sentTransfer({ status: 'discrepancy', lines: [line(COLA, { sent: 10_000, received: 6000, short: 4000 }), line(WATER, { sent: 2000, received: 2000 })] });
    const draft = fillAsExpected(receiveDraft(partly), num);
    expect(draft.map((l) => [l.sku, l.expected, l.receivedText])).toEqual([['COLA-330', 4000, '4']]);
    expect(receiptLines(draft, true, num)).toEqual([{ productId: COLA.productId, received: 4000, damaged: 0 }]);
  });
});
