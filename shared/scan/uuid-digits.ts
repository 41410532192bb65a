/**
 * A UUID written as digits for a printed Code 128 barcode (set C packs two digits per symbol, which keeps the
 * barcode inside an 80 mm roll): its 128 bits as 39 decimal digits, and a GS1 mod-10 check digit that catches a
 * misread before the till goes looking. Used by the codes printed on delivery notes (transfer-code.ts) and on
 * receipts (sale-code.ts), which differ in length so that neither is ever read as the other.
 */
export const UUID_DIGITS = 39;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** GS1: weights 3 and 1 alternate from the rightmost digit of the data. */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The 39 digits of a UUID (the caller checked it is one). */
export function uuidToDigits(uuid: string): string {
  return BigInt(`0x${uuid.replace(/-/g, '')}`)
    .toString(10)
    .padStart(UUID_DIGITS, '0');
}

/** The UUID 39 digits stand for; null when they are beyond 128 bits. */
export function digitsToUuid(digits: string): string | null {
  const n = BigInt(digits);
  if (n >= 1n << 128n) return null;
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `prefix`, the UUID's digits and a check digit over both. */
export function uuidCode(prefix: string, uuid: string): string {
  const data = prefix + uuidToDigits(uuid);
  return data + String(gs1CheckDigit(data));
}

/** The UUID in a code made by uuidCode(prefix, ...); null when the code is not one (length, digits, prefix, check). */
export function parseUuidCode(prefix: string, code: string): string | null {
  const c = code.trim();
  if (c.length !== prefix.length + UUID_DIGITS + 1 || !/^\d+$/.test(c) || !c.startsWith(prefix)) return null;
  const data = c.slice(0, -1);
  if (gs1CheckDigit(data) !== Number(c.slice(-1))) return null;
  return digitsToUuid(data.slice(prefix.length));
}
