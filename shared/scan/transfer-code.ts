import { DomainError } from '../domain/errors';
import { isUuid, parseUuidCode, uuidCode } from './uuid-digits';

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

export function transferCode(transferId: string): string {
  if (!isUuid(transferId)) throw new DomainError('INVALID_INPUT', 'a transfer id is a UUID', { transferId });
  return uuidCode('', transferId);
}

/** The transfer id a scanned code stands for; null when the code is not a transfer code (wrong length, not digits, bad check). */
export function parseTransferCode(code: string): string | null {
  return parseUuidCode('', code);
}

export function isTransferCode(code: string): boolean {
  return parseTransferCode(code) !== null;
}

/** The short label people read off a transfer: "T-" and the id's last 8 hex digits in two groups of four. */
export function transferLabel(transferId: string): string {
  const tail = transferId.replace(/-/g, '').slice(-8).toUpperCase();
  return `T-${tail.slice(0, 4)}-${tail.slice(4)}`;
}
