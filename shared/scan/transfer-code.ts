import { DomainError } from '../domain/errors';

/**
 * The code printed as a barcode on a transfer's delivery note, so the receiving store finds the transfer by
 * scanning the paper that came with the goods, with the same wedge scanner it sells with.
 *
 * It is the transfer's id (a UUID, 128 bits) written as 39 decimal digits, then one GS1 mod-10 check digit: 40
 * digits. Digits only, because Code 128 packs two digits per symbol (set C), which keeps the printed barcode
 * about 64 mm wide at 0.25 mm per module, inside an 80 mm thermal roll as well as on an A4 note. No product
 * barcode is 40 digits long (EAN/UPC/GTIN are 8 to 14), so the two never collide; the check digit catches a
 * misread before the till goes looking.
 *
 * The label ("T-1A2B-3C4D", the id's last 8 hex digits) is what people read and say on the phone; only the code
 * is unique.
 */
export const TRANSFER_CODE_LENGTH = 40;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkDigit(digits: string): number {
  // GS1: weights 3 and 1 alternate from the rightmost digit of the data.
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

export function transferCode(transferId: string): string {
  if (!UUID.test(transferId)) throw new DomainError('INVALID_INPUT', 'a transfer id is a UUID', { transferId });
  const digits = BigInt(`0x${transferId.replace(/-/g, '')}`)
    .toString(10)
    .padStart(TRANSFER_CODE_LENGTH - 1, '0');
  return digits + String(checkDigit(digits));
}

/** The transfer id a scanned code stands for; null when the code is not a transfer code (wrong length, not digits, bad check). */
export function parseTransferCode(code: string): string | null {
  const c = code.trim();
  if (c.length !== TRANSFER_CODE_LENGTH || !/^\d+$/.test(c)) return null;
  const digits = c.slice(0, -1);
  if (checkDigit(digits) !== Number(c.slice(-1))) return null;
  const n = BigInt(digits);
  if (n >= 1n << 128n) return null;
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isTransferCode(code: string): boolean {
  return parseTransferCode(code) !== null;
}

/** The short label people read off a transfer: "T-" and the id's last 8 hex digits in two groups of four. */
export function transferLabel(transferId: string): string {
  const tail = transferId.replace(/-/g, '').slice(-8).toUpperCase();
  return `T-${tail.slice(0, 4)}-${tail.slice(4)}`;
}
