import { v7 as uuidv7 } from 'uuid';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import type { Currency } from '../../shared/domain/money';
import { parseMoney } from '../../shared/domain/money';
import { assertPacks } from '../../shared/domain/packs';
import { parseQuantity } from '../../shared/domain/quantity';
import type { PackBarcode, Product } from '../../shared/domain/schemas';
import { productSchema } from '../../shared/domain/schemas';
import { isFractionalUnit } from '../../shared/domain/units';
import type { Db } from '../db/db';
import { barcodeOwners, existingSkus, findTenant, markProductDeleted, pluOwners, receiveOpeningStock, upsertProducts, writeAudit } from '../db/catalog-repo';
import { normalizePlu } from '../../shared/scan/embedded-barcode';
import { withTenantWrite } from '../db/locks';
import { tenantTax } from '../db/tax-repo';
import { ACTOR, parseOrThrow } from './common';

// The catalog: products (one by one, or a CSV import that keeps every good row and names every bad one), deletion, and opening stock.

export async function deleteProduct(db: Db, input: { tenantId: string; productId: string }): Promise<void> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), productId: z.uuid() }), input, 'product');
  await withTenantWrite(db, v.tenantId, async (tx) => {
    if (!(await markProductDeleted(tx, v.tenantId, v.productId))) throw new DomainError('NOT_FOUND', `no product ${v.productId}`);
    await writeAudit(tx, v.tenantId, ACTOR, 'product.delete', { productId: v.productId });
  });
}

/**
 * What the schema cannot say of a product's packs: no code twice (nor one of its unit barcodes), and no pack of
 * goods sold by weight or volume (shared/domain/packs.ts converts packs to whole units).
 */
function assertProductPacks(p: Product): void {
  const packs = p.packs ?? [];
  if (packs.length === 0) return;
  if (isFractionalUnit(p.unit)) throw new DomainError('INVALID_INPUT', `${p.sku}: goods sold by ${p.unit} have no pack barcodes`, { sku: p.sku });
  assertPacks(p.barcodes, packs);
}

/** A product's tax class must be one of the tenant's (migration 0013's key refuses it too, with a worse message). */
function assertKnownTaxClass(p: Product, classes: ReadonlySet<string>): void {
  if (p.taxClass !== undefined && !classes.has(p.taxClass)) {
    throw new DomainError('INVALID_INPUT', `${p.sku}: unknown tax class "${p.taxClass}" (the tenant's classes: ${[...classes].sort().join(', ')})`, {
      sku: p.sku,
      taxClass: p.taxClass,
    });
  }
}

/** Upserts products that are already valid (seeding, tests). */
export async function putProducts(db: Db, tenantId: string, products: readonly Product[]): Promise<void> {
  const valid = products.map((p, i) => parseOrThrow(productSchema, p, `product ${i + 1}`));
  valid.forEach(assertProductPacks);
  if (valid.some((p) => p.taxClass !== undefined)) {
    const classes = new Set((await tenantTax(db, tenantId))?.classes.map((c) => c.code) ?? []);
    valid.forEach((p) => assertKnownTaxClass(p, classes));
  }
  await withTenantWrite(db, tenantId, (tx) => upsertProducts(tx, tenantId, valid));
}

export async function receiveStock(db: Db, tenantId: string, locationId: string, lines: ReadonlyArray<{ productId: string; qty: number }>): Promise<void> {
  await withTenantWrite(db, tenantId, (tx) => receiveOpeningStock(tx, tenantId, locationId, lines));
}

export interface CsvRowError {
  line: number;
  message: string;
}

const CSV_COLUMNS = ['sku', 'name', 'unit', 'price'] as const;

/**
 * A CSV cell of pack barcodes: `code:units` or `code:units:price` (the pack's own price, a decimal as people
 * write it), several separated by `|`: "17290000000012:24:19.99|27290000000019:6".
 */
function parsePacks(cell: string | undefined, cur: Currency): PackBarcode[] {
  return (cell ?? '')
    .split('|')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [code = '', units = '', price, ...rest] = entry.split(':').map((part) => part.trim());
      if (rest.length > 0 || code === '' || !/^-?\d+$/.test(units)) {
        throw new DomainError('INVALID_INPUT', `pack "${entry}" must read code:units or code:units:price`);
      }
      return { barcode: code, units: Number(units), price: price === undefined || price === '' ? null : parseMoney(price, cur) };
    });
}

/**
 * Imports a product CSV (header: sku,name,unit,price[,barcodes,packs,pack_size,currency,low_stock_threshold,
 * reorder_point,reorder_qty,lead_time_days,active,id,tax_class,plu]). tax_class names one of the tenant's tax classes
 * (empty: the tenant's default class); plu is the item code the shop's scales print on their labels (empty: none),
 * one product's in the tenant. Prices and quantities are decimals as people write them
 * ("1.25"); barcodes are separated by `|`; packs as parsePacks reads them. Every row is checked first; one bad
 * row and nothing is imported, with every bad row listed by its line number. Existing SKUs are updated in place.
 * A code is a unit barcode or a pack barcode of one product, never both.
 */
