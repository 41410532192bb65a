import type { BranchParsedInput, ExchangeSettings, ExchangeView, RateView } from '../../shared/api/branch-api';
import { DomainError } from '../../shared/domain/errors';
import { assertRate } from '../../shared/domain/exchange';
import type { Currency } from '../../shared/domain/money';
import { appendOp, type TillStore } from '../store';
import {
  currentRateRow,
  insertOwnRate,
  rateRow,
  readExchangeSettings,
  recentRateRows,
  writeExchangeSettings,
  type RateRow,
} from '../store/exchange-repo';
import { requestFingerprint } from '../store/idempotency';
import { userName } from '../store/users-repo';
import { approval, type Actor } from './actor';

/**
 * The day's exchange rate and the till's second currency (issue 11). A manager posts the rate here, offline too:
 * one transaction writes the rate_post op and the till's own copy of the post, which sales use at once and until
 * the server has answered; after that the till follows the server's order of posts (electron/sync/pull.ts).
 */

const RECENT_RATES = 10;

/** What the till knows of its second currency now: settings, the rate in force, the latest posts. */
export function exchangeView(store: TillStore): ExchangeView {
  const base = store.config().currency;
  const settings = readExchangeSettings(store, base);
  const current = currentRateRow(store, base, settings.quote);
  return {
    base,
    settings,
    current: current === undefined ? null : rateViewOf(current),
    recent: recentRateRows(store, base, settings.quote, RECENT_RATES).map(rateViewOf),
  };
}

function rateViewOf(row: RateRow): RateView {
  return {
    rateId: row.id,
    base: row.base,
    quote: row.quote,
    rate: row.rate,
    note: row.note,
    postedByName: row.posted_by_name,
    postedAt: row.posted_at,
    pending: row.server_order === null,
  };
}

/** The settings and the rate a sale settles with; `rate` undefined before any post of the second currency. */
export interface SaleExchange {
  base: Currency;
  settings: ExchangeSettings;
  rate: RateRow | undefined;
}

export function saleExchange(store: TillStore, base: Currency): SaleExchange {
  const settings = readExchangeSettings(store, base);
  return { base, settings, rate: currentRateRow(store, base, settings.quote) };
}

/**
 * Posts the day's rate: quote per one unit of the till's currency. Idempotent by rateId like every write the
 * screen retries (a repeat answers the current view and writes nothing; the same id with another rate is
 * ID_REUSED). A bad rate is refused by assertRate before anything is written.
 */
export function postRate(store: TillStore, input: BranchParsedInput<'exchange.postRate'>, actor: Actor, now: Date): ExchangeView {
  const fingerprint = requestFingerprint(input);
  const prior = rateRow(store, input.rateId);
  if (prior !== undefined) {
    if (prior.request_fingerprint !== fingerprint) {
      throw new DomainError('ID_REUSED', `rate ${input.rateId} was already posted with other contents: post it again as a new one`, { id: input.rateId });
    }
    return exchangeView(store);
  }
  const base = store.config().currency;
  const { quote } = readExchangeSettings(store, base);
  assertRate({ base, quote, rate: input.rate });
  const note = input.note === undefined || input.note === '' ? null : input.note;
  const occurredAt = now.toISOString();
  // who posted it: the manager whose PIN approved it in a cashier's session, else the manager logged in
  const postedBy = actor.managerId ?? actor.userId;
  store.transaction(() => {
    const op = appendOp(store, {
      type: 'rate_post',
      userId: actor.userId,
      occurredAt,
      payload: { rateId: input.rateId, base, quote, rate: input.rate, ...(note === null ? {} : { note }), ...approval(actor) },
    });
    insertOwnRate(store, {
      id: input.rateId,
      base,
      quote,
      rate: input.rate,
      note,
      postedByName: postedBy === actor.userId && actor.userName !== undefined ? actor.userName : userName(store, postedBy),
      postedAt: occurredAt,
      opSeq: op.seq,
      requestFingerprint: fingerprint,
    });
  });
  return exchangeView(store);
}

/**
 * A manager sets the second currency, the cash taken and the rounding. The second currency is never the till's
 * own, and the till takes no cash but these two: settle() works between exactly two currencies.
 */
export function setExchangeSettings(store: TillStore, input: ExchangeSettings, actor: Actor, now: Date): ExchangeView {
  const base = store.config().currency;
  if (input.quote === base) {
    throw new DomainError('INVALID_INPUT', `the second currency cannot be ${base}, the till's own`, { currency: input.quote });
  }
  const foreign = input.accepts.filter((c) => c !== base && c !== input.quote);
  if (foreign.length > 0) {
    throw new DomainError('INVALID_INPUT', `this till can take ${base} and ${input.quote} only, not ${foreign.join(', ')}`, { currency: foreign[0] });
  }
  writeExchangeSettings(store, input, actor.managerId ?? actor.userId, now.toISOString());
  return exchangeView(store);
}
