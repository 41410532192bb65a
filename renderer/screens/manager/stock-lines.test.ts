import { describe, expect, it } from 'vitest';
import type { ProductView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { qtyText } from '../../app/format';
import { addDraftLine, parseCount, parseStockQty } from './stock-lines';
import { testProduct } from '../../../shared/domain/test-support/product';

const latin = qtyText({ language: 'en', digits: 'latin' });
const arabic = qtyText({ language: 'ar', digits: 'arab' });

const view = (unit: 'each' | 'kg'): ProductView => ({
  product: testProduct({
    id: unit === 'kg' ? '0190a0b2-7c3d-7e4f-8a5b-000000000001' : '0190a0b2-7c3d-7e4f-8a5b-000000000002',
    sku: 'X',
    name: unit === 'kg' ? 'Cheese' : 'Can',
    unit,
  }),
  available: 0,
});

describe('stock lines (receive / waste)', () => {
  it('parses weighed quantities to milli-units and refuses fractions of counted goods', () => {
    expect(parseStockQty(view('kg').product, '2.125', latin)).toBe(2125);
    expect(parseStockQty(view('each').product, '24', latin)).toBe(24_000);
    expect(() => parseStockQty(view('each').product, '2.5', latin)).toThrow(DomainError);
    expect(() => parseStockQty(view('kg').product, '0', latin)).toThrow(/greater than zero/);
    expect(() => parseStockQty(view('kg').product, '1.2345', latin)).toThrow(DomainError);
  });

  it('scanning a product already listed adds one to it', () => {
    let lines = addDraftLine([], view('each'), {}, latin);
    lines = addDraftLine(lines, view('each'), {}, latin);
    lines = addDraftLine(lines, view('kg'), {}, latin);
    expect(lines.map((l) => [l.view.product.name, l.qtyText])).toEqual([
      ['Can', '2'],
      ['Cheese', '1'],
    ]);
  });

  it('a case barcode adds the whole case (issue 8: goods are received in cases, stocked in units)', () => {
    const pack = { barcode: '05449000000996', units: 24, price: null };
    let lines = addDraftLine([], { ...view('each'), pack }, {}, latin);
    expect(lines[0]!.qtyText).toBe('24');
    lines = addDraftLine(lines, { ...view('each'), pack: null }, {}, latin);
    lines = addDraftLine(lines, { ...view('each'), pack }, {}, latin);
    expect(lines[0]!.qtyText).toBe('49');
  });

  it('a count may be nothing (an empty box is 0), never negative, and counted goods are whole', () => {
    expect(parseCount(view('each').product, '', latin)).toBe(0);
    expect(parseCount(view('each').product, ' 0 ', latin)).toBe(0);
    expect(parseCount(view('kg').product, '0.25', latin)).toBe(250);
    expect(() => parseCount(view('each').product, '-1', latin)).toThrow(DomainError);
    expect(() => parseCount(view('each').product, '1.5', latin)).toThrow(DomainError);
  });

  it('adds exactly, with no float drift, to a weighed quantity', () => {
    const lines = addDraftLine([{ view: view('kg'), qtyText: '0.347', extra: {} }], view('kg'), {}, latin);
    expect(lines[0]!.qtyText).toBe('1.347');
  });

  it('reads quantities typed in Arabic-Indic digits and writes the next one in them', () => {
    expect(parseStockQty(view('kg').product, '٢٫١٢٥', arabic)).toBe(2125);
    expect(parseStockQty(view('each').product, '٢٤', arabic)).toBe(24_000);
    // a Latin quantity typed on an Arabic till is read too
    expect(parseStockQty(view('kg').product, '2.125', arabic)).toBe(2125);
    let lines = addDraftLine([], view('each'), {}, arabic);
    expect(lines[0]!.qtyText).toBe('١');
    lines = addDraftLine([{ view: view('kg'), qtyText: '٠٫٣٤٧', extra: {} }], view('kg'), {}, arabic);
    expect(lines[0]!.qtyText).toBe('١٫٣٤٧');
  });
});
