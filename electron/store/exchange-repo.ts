import { exchangeSettings, type ExchangeSettings } from '../../shared/api/branch-api';
import type { Currency } from '../../shared/domain/money';
import type { SyncRate } from '../../shared/sync/protocol';
import type { TillStore } from './database';

/**
 * Two currencies at the till (migration 0011): the till's exchange settings (one row) and the tenant's posted
 * rates, pulled or posted here. Every write runs in the caller's transaction.
 */

/**
 * Before a manager chose: LBP beside the tenant's currency (USD beside a tenant that sells in LBP), both taken in
 * cash once a rate is posted, pounds rounded to the nearest 5,000 (the smallest note people hand over).
 */
export function defaultExchangeSettings(base: Currency): ExchangeSettings {
  const quote: Currency = base === 'LBP' ? 'USD' : 'LBP';
  return { quote, accepts: [base, quote], quoteStep: quote === 'LBP' ? 5_000 : 1, rounding: 'nearest' };
}

/** Every sale reads them: kept by the store until they change (TillStore.memo, forgotten by the writers below). */
export function readExchangeSettings(store: TillStore, base: Currency): ExchangeSettings {
  return store.memo(`exchange:settings:${base}`, () => loadExchangeSettings(store, base));
}

function loadExchangeSettings(store: TillStore, base: Currency): ExchangeSettings {
  const row = store
    .stmt<[], { quote: string; accepts: string; quote_step: number; rounding: string }>(
      'SELECT quote, accepts, quote_step, rounding FROM exchange_settings WHERE singleton = 1',
    )
    .get();
  if (row === undefined) return defaultExchangeSettings(base);
  // The table's CHECKs hold the step and the mode; zod reads the whole record again rather than trust a file
  // another version wrote.
  return exchangeSettings.parse({ quote: row.quote, accepts: JSON.parse(row.accepts), quoteStep: row.quote_step, rounding: row.rounding });
}

export function writeExchangeSettings(store: TillStore, settings: ExchangeSettings, byUserId: string, at: string): void {
  store.forget('exchange:');
  store
    .stmt(
      `INSERT INTO exchange_settings (singleton, quote, accepts, quote_step, rounding, updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET quote = excluded.quote, accepts = excluded.accepts, quote_step = excluded.quote_step,
         rounding = excluded.rounding, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .run(settings.quote, JSON.stringify(settings.accepts), settings.quoteStep, settings.rounding, byUserId, at);
}

export interface RateRow {
  id: string;
  base: Currency;
  quote: Currency;
  rate: number;
  note: string | null;
  posted_by_name: string;
  posted_at: string;
  server_order: number | null;
  op_seq: number | null;
  refused: number;
  request_fingerprint: string | null;
}

const RATE_COLUMNS = 'id, base, quote, rate, note, posted_by_name, posted_at, server_order, op_seq, refused, request_fingerprint';

/**
 * The rate sales use now between these two currencies: this till's own latest post while the server has not sent
 * it back (nor refused it), else the latest the server has, in the server's order of posts.
 */
export function currentRateRow(store: TillStore, base: Currency, quote: Currency): RateRow | undefined {
  // Every sale reads it: kept by the store until a post or a pull changes the rates (the writers below forget it).
  return store.memo(`exchange:rate:${base}:${quote}`, () => loadCurrentRateRow(store, base, quote));
}

function loadCurrentRateRow(store: TillStore, base: Currency, quote: Currency): RateRow | undefined {
  return (
    store
      .stmt<[string, string], RateRow>(
        `SELECT ${RATE_COLUMNS} FROM exchange_rates WHERE server_order IS NULL AND refused = 0 AND base = ? AND quote = ? ORDER BY op_seq DESC LIMIT 1`,
      )
      .get(base, quote) ??
    store
      .stmt<[string, string], RateRow>(`SELECT ${RATE_COLUMNS} FROM exchange_rates WHERE server_order IS NOT NULL AND base = ? AND quote = ? ORDER BY server_order DESC LIMIT 1`)
      .get(base, quote)
  );
}

/** The latest posts between these currencies, newest first: this till's waiting ones, then the server's order (refused ones left out). */
export function recentRateRows(store: TillStore, base: Currency, quote: Currency, limit: number): RateRow[] {
  return store
    .stmt<[string, string, number], RateRow>(
      `SELECT ${RATE_COLUMNS} FROM exchange_rates WHERE base = ? AND quote = ? AND refused = 0
       ORDER BY server_order IS NOT NULL, server_order DESC, op_seq DESC LIMIT ?`,
    )
    .all(base, quote, limit);
}

export function rateRow(store: TillStore, rateId: string): RateRow | undefined {
  return store.stmt<[string], RateRow>(`SELECT ${RATE_COLUMNS} FROM exchange_rates WHERE id = ?`).get(rateId);
}

export interface OwnRatePost {
  id: string;
  base: Currency;
  quote: Currency;
  rate: number;
  note: string | null;
  postedByName: string;
  postedAt: string;
  opSeq: number;
  requestFingerprint: string;
}

export function insertOwnRate(store: TillStore, post: OwnRatePost): void {
  store.forget('exchange:');
  store
    .stmt(
      `INSERT INTO exchange_rates (id, base, quote, rate, note, posted_by_name, posted_at, op_seq, request_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(post.id, post.base, post.quote, post.rate, post.note, post.postedByName, post.postedAt, post.opSeq, post.requestFingerprint);
}

/**
 * A rate as the server sent it. This till's own post keeps its row and gets the server's order, time and name;
 * a rate is never changed otherwise (the server never changes one either).
 */
export function savePulledRate(store: TillStore, rate: SyncRate): void {
  store.forget('exchange:');
  store
    .stmt(
      `INSERT INTO exchange_rates (id, base, quote, rate, note, posted_by_name, posted_at, server_order)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET server_order = excluded.server_order, posted_at = excluded.posted_at,
         posted_by_name = excluded.posted_by_name, refused = 0`,
    )
    .run(rate.rateId, rate.base, rate.quote, rate.rate, rate.note, rate.postedByName, rate.postedAt, Number(rate.order));
}

/** The server rejected this till's post (op `opSeq`): it is never the rate in force. */
export function refuseOwnRate(store: TillStore, opSeq: number): void {
  store.forget('exchange:');
  store.stmt('UPDATE exchange_rates SET refused = 1 WHERE op_seq = ? AND server_order IS NULL').run(opSeq);
}
