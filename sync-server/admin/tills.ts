import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { shortText } from '../../shared/domain/schemas';
import { hashToken, newTillToken } from '../auth';
import type { Db } from '../db/db';
import { insertTerminal, listLocations, revokeTerminal, writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { insertEnrolmentCode, storeTerminalCount, tenantReceiptPrefixes } from '../db/enrolment-repo';
import { ENROLMENT_CODE_LENGTH, enrolmentCodeFrom, formatEnrolmentCode } from '../../shared/sync/enrolment';
import type { RejectedOpRow } from '../db/rejected-ops-repo';
import { listRejectedOps } from '../db/rejected-ops-repo';
import { ACTOR, parseOrThrow, requireTenant } from './common';

// Tills: enrolment (a token shown once, or a one-time code the till trades for one), revocation, and the ops the
// server rejected from them.

export async function enrollTill(db: Db, input: { tenantId: string; storeId: string; name: string; id?: string }): Promise<{ tillId: string; token: string }> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), storeId: z.uuid(), name: shortText, id: z.uuid().optional() }), input, 'till');
  const store = (await listLocations(db, v.tenantId)).find((l) => l.id === v.storeId);
  if (store === undefined || store.kind !== 'store') throw new DomainError('NOT_FOUND', `no store ${v.storeId} in tenant ${v.tenantId}`);
  const tillId = v.id ?? uuidv7();
  const token = newTillToken();
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await insertTerminal(tx, { tenantId: v.tenantId, id: tillId, storeId: v.storeId, name: v.name, tokenHash: hashToken(token) });
    await writeAudit(tx, v.tenantId, ACTOR, 'till.enroll', { tillId, storeId: v.storeId, name: v.name });
  });
  return { tillId, token };
}

/**
 * A one-time code for a new till of a store (shared/sync/enrolment.ts), shown once: whoever sets the till up types
 * it there with the server's address. Its receipts start with `receiptPrefix`, unique in the chain: by default the
 * store's initial and the next number after the store's tills ("H3" for Hamra's third) that no till of the chain has.
 */
export async function createEnrolmentCode(
  db: Db,
  input: { tenantId: string; storeId: string; name: string; receiptPrefix?: string; hours?: number },
  now: Date = new Date(),
): Promise<{ code: string; expiresAt: Date; receiptPrefix: string }> {
  const v = parseOrThrow(
    z.object({
      tenantId: z.uuid(),
      storeId: z.uuid(),
      name: shortText,
      receiptPrefix: z.string().regex(/^[A-Z0-9]{1,6}$/, 'a receipt prefix is 1 to 6 capital letters and digits').optional(),
      hours: z.number().positive().max(24 * 30).optional(),
    }),
    input,
    'enrolment code',
  );
  const store = (await listLocations(db, v.tenantId)).find((l) => l.id === v.storeId);
  if (store === undefined || store.kind !== 'store') throw new DomainError('NOT_FOUND', `no store ${v.storeId} in tenant ${v.tenantId}`);
  const code = enrolmentCodeFrom(randomBytes(ENROLMENT_CODE_LENGTH));
  const expiresAt = new Date(now.getTime() + (v.hours ?? 24) * 3_600_000);
  const receiptPrefix = await withTenantWrite(db, v.tenantId, async (tx) => {
    const taken = new Set(await tenantReceiptPrefixes(tx, v.tenantId));
    if (v.receiptPrefix !== undefined && taken.has(v.receiptPrefix)) {
      throw new DomainError('DUPLICATE', `receipt prefix ${v.receiptPrefix} is another till's in this chain: choose another, or leave it out`, { receiptPrefix: v.receiptPrefix });
    }
    // the store's initial and the next number after its tills, skipping any the chain has given: Hamra's third
    // till is H3, and Hazmieh's first is H4 when Hamra's tills hold H1 to H3
    const initial = /[A-Z]/.exec(store.name.toUpperCase())?.[0] ?? 'T';
    let prefix = v.receiptPrefix;
    for (let n = (await storeTerminalCount(tx, v.tenantId, v.storeId)) + 1; prefix === undefined || taken.has(prefix); n++) prefix = `${initial}${n}`;
    await insertEnrolmentCode(tx, { codeHash: hashToken(code), tenantId: v.tenantId, storeId: v.storeId, tillName: v.name, receiptPrefix: prefix, expiresAt });
    await writeAudit(tx, v.tenantId, ACTOR, 'till.enrolment_code', { storeId: v.storeId, name: v.name, receiptPrefix: prefix, expiresAt: expiresAt.toISOString() });
    return prefix;
  });
  return { code: formatEnrolmentCode(code), expiresAt, receiptPrefix };
}

export async function revokeTill(db: Db, input: { tenantId: string; tillId: string }): Promise<void> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), tillId: z.uuid() }), input, 'till');
  await withTenantWrite(db, v.tenantId, async (tx) => {
    if (!(await revokeTerminal(tx, v.tenantId, v.tillId))) throw new DomainError('NOT_FOUND', `no till ${v.tillId} in tenant ${v.tenantId}`);
    await writeAudit(tx, v.tenantId, ACTOR, 'till.revoke', { tillId: v.tillId });
  });
}

/**
 * Ops a till sent that the server could not store (sync/storage-backstop.ts): each was answered rejected
 * (UNSTORABLE) so its till moved on; head office reads the raw body and the reason here and decides what to redo.
 */
export async function rejectedOps(db: Db, input: { tenantId: string; limit?: number }): Promise<RejectedOpRow[]> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), limit: z.int().min(1).max(10_000).optional() }), input, 'listing');
  await requireTenant(db, v.tenantId);
  return listRejectedOps(db, v.tenantId, v.limit === undefined ? {} : { limit: v.limit });
}
