import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { assertRate } from '../../shared/domain/exchange';
import type { Currency } from '../../shared/domain/money';
import { currency, freeText, id as uuidSchema } from '../../shared/domain/schemas';
import type { SyncRate } from '../../shared/sync/protocol';
import type { Db } from '../db/db';
import { findTenant, writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { insertHeadOfficeRate, latestRates } from '../db/rates-repo';
import { ACTOR, parseOrThrow } from './common';

// Head office's exchange rates (issue 11): the day's rate posted centrally (`post-rate`), which every till of the
// tenant pulls and follows in the server's order with the rates its managers post, and the latest posts listed.

const postInput = z.object({
  tenantId: uuidSchema,
  /** quote minor units per one unit of the tenant's currency (assertRate says what is wrong with a bad one) */
  rate: z.number(),
  /** the second currency; LBP beside any other currency, USD beside LBP */
  quote: currency.optional(),
  note: freeText(200).optional(),
});

async function tenantCurrency(db: Db, tenantId: string): Promise<Currency> {
  const tenant = await findTenant(db, tenantId);
  if (tenant === null) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
  return tenant.currency as Currency;
}

/** One post with its audit row, in one transaction inside the pull barrier (the rate is stamped like any change). */
export async function postRate(db: Db, input: z.input<typeof postInput>): Promise<SyncRate> {
  const p = parseOrThrow(postInput, input, 'rate');
  const base = await tenantCurrency(db, p.tenantId);
  const quote = p.quote ?? (base === 'LBP' ? 'USD' : 'LBP');
  assertRate({ base, quote, rate: p.rate });
  const rateId = uuidv7();
  const postedAt = new Date();
  await withTenantWrite(db, p.tenantId, async (tx) => {
    await insertHeadOfficeRate(tx, p.tenantId, { rateId, base, quote, rate: p.rate, note: p.note === undefined || p.note === '' ? null : p.note, actor: ACTOR, postedAt });
    await writeAudit(tx, p.tenantId, ACTOR, 'post-rate', { rateId, base, quote, rate: p.rate });
  });
  const posted = (await latestRates(db, p.tenantId, 50)).find((r) => r.rateId === rateId);
  if (posted === undefined) throw new DomainError('INTERNAL', `rate ${rateId} was posted but cannot be read back`);
  return posted;
}

/** The tenant's latest posts, newest first in the server's order (the first is the one in force). */
export async function listRates(db: Db, input: { tenantId: string; limit?: number }): Promise<SyncRate[]> {
  const p = parseOrThrow(z.object({ tenantId: uuidSchema, limit: z.int().min(1).max(500).default(20) }), input, 'rates query');
  await tenantCurrency(db, p.tenantId);
  return latestRates(db, p.tenantId, p.limit);
}
