import type { BranchInput } from '../../../shared/api/branch-api';
import type { Currency } from '../../../shared/domain/money';
import { parseMoneyInput } from '../../../shared/domain/money-input';

/**
 * What a cashier typed in the receipt history's search box, as sale.search filters. A receipt number always has
 * the till's letters ("H1-000012"), an amount never does: text with a letter is a receipt number (or its
 * beginning); anything else is read as an amount the way the payment box reads one (the till's decimal sign,
 * Latin or Arabic-Indic digits). Pure.
 */
export type ReceiptQuery =
  | { kind: 'all' }
  | { kind: 'number'; number: string }
  | { kind: 'amount'; total: number }
  | { kind: 'unreadable' };

const RECEIPT_NUMBER = /^(?=.*[A-Za-z])[A-Za-z0-9-]{1,40}$/;

export function readReceiptQuery(text: string, currency: Currency, locale: string): ReceiptQuery {
  const typed = text.trim();
  if (typed === '') return { kind: 'all' };
  if (RECEIPT_NUMBER.test(typed)) return { kind: 'number', number: typed };
  const amount = parseMoneyInput(typed, currency, locale);
  return amount.ok ? { kind: 'amount', total: amount.amount } : { kind: 'unreadable' };
}

/**
 * A calendar day picked in the date box ("2026-12-02"), as the time range of that day at this till (its local
 * midnight to the next), in UTC as the backend compares. Undefined for an empty or malformed day.
 */
export function dayRange(day: string): { from: string; to: string } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const start = new Date(y, mo, d);
  if (Number.isNaN(start.getTime()) || start.getDate() !== d) return undefined;
  return { from: start.toISOString(), to: new Date(y, mo, d + 1).toISOString() };
}

/** The search's input for the box and the day; undefined when the box cannot be read (nothing is asked). */
export function searchInput(query: ReceiptQuery, day: string, cursor: string | undefined): BranchInput<'sale.search'> | undefined {
  if (query.kind === 'unreadable') return undefined;
  const input: BranchInput<'sale.search'> = { limit: 20 };
  if (query.kind === 'number') input.number = query.number;
  if (query.kind === 'amount') input.total = query.total;
  const range = dayRange(day);
  if (range !== undefined) Object.assign(input, range);
  if (cursor !== undefined) input.cursor = cursor;
  return input;
}
