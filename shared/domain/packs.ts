import { DomainError } from './errors';
import { type Milli, MILLI_PER_UNIT, assertMilli } from './quantity';
import { MAX_PACK_UNITS, packBarcodeSchema, type PackBarcode } from './schemas';
import { isFractionalUnit, type Unit } from './units';

/**
 * Packs and units, the one conversion for the shop floor. Goods are bought and received in cases and stocked and
 * sold in the product's own unit: a case of 24 cans is 24 each on the shelf. A product may carry pack barcodes
 * (the case's own GTIN); scanning one adds the whole pack, at the pack's own price when it has one (a case is
 * often cheaper than 24 singles), else at 24 × the unit price. Weighed goods are stocked in kg (or l) to three
 * decimals, which milli-units hold exactly.
 */
export { MAX_PACK_UNITS, packBarcodeSchema, type PackBarcode };

/** The stock a number of packs is, in the product's milli-units. A pack of weighed goods makes no sense. */
export function packsToMilli(packs: number, unitsPerPack: number, unit: Unit): Milli {
  if (!Number.isSafeInteger(unitsPerPack) || unitsPerPack < 2 || unitsPerPack > MAX_PACK_UNITS) {
    throw new DomainError('INVALID_QUANTITY', `a pack holds a whole number of units from 2 to ${MAX_PACK_UNITS}`, { unitsPerPack });
  }
  if (isFractionalUnit(unit)) throw new DomainError('INVALID_QUANTITY', `goods sold by ${unit} are not packed in cases`, { unit });
  if (!Number.isSafeInteger(packs) || packs <= 0) throw new DomainError('INVALID_QUANTITY', 'a number of packs is whole and positive', { packs });
  return assertMilli(packs * unitsPerPack * MILLI_PER_UNIT, 'packed quantity');
}

/** What a scanned code adds to a cart: the product's own barcode one unit, a pack barcode the whole pack. */
export interface ScanLine {
  qty: Milli;
  /** the line's price for that quantity, in minor units */
  total: number;
  pack: PackBarcode | null;
}

export function scanLine(product: { unit: Unit; price: number; barcodes: readonly string[]; packs: readonly PackBarcode[] }, code: string): ScanLine | null {
  const pack = product.packs.find((p) => p.barcode === code);
  if (pack !== undefined) {
    const qty = packsToMilli(1, pack.units, product.unit);
    return { qty, total: pack.price ?? pack.units * product.price, pack };
  }
  if (!product.barcodes.includes(code)) return null;
  // A weighed product's own barcode adds nothing by itself: its weight comes from the scale or the cashier.
  return { qty: isFractionalUnit(product.unit) ? 0 : MILLI_PER_UNIT, total: isFractionalUnit(product.unit) ? 0 : product.price, pack: null };
}

/** A product's pack barcodes may not repeat, nor repeat one of its unit barcodes. */
export function assertPacks(barcodes: readonly string[], packs: readonly PackBarcode[]): void {
  const seen = new Set(barcodes);
  for (const p of packs) {
    if (seen.has(p.barcode)) throw new DomainError('INVALID_BARCODE', `barcode ${p.barcode} is listed twice`, { barcode: p.barcode });
    seen.add(p.barcode);
  }
}
