import { DomainError } from './errors';

/**
 * Quantities are integer milli-units: 1.250 kg is 1250, 3 each is 3000. Floats never touch stock, so a
 * thousand sales of 0.1 kg add up to exactly 100 kg.
 */
export type Milli = number;

export const MILLI_PER_UNIT = 1000;
/** 1e12 milli-units (a billion units) is far beyond any shelf and still exact under any sum of a day's trade. */
export const MAX_QTY_MILLI = 1_000_000_000_000;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d{1,}))?$/;

export function isMilli(value: unknown): value is Milli {
  return typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_QTY_MILLI;
}

export function assertMilli(value: unknown, what = 'quantity'): Milli {
  if (!isMilli(value)) {
    throw new DomainError('INVALID_QUANTITY', `${what} must be a whole number of milli-units within ±${MAX_QTY_MILLI}`, {
      value: String(value),
    });
  }
  return value;
}

/** A quantity that must be strictly positive (a sale line, a receipt, a waste). */
export function assertPositiveMilli(value: unknown, what = 'quantity'): Milli {
  const q = assertMilli(value, what);
  if (q <= 0) throw new DomainError('INVALID_QUANTITY', `${what} must be greater than zero`, { value: q });
  return q;
}

/**
 * Parses a decimal typed by a person or read from a CSV ("1.25", "3", "-0.5") into milli-units.
 * Refuses anything that would need rounding: a scale showing 1.2345 kg is a data error, not 1.235 kg.
 */
export function parseQuantity(text: string): Milli {
  const trimmed = text.trim();
  const m = DECIMAL.exec(trimmed);
  if (!m) throw new DomainError('INVALID_QUANTITY', `"${text}" is not a number`, { text });
  const [, sign, whole = '0', frac = ''] = m;
  if (frac.length > 3) {
    throw new DomainError('INVALID_QUANTITY', `"${text}" has more than 3 decimals`, { text });
  }
  if (whole.length > 13) throw new DomainError('INVALID_QUANTITY', `"${text}" is out of range`, { text });
  const value = Number(whole) * MILLI_PER_UNIT + Number(frac.padEnd(3, '0'));
  const signed = sign === '-' ? -value : value;
  if (!isMilli(signed)) throw new DomainError('INVALID_QUANTITY', `"${text}" is out of range`, { text });
  return signed === 0 ? 0 : signed; // no -0
}

/** Converts a JS number of whole units (e.g. from a scale driver) to milli-units, refusing NaN, ∞ and >3 decimals. */
export function fromUnits(units: number): Milli {
  if (!Number.isFinite(units)) throw new DomainError('INVALID_QUANTITY', `${units} is not a finite number`);
  const milli = Math.round(units * MILLI_PER_UNIT);
  // Reject if rounding changed the value by more than float noise: the caller gave more than 3 decimals.
  if (Math.abs(milli - units * MILLI_PER_UNIT) > 1e-6 * Math.max(1, Math.abs(units))) {
    throw new DomainError('INVALID_QUANTITY', `${units} has more than 3 decimals`);
  }
  return assertMilli(milli === 0 ? 0 : milli);
}

/** Formats milli-units as a plain decimal with as few decimals as needed (1250 → "1.25", 3000 → "3"). */
export function formatQuantity(q: Milli, minDecimals = 0): string {
  assertMilli(q);
  const sign = q < 0 ? '-' : '';
  const abs = Math.abs(q);
  const whole = Math.floor(abs / MILLI_PER_UNIT);
  let frac = String(abs % MILLI_PER_UNIT).padStart(3, '0').replace(/0+$/, '');
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

export function addQty(a: Milli, b: Milli): Milli {
  return assertMilli(a + b, 'sum');
}

export function subQty(a: Milli, b: Milli): Milli {
  return assertMilli(a - b, 'difference');
}

export function sumQty(values: readonly Milli[]): Milli {
  return values.reduce<Milli>((acc, v) => addQty(acc, v), 0);
}
