import type { Currency } from '../../../shared/domain/money';
import type { Operation } from '../../../shared/ops/operations';

/**
 * A till's rate_post at replay (issue 11): nothing to decide about stock, only whether the rate may be the
 * tenant's: its base must be the tenant's currency (every price is in it). The post is recorded with who posted
 * it (the manager approving a cashier's session, else the user) and the op's trusted time, never the till's claim.
 */
export interface PlannedRatePost {
  rateId: string;
  base: Currency;
  quote: Currency;
  rate: number;
  note: string | null;
  opId: string;
  postedBy: string;
  postedAt: Date;
}

export type RatePostOutcome = { rejected: false; post: PlannedRatePost } | { rejected: true; code: 'INVALID_INPUT'; reason: string };

export function planRatePost(op: Extract<Operation, { type: 'rate_post' }>, tenantCurrency: Currency | undefined, trustedAt: Date): RatePostOutcome {
  const p = op.payload;
  if (tenantCurrency !== undefined && p.base !== tenantCurrency) {
    return { rejected: true, code: 'INVALID_INPUT', reason: `a rate of this tenant converts from ${tenantCurrency}, its prices' currency, not from ${p.base}` };
  }
  return {
    rejected: false,
    post: {
      rateId: p.rateId,
      base: p.base,
      quote: p.quote,
      rate: p.rate,
      note: p.note === undefined || p.note === '' ? null : p.note,
      opId: op.id,
      postedBy: p.approvedBy ?? op.userId,
      postedAt: trustedAt,
    },
  };
}