export async function importProductsCsv(db: Db, tenantId: string, csvText: string): Promise<{ imported: number }> {
  const tenant = await findTenant(db, tenantId);
  if (tenant === null) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
  let records: Array<{ record: Record<string, string>; line: number }>;
  try {
    const raw = parseCsv(csvText, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    records = raw.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (e) {
    throw new DomainError('INVALID_INPUT', `the file is not valid CSV: ${(e as Error).message}`, { errors: [{ line: (e as { lines?: number }).lines ?? 0, message: (e as Error).message }] });
  }
  if (records.length === 0) throw new DomainError('INVALID_INPUT', 'the CSV has no product rows', { errors: [] });
  const header = Object.keys(records[0]?.record ?? {});
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new DomainError('INVALID_INPUT', `missing column(s): ${missing.join(', ')}`, { errors: [{ line: 1, message: `missing column(s): ${missing.join(', ')}` }] });

  const errors: CsvRowError[] = [];
  const products: Product[] = [];
  const taxClasses = new Set((await tenantTax(db, tenantId))?.classes.map((c) => c.code) ?? []);
  const skus = await existingSkus(db, tenantId, records.map((r) => r.record.sku ?? ''));
  const seenSku = new Map<string, number>();
  const seenCode = new Map<string, number>();
  const seenPlu = new Map<string, number>();
  for (const { record, line } of records) {
    try {
      const cur = (record.currency || tenant.currency) as Currency;
      const sku = record.sku ?? '';
      if (seenSku.has(sku)) throw new DomainError('DUPLICATE', `SKU ${sku} already on line ${seenSku.get(sku)}`);
      seenSku.set(sku, line);
      const barcodes = (record.barcodes ?? '').split('|').map((c) => c.trim()).filter((c) => c !== '');
      const packs = parsePacks(record.packs, cur);
      for (const code of [...barcodes, ...packs.map((p) => p.barcode)]) {
        if (seenCode.has(code)) throw new DomainError('DUPLICATE', `barcode ${code} already on line ${seenCode.get(code)}`);
        seenCode.set(code, line);
      }
      const qty = (text: string | undefined): number => (text ? parseQuantity(text) : 0);
      const candidate = {
        id: record.id || skus.get(sku) || uuidv7(),
        sku,
        name: record.name,
        barcodes,
        ...(packs.length === 0 ? {} : { packs }),
        unit: record.unit,
        packSize: record.pack_size ? Number(record.pack_size) : null,
        price: parseMoney(record.price ?? '', cur),
        currency: cur,
        lowStockThreshold: qty(record.low_stock_threshold),
        reorderPoint: qty(record.reorder_point),
        reorderQty: qty(record.reorder_qty),
        leadTimeDays: record.lead_time_days ? Number(record.lead_time_days) : 0,
        active: record.active ? /^(1|true|yes)$/i.test(record.active) : true,
        ...(record.tax_class ? { taxClass: record.tax_class } : {}),
        // the scale's item code as people write it, "00423" as on the label: kept without its leading zeros
        ...(record.plu ? { plu: normalizePlu(record.plu) ?? record.plu } : {}),
      };
      const r = productSchema.safeParse(candidate);
      if (r.success && r.data.plu !== undefined) {
        if (seenPlu.has(r.data.plu)) throw new DomainError('DUPLICATE', `PLU ${r.data.plu} already on line ${seenPlu.get(r.data.plu)}`);
        seenPlu.set(r.data.plu, line);
      }
      if (!r.success) throw new DomainError('INVALID_INPUT', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      assertProductPacks(r.data);
      assertKnownTaxClass(r.data, taxClasses);
      products.push(r.data);
    } catch (e) {
      errors.push({ line, message: e instanceof Error ? e.message : String(e) });
    }
  }
  const codesOf = (p: Product): string[] => [...p.barcodes, ...(p.packs ?? []).map((pack) => pack.barcode)];
  const owners = await barcodeOwners(db, tenantId, products.flatMap(codesOf));
  for (const p of products) {
    for (const code of codesOf(p)) {
      const owner = owners.get(code);
      if (owner !== undefined && owner !== p.id) errors.push({ line: seenCode.get(code) ?? 0, message: `barcode ${code} belongs to another product` });
    }
  }
  // A PLU names one product of the tenant (migration 0016): one another product keeps is refused by name.
  const pluOwner = await pluOwners(db, tenantId, products.flatMap((p) => (p.plu === undefined ? [] : [p.plu])));
  const importedIds = new Set(products.map((p) => p.id));
  for (const p of products) {
    const owner = p.plu === undefined ? undefined : pluOwner.get(p.plu);
    if (p.plu !== undefined && owner !== undefined && owner !== p.id && !importedIds.has(owner)) {
      errors.push({ line: seenPlu.get(p.plu) ?? 0, message: `PLU ${p.plu} belongs to another product` });
    }
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new DomainError('INVALID_INPUT', `${errors.length} bad row(s); nothing was imported`, { errors });
  }
  await withTenantWrite(db, tenantId, async (tx) => {
    await upsertProducts(tx, tenantId, products);
    await writeAudit(tx, tenantId, ACTOR, 'products.import', { count: products.length });
  });
  return { imported: products.length };
}
