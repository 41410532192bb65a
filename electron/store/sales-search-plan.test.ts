import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { saleSearchQuery, type SaleSearch } from './sales-repo';

/**
 * The receipt history reads an index for every filter, never the whole sales table (a till keeps years of
 * sales): the number's UNIQUE index as a range (a LIKE would not use it: SQLite's LIKE ignores case, the
 * index does not), sales_by_total (migration 0008) for an amount, sales_recent (0001) for a time range.
 * SQLite's own EXPLAIN QUERY PLAN is the oracle.
 */
let till: TempTill;
beforeEach(() => {
  till = createTempTill();
});
afterEach(() => till.cleanup());

function plan(search: Omit<SaleSearch, 'limit'>): string {
  const q = saleSearchQuery({ ...search, limit: 21 });
  const rows = till.backend.db.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join(' | ');
}

describe('sale search query plans', () => {
  it('searches a receipt number through the UNIQUE index on number, as a range', () => {
    expect(plan({ numberPrefix: 'H1-0000' })).toMatch(/SEARCH s USING INDEX sqlite_autoindex_sales_\d+ \(number>\? AND number<\?\)/);
  });

  it('searches an amount through sales_by_total, with the time range in the same index when given', () => {
    expect(plan({ total: 450 })).toMatch(/SEARCH s USING INDEX sales_by_total \(total=\?\)/);
    expect(plan({ total: 450, from: '2026-03-01T00:00:00.000Z' })).toMatch(/SEARCH s USING INDEX sales_by_total \(total=\? AND occurred_at>\?\)/);
  });

  it('searches a time range through sales_recent, and lists everything in its order', () => {
    expect(plan({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' })).toMatch(
      /SEARCH s USING INDEX sales_recent \(occurred_at>\? AND occurred_at<\?\)/,
    );
    expect(plan({ after: { occurredAt: '2026-03-01T00:00:00.000Z', opSeq: 3 } })).toMatch(/USING INDEX sales_recent/);
    expect(plan({})).toMatch(/SCAN s USING INDEX sales_recent/);
  });
});
