import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TAX } from '../../shared/domain/tax';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { currentRateRow, readExchangeSettings, savePulledRate } from './exchange-repo';
import { setTenantTax, tenantTax } from './tax-repo';

/**
 * The settings and rate every sale reads are kept by the store (TillStore.memo) instead of read per sale. These
 * pin when a kept value must be let go: another connection wrote the file (the sync agent applying a pull), a
 * repository wrote it on this connection, or a transaction that read it rolled back.
 */
let till: TempTill | undefined;
afterEach(() => {
  till?.cleanup();
  till = undefined;
});

const rateOf = (t: TempTill): number | undefined => currentRateRow(t.backend.db, 'USD', 'LBP')?.rate;
let order = 0;
function post(t: TempTill, id: string, rate: number): void {
  order += 1;
  savePulledRate(t.backend.db, { rateId: id, base: 'USD', quote: 'LBP', rate, note: null, postedByName: 'HO', postedAt: new Date().toISOString(), order: String(order) });
}

describe("the store's kept sale settings", () => {
  it('sees a rate another connection wrote (a pull applied by the sync agent)', () => {
    till = createTempTill();
    expect(rateOf(till)).toBeUndefined();
    const other = new Database(till.dbPath);
    other
      .prepare("INSERT INTO exchange_rates (id, base, quote, rate, note, posted_by_name, posted_at, server_order) VALUES (?, 'USD', 'LBP', 89500, NULL, 'HO', ?, 1)")
      .run('0191c6a2-7b3e-7c1d-9f00-000000000001', new Date().toISOString());
    other.close();
    expect(rateOf(till)).toBe(89_500);
  });

  it("sees what this connection's repositories wrote: a pulled rate, the tenant's tax", () => {
    till = createTempTill();
    post(till, '0191c6a2-7b3e-7c1d-9f00-000000000002', 90_000);
    expect(rateOf(till)).toBe(90_000);
    post(till, '0191c6a2-7b3e-7c1d-9f00-000000000003', 91_000);
    expect(rateOf(till)).toBe(91_000);
    expect(tenantTax(till.backend.db)).toBeNull();
    setTenantTax(till.backend.db, DEFAULT_TAX, undefined);
    expect(tenantTax(till.backend.db)).toEqual(DEFAULT_TAX);
    expect(readExchangeSettings(till.backend.db, 'USD').quoteStep).toBe(5_000);
  });

  it('forgets what a rolled-back transaction read, so an undone post is never the rate in force', () => {
    till = createTempTill();
    const store = till.backend.db;
    expect(() =>
      store.transaction(() => {
        post(till as TempTill, '0191c6a2-7b3e-7c1d-9f00-000000000004', 95_000);
        expect(rateOf(till as TempTill)).toBe(95_000);
        throw new Error('the sale failed after reading the rate');
      }),
    ).toThrow(/sale failed/);
    expect(rateOf(till)).toBeUndefined();
  });
});
