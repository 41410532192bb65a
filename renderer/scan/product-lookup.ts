import { checkBarcode } from '../../shared/domain/barcode';
import type { ErrorBody } from '../../shared/domain/errors';
import type { ProductView } from '../../shared/api/branch-api';
import type { BranchClient } from '../api/client';

/**
 * From a scanned or typed code to a product. The GS1 check digit is checked here first: a misread digit never
 * reaches the catalogue, where it might match some other product.
 */
export async function lookupScannedCode(client: BranchClient, raw: string): Promise<{ ok: true; view: ProductView; code: string } | { ok: false; error: ErrorBody }> {
  const check = checkBarcode(raw);
  if (!check.ok) {
    return { ok: false, error: { code: 'INVALID_BARCODE', message: check.reason, details: { code: raw } } };
  }
  const r = await client.call('catalog.lookup', { code: check.code });
  return r.ok ? { ok: true, view: r.value, code: check.code } : { ok: false, error: r.error };
}
