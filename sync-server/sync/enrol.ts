import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import type { EnrolResponse } from '../../shared/sync/enrolment';
import { hashToken, newTillToken } from '../auth';
import { insertTerminal, writeAudit } from '../db/catalog-repo';
import type { Db } from '../db/db';
import { claimEnrolmentCode, enrolmentCodeTenant } from '../db/enrolment-repo';
import { withTenantWrite } from '../db/locks';

/**
 * A new till trades its one-time code (shared/sync/enrolment.ts) for its terminal and token: the code is spent,
 * the terminal made and the audit written in one transaction, so a code becomes at most one till. An unknown,
 * used or lapsed code is one refusal, the same for all three (a guesser learns nothing), counted by the caller
 * against the address like a wrong token.
 */
export async function enrolWithCode(db: Db, code: string, now: Date = new Date()): Promise<EnrolResponse> {
  const codeHash = hashToken(code);
  const refused = new DomainError('UNAUTHENTICATED', 'this enrolment code is unknown, already used or expired: ask head office for a new one');
  const tenantId = await enrolmentCodeTenant(db, codeHash);
  if (tenantId === null) throw refused;
  const tillId = uuidv7();
  const token = newTillToken();
  return withTenantWrite(db, tenantId, async (tx) => {
    const claimed = await claimEnrolmentCode(tx, codeHash, tillId, now);
    if (claimed === null) throw refused;
    await insertTerminal(tx, { tenantId, id: tillId, storeId: claimed.storeId, name: claimed.tillName, tokenHash: hashToken(token) });
    await writeAudit(tx, tenantId, 'enrolment', 'till.enroll', { tillId, storeId: claimed.storeId, name: claimed.tillName, byCode: true });
    return {
      tillId,
      tillName: claimed.tillName,
      receiptPrefix: claimed.receiptPrefix,
      storeId: claimed.storeId,
      storeName: claimed.storeName,
      tenantId,
      currency: claimed.currency as EnrolResponse['currency'],
      token,
    };
  });
}
