import type { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import type { Db } from '../db/db';
import { findTenant } from '../db/catalog-repo';

/** Shared by the admin modules: input validation that speaks the protocol's errors, and the tenant check. */
export const ACTOR = 'admin-cli';

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new DomainError('INVALID_INPUT', `invalid ${what}`, { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  return r.data;
}

export async function requireTenant(db: Db, tenantId: string): Promise<void> {
  if ((await findTenant(db, tenantId)) === null) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
}
