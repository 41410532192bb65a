import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import type { EnrolResponse } from '../../shared/sync/enrolment';
import { hashToken, newTillToken } from '../auth';
import { insertTerminal, writeAudit } from '../db/catalog-repo';
import type { Db } from '../db/db';
import { claimEnrolmentCode, enrolmentCodeTenant, replaceTerminalToken } from '../db/enrolment-repo';
import { withTenantWrite } from '../db/locks';

/**
 * A new till trades its one-time code (shared/sync/enrolment.ts) for its terminal and token: the code is spent,
 * the terminal made and the audit written in one transaction, so a code becomes at most one till. The same
 * attempt again (`requestId`: the till lost the answer on a bad line) is answered again for the same terminal with
 * a new token, as long as that terminal never synced. An unknown,
 * used or lapsed code is one refusal, the same for all three (a guesser learns nothing), counted by the caller
 * against the address like a wrong token.
 */
export async function enrolWithCode(db: Db, code: string, requestId: string | null, now: Date = new Date()): Promise<EnrolResponse> {
  const codeHash = hashToken(code);
  const refused = new DomainError('UNAUTHENTICATED', 'this enrolment code is unknown, already used or expired: ask head office for a new one');
  const tenantId = await enrolmentCodeTenant(db, codeHash);
  if (tenantId === null) throw refused;
  const token = newTillToken();
  return withTenantWrite(db, tenantId, async (tx) => {
    const claimed = await claimEnrolmentCode(tx, codeHash, uuidv7(), requestId, now);
    if (claimed === null) throw refused;
    const tillId = claimed.terminalId;
    if (claimed.fresh) {
      await insertTerminal(tx, { tenantId, id: tillId, storeId: claimed.storeId, name: claimed.tillName, tokenHash: hashToken(token) });
      await writeAudit(tx, tenantId, 'enrolment', 'till.enroll', { tillId, storeId: claimed.storeId, name: claimed.tillName, byCode: true });
    } else {
      // the first answer never reached the till: its token is replaced, so only this answer's works
      await replaceTerminalToken(tx, tenantId, tillId, hashToken(token));
      await writeAudit(tx, tenantId, 'enrolment', 'till.enroll_again', { tillId, requestId });
    }
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
