import { isValidGs1 } from '../domain/barcode';
import { DomainError } from '../domain/errors';

/**
 * GS1-128 labels on cases and pallets: a string of Application Identifiers, each an AI number followed by its
 * data. A receipt reads three of them: (01) the GTIN of the trade item, (10) its lot (batch) number, (17) its
 * expiry date (YYMMDD). Fixed-length AIs run to their length; variable-length ones (10) end at the group
 * separator (ASCII 29, which scanners send as GS, or as the text "<GS>" or "\x1d" depending on their setting) or
 * at the end of the code. A symbology prefix a scanner may add (]C1) is dropped.
 */
export interface Gs1Read {
  gtin: string | null;
  lot: string | null;
  /** ISO date (YYYY-MM-DD) */
  expiry: string | null;
  /** AIs read but not used here, by AI */
  other: Record<string, string>;
}

const GS = '\u001d';

/** Fixed data lengths of the AIs a shop meets; others are variable up to their maximum. */
const FIXED: Readonly<Record<string, number>> = { '00': 18, '01': 14, '02': 14, '11': 6, '12': 6, '13': 6, '15': 6, '16': 6, '17': 6 };
const VARIABLE_MAX: Readonly<Record<string, number>> = { '10': 20, '21': 20, '30': 8, '37': 8, '240': 30, '241': 30, '400': 30 };

export function looksLikeGs1_128(raw: string): boolean {
  const code = normalize(raw);
  return /^(01\d{14}|00\d{18}|02\d{14})/.test(code) && code.length > 16;
}

function normalize(raw: string): string {
  return raw
    .trim()
    .replace(/^\]C1/, '')
    .replace(/<GS>|\\x1d|\u241d/gi, GS);
}

export function readGs1_128(raw: string): Gs1Read {
  const code = normalize(raw);
  const out: Gs1Read = { gtin: null, lot: null, expiry: null, other: {} };
  let i = 0;
  while (i < code.length) {
    if (code[i] === GS) {
      i++;
      continue;
    }
    const ai = [code.slice(i, i + 2), code.slice(i, i + 3)].find((a) => FIXED[a] !== undefined || VARIABLE_MAX[a] !== undefined);
    if (ai === undefined) throw new DomainError('INVALID_BARCODE', `unknown application identifier at "${code.slice(i, i + 4)}"`, { at: i });
    i += ai.length;
    let data: string;
    const fixed = FIXED[ai];
    if (fixed !== undefined) {
      data = code.slice(i, i + fixed);
      if (data.length !== fixed || !/^\d+$/.test(data)) throw new DomainError('INVALID_BARCODE', `AI (${ai}) needs ${fixed} digits`, { ai });
      i += fixed;
    } else {
      const end = code.indexOf(GS, i);
      data = code.slice(i, end === -1 ? code.length : end);
      i = end === -1 ? code.length : end + 1;
      if (data.length === 0 || data.length > (VARIABLE_MAX[ai] as number)) throw new DomainError('INVALID_BARCODE', `AI (${ai}) has a bad length`, { ai });
    }
    if (ai === '01') {
      if (!isValidGs1(data)) throw new DomainError('INVALID_BARCODE', 'the GTIN (01) has a wrong check digit', { gtin: data });
      // A GTIN-14 of a unit-level EAN-13 carries a leading 0: the catalog knows the EAN-13.
      out.gtin = data.startsWith('0') ? data.slice(1) : data;
    } else if (ai === '10') out.lot = data;
    else if (ai === '17') out.expiry = expiryDate(data);
    else out.other[ai] = data;
  }
  return out;
}

/** YYMMDD to an ISO date; DD 00 means the last day of the month (GS1 general specifications, 7.12). */
function expiryDate(yymmdd: string): string {
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  let dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12) throw new DomainError('INVALID_BARCODE', `expiry (17) has no month ${mm}`, { value: yymmdd });
  // GS1's century rule, simplified to this century's labels: 00-49 is 20xx, 50-99 is 19xx.
  const year = yy < 50 ? 2000 + yy : 1900 + yy;
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (dd === 0) dd = lastDay;
  if (dd > lastDay) throw new DomainError('INVALID_BARCODE', `expiry (17) has no day ${dd} in month ${mm}`, { value: yymmdd });
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}
