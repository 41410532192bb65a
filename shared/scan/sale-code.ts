import { DomainError } from '../domain/errors';
import { isUuid, parseUuidCode, uuidCode } from './uuid-digits';

/**
 * The code printed as a barcode on every receipt (issue 11): the sale's id, so a return starts by scanning the
 * customer's receipt with the wedge scanner the till sells with. "80", the id's 39 digits and a GS1 check digit:
 * 42 digits, two more than a delivery note's transfer code (transfer-code.ts) and far more than any product
 * barcode (8 to 14), so the checkout tells the three apart by the scan alone.
 */
const PREFIX = '80';
export const SALE_CODE_LENGTH = 42;

export function saleCode(saleId: string): string {
  if (!isUuid(saleId)) throw new DomainError('INVALID_INPUT', 'a sale id is a UUID', { saleId });
  return uuidCode(PREFIX, saleId);
}

/** The sale id a scanned code stands for; null when it is no receipt's code. */
export function parseSaleCode(code: string): string | null {
  return parseUuidCode(PREFIX, code);
}
