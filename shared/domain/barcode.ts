/**
 * GS1 barcodes (EAN-13, EAN-8, UPC-A, GTIN-14). The check digit catches a misread or mistyped digit, so no code
 * from a scanner, a camera or a keyboard reaches a sale without passing it.
 */
export type BarcodeKind = 'EAN-13' | 'EAN-8' | 'UPC-A' | 'GTIN-14';

const GS1_LENGTHS: Record<number, BarcodeKind> = { 8: 'EAN-8', 12: 'UPC-A', 13: 'EAN-13', 14: 'GTIN-14' };

/** Check digit for the given digits (without their check digit), by the GS1 mod-10 rule. */
export function gs1CheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new Error('GS1 body must be digits');
  let sum = 0;
  // Weights alternate 3,1,3,1... starting from the rightmost digit of the body.
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function gs1Kind(code: string): BarcodeKind | null {
  return /^\d+$/.test(code) ? (GS1_LENGTHS[code.length] ?? null) : null;
}

/** True when the code is a GS1 number of a known length whose last digit is its check digit. */
export function isValidGs1(code: string): boolean {
  if (gs1Kind(code) === null) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** Appends the check digit: used by the demo data generator and by label printing. */
export function withCheckDigit(body: string): string {
  return body + String(gs1CheckDigit(body));
}

/**
 * Validates what a scanner or a person typed. Numeric codes of GS1 length must carry a valid check digit;
 * other printable codes (Code 128 shelf labels, in-store SKU labels) pass through as they are.
 */
export type BarcodeCheck = { ok: true; code: string; kind: BarcodeKind | 'CODE-128' } | { ok: false; reason: string };

export function checkBarcode(raw: string): BarcodeCheck {
  const code = raw.trim();
  if (code.length === 0) return { ok: false, reason: 'empty code' };
  if (code.length > 48 || !/^[\x21-\x7e]+$/.test(code)) return { ok: false, reason: 'not a printable barcode' };
  const kind = gs1Kind(code);
  if (kind !== null) return isValidGs1(code) ? { ok: true, code, kind } : { ok: false, reason: 'check digit does not match' };
  if (/^\d+$/.test(code) && code.length < 8) return { ok: false, reason: 'too short for a GS1 code' };
  return { ok: true, code, kind: 'CODE-128' };
}
