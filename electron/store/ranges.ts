import { DomainError } from '../../shared/domain/errors';
import { MAX_MONEY_MINOR } from '../../shared/domain/money';
import { MAX_QTY_MILLI, MILLI_PER_UNIT } from '../../shared/domain/quantity';

/**
 * The range triggers of migration 0004 abort a statement with 'OUT_OF_RANGE: <table>'. The abort already rolled the
 * statement back; thrown out of a transaction it rolls back the whole change. This turns it into the typed error
 * the branch API answers, in words a manager can act on.
 */
const ABORT_PREFIX = 'OUT_OF_RANGE: ';

const units = (MAX_QTY_MILLI / MILLI_PER_UNIT).toLocaleString('en');
const WHAT: Readonly<Record<string, string>> = {
  levels: `this would take a stock level beyond ±${units} units, more than the till can record`,
  movements: `a stock movement cannot exceed ±${units} units`,
  products: 'a product price or stock threshold is out of range',
  sales: `a sale total cannot exceed ${MAX_MONEY_MINOR.toLocaleString('en')} minor currency units`,
  sale_lines: 'a sale line quantity or amount is out of range',
  tenders: 'a payment amount is out of range',
  conflicts: 'a conflict quantity is out of range',
};

/** The range abort's table, or null when the error is something else. */
export function rangeAbortTable(error: unknown): string | null {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_TRIGGER') return null;
  return error.message.startsWith(ABORT_PREFIX) ? error.message.slice(ABORT_PREFIX.length).trim() : null;
}

/** A range abort as OUT_OF_RANGE (with extra details, e.g. the product), any other error unchanged. */
export function asRangeError(error: unknown, details: Record<string, unknown> = {}): unknown {
  const table = rangeAbortTable(error);
  if (table === null) return error;
  return new DomainError('OUT_OF_RANGE', `${WHAT[table] ?? `a value in ${table} is out of range`}: nothing was recorded`, {
    table,
    maxQtyMilli: MAX_QTY_MILLI,
    maxMoneyMinor: MAX_MONEY_MINOR,
    ...details,
  });
}
