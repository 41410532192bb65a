import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { id as uuidSchema } from '../../shared/domain/schemas';
import type { Db } from '../db/db';
import { findTenant, listLocations } from '../db/catalog-repo';
import { listShifts, listZReports, type ShiftListing, type ZReportListing } from '../db/shifts-repo';
import { parseOrThrow } from './common';

// Head office's view of the tills' drawers (issue 11): a store's shifts and Z reports as the tills recorded and
// printed them. Read-only: a Z report never changes, here or anywhere (migration 0014's triggers).

const listInput = z.object({ tenantId: uuidSchema, storeId: uuidSchema, limit: z.int().min(1).max(500).default(50) });

async function checkStore(db: Db, tenantId: string, storeId: string): Promise<void> {
  if ((await findTenant(db, tenantId)) === null) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
  if (!(await listLocations(db, tenantId)).some((l) => l.id === storeId)) throw new DomainError('NOT_FOUND', `no location ${storeId} in this tenant`);
}

/** The store's shifts, newest first: who opened it, the float, cash in and paid out per currency, its Z once closed. */
export async function storeShifts(db: Db, input: z.input<typeof listInput>): Promise<ShiftListing[]> {
  const p = parseOrThrow(listInput, input, 'shifts query');
  await checkStore(db, p.tenantId, p.storeId);
  return listShifts(db, p.tenantId, p.storeId, p.limit);
}

/** The store's Z reports, newest first: number per till, expected, counted and difference per currency, card apart. */
export async function storeZReports(db: Db, input: z.input<typeof listInput>): Promise<ZReportListing[]> {
  const p = parseOrThrow(listInput, input, 'z-reports query');
  await checkStore(db, p.tenantId, p.storeId);
  return listZReports(db, p.tenantId, p.storeId, p.limit);
}
