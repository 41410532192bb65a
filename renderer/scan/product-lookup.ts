import type { TFunction } from 'i18next';
import { checkBarcode } from '../../shared/domain/barcode';
import type { ErrorBody } from '../../shared/domain/errors';
import type { ScanView } from '../../shared/api/branch-api';
import type { BranchData } from '../app/branch-data';

/**
 * From a scanned or typed code to a product, and the pack when the code was one of its pack barcodes (a case of
 * 24). The GS1 check digit is checked here first: a misread digit never reaches the catalogue, where it might
 * match some other product.
 */
export async function lookupScannedCode(branch: Pick<BranchData, 'read'>, raw: string): Promise<{ ok: true; view: ScanView; code: string } | { ok: false; error: ErrorBody }> {
  const check = checkBarcode(raw);
  if (!check.ok) {
    return { ok: false, error: { code: 'INVALID_BARCODE', message: check.reason, details: { code: raw } } };
  }
  const r = await branch.read('catalog.lookup', { code: check.code });
  return r.ok ? { ok: true, view: r.value, code: check.code } : { ok: false, error: r.error };
}

/**
 * Why a scale label was refused, in the till's language (shared/scan/scale-line.ts SCALE_REFUSALS); null for any
 * other refusal.
 */
export function scaleRefusalText(t: TFunction, e: ErrorBody): string | null {
  const reason = e.details?.['reason'];
  const name = String(e.details?.['name'] ?? '');
  switch (reason) {
    case 'unknown_item':
      return t('scan.scaleUnknownItem', { itemCode: String(e.details?.['itemCode'] ?? '') });
    case 'not_weighed':
      return t('scan.scaleNotWeighed', { name });
    case 'zero_value':
      return t('scan.scaleZero', { name });
    case 'no_unit_price':
      return t('scan.scaleNoUnitPrice', { name });
    default:
      return null;
  }
}
