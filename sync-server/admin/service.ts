import { v7 as uuidv7 } from 'uuid';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import type { Currency } from '../../shared/domain/money';
import { parseMoney } from '../../shared/domain/money';
import { parseQuantity } from '../../shared/domain/quantity';
import type { Product, Role } from '../../shared/domain/schemas';
import { currency as currencySchema, productSchema, role as roleSchema, shortText, LOCATION_KINDS } from '../../shared/domain/schemas';
import { DEFAULT_POLICY, tenantPolicySchema } from '../../shared/policy/conflict-policy';
import type { TenantPolicy } from '../../shared/policy/conflict-policy';
import { generateDemoChain } from '../../shared/demo';
import type { PushResponse } from '../../shared/sync/protocol';
import { MAX_OPS_PER_PUSH } from '../../shared/sync/protocol';
import { hashPin, hashToken, newTillToken } from '../auth';
import type { Db } from '../db/db';
import {
  barcodeOwners,
  existingSkus,
  findTenant,
  insertLocation,
  insertTenant,
  insertTerminal,
  findUser,
  insertUser,
  listLocations,
  markProductDeleted,
  receiveOpeningStock,
  revokeTerminal,
  updateTenantPolicy,
  upsertProducts,
  writeAudit,
} from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { findTerminalsById } from '../db/terminals-repo';
import type { RejectedOpRow } from '../db/rejected-ops-repo';
import { listRejectedOps } from '../db/rejected-ops-repo';
import { assignUserToStores, storesOfUser, unassignUserFromStore } from '../db/user-stores-repo';
import { applyPush, validatePush } from '../sync/push';

/**
 * Head-office operations behind the admin CLI (and the test fixtures, so tests exercise the same code).
 * Every input is validated here; every write is one transaction with an audit row.
 */
const ACTOR = 'admin-cli';

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new DomainError('INVALID_INPUT', `invalid ${what}`, { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  return r.data;
}

async function requireTenant(db: Db, tenantId: string): Promise<void> {
  if ((await findTenant(db, tenantId)) === null) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
}

export async function createTenant(db: Db, input: { name: string; currency: string; policy?: TenantPolicy; id?: string }): Promise<{ tenantId: string }> {
  const v = parseOrThrow(
    z.object({ name: shortText, currency: currencySchema, policy: tenantPolicySchema.default(DEFAULT_POLICY), id: z.uuid().optional() }),
    input,
    'tenant',
  );
  const tenantId = v.id ?? uuidv7();
  await withTenantWrite(db, tenantId, async (tx) => {
    await insertTenant(tx, { id: tenantId, name: v.name, currency: v.currency, policy: v.policy });
    await writeAudit(tx, tenantId, ACTOR, 'tenant.create', { name: v.name });
  });
  return { tenantId };
}

export async function setTenantPolicy(db: Db, tenantId: string, policy: TenantPolicy): Promise<void> {
  const p = parseOrThrow(tenantPolicySchema, policy, 'policy');
  await withTenantWrite(db, tenantId, async (tx) => {
    if (!(await updateTenantPolicy(tx, tenantId, p))) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
    await writeAudit(tx, tenantId, ACTOR, 'tenant.policy', p);
  });
}

export async function createLocation(db: Db, input: { tenantId: string; name: string; kind: string; id?: string }): Promise<{ locationId: string }> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), name: shortText, kind: z.enum(LOCATION_KINDS), id: z.uuid().optional() }), input, 'location');
  await requireTenant(db, v.tenantId);
  const locationId = v.id ?? uuidv7();
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await insertLocation(tx, v.tenantId, { id: locationId, name: v.name, kind: v.kind });
    await writeAudit(tx, v.tenantId, ACTOR, 'location.create', { locationId, name: v.name, kind: v.kind });
  });
  return { locationId };
}

const pinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

/**
 * A cashier or manager may log in only at the stores listed in `stores` (more can be added with assignUser);
 * a head-office user may log in at every store and takes no list. Tills receive a user's PIN verifier only where
 * that user may log in (sync-server/db/pull-repo.ts changedUsers).
 */
export async function createUser(
  db: Db,
  input: { tenantId: string; name: string; role: string; pin: string; id?: string; stores?: readonly string[] },
  opts: { pinHash?: string } = {},
): Promise<{ userId: string; stores: string[] }> {
  const v = parseOrThrow(
    z.object({ tenantId: z.uuid(), name: shortText, role: roleSchema, pin: pinSchema, id: z.uuid().optional(), stores: z.array(z.uuid()).default([]) }),
    input,
    'user',
  );
  await requireTenant(db, v.tenantId);
  const stores = [...new Set(v.stores)];
  if (v.role === 'head_office' && stores.length > 0) {
    throw new DomainError('INVALID_INPUT', 'a head-office user may log in at every store; do not assign stores', { stores });
  }
  await requireStores(db, v.tenantId, stores);
  const userId = v.id ?? uuidv7();
  const pinHash = opts.pinHash ?? (await hashPin(v.pin));
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await insertUser(tx, v.tenantId, { id: userId, name: v.name, role: v.role as Role, pinHash, active: true });
    await assignUserToStores(tx, v.tenantId, userId, stores);
    await writeAudit(tx, v.tenantId, ACTOR, 'user.create', { userId, name: v.name, role: v.role, stores });
  });
  return { userId, stores };
}

async function requireStores(db: Db, tenantId: string, storeIds: readonly string[]): Promise<void> {
  const stores = new Set((await listLocations(db, tenantId)).filter((l) => l.kind === 'store').map((l) => l.id));
  const unknown = storeIds.filter((s) => !stores.has(s));
  if (unknown.length > 0) throw new DomainError('NOT_FOUND', `no store ${unknown.join(', ')} in tenant ${tenantId}`, { stores: unknown });
}

/** Lets a cashier or manager log in at one more store; the store's tills receive the user at their next pull. */
export async function assignUser(db: Db, input: { tenantId: string; userId: string; storeId: string }): Promise<{ stores: string[] }> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), userId: z.uuid(), storeId: z.uuid() }), input, 'assignment');
  const user = await findUser(db, v.tenantId, v.userId);
  if (user === null) throw new DomainError('NOT_FOUND', `no user ${v.userId} in tenant ${v.tenantId}`);
  if (user.role === 'head_office') throw new DomainError('INVALID_INPUT', 'a head-office user may already log in at every store');
  await requireStores(db, v.tenantId, [v.storeId]);
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await assignUserToStores(tx, v.tenantId, v.userId, [v.storeId]);
    await writeAudit(tx, v.tenantId, ACTOR, 'user.assign', { userId: v.userId, storeId: v.storeId });
  });
  return { stores: await storesOfUser(db, v.tenantId, v.userId) };
}

/** The user may no longer log in at that store; its tills drop the user (and its PIN verifier) at their next pull. */
export async function unassignUser(db: Db, input: { tenantId: string; userId: string; storeId: string }): Promise<{ stores: string[] }> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), userId: z.uuid(), storeId: z.uuid() }), input, 'assignment');
  await withTenantWrite(db, v.tenantId, async (tx) => {
    if (!(await unassignUserFromStore(tx, v.tenantId, v.userId, v.storeId))) {
      throw new DomainError('NOT_FOUND', `user ${v.userId} is not assigned to store ${v.storeId}`);
    }
    await writeAudit(tx, v.tenantId, ACTOR, 'user.unassign', { userId: v.userId, storeId: v.storeId });
  });
  return { stores: await storesOfUser(db, v.tenantId, v.userId) };
}

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

export async function deleteProduct(db: Db, input: { tenantId: string; productId: string }): Promise<void> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), productId: z.uuid() }), input, 'product');
  await withTenantWrite(db, v.tenantId, async (tx) => {
    if (!(await markProductDeleted(tx, v.tenantId, v.productId))) throw new DomainError('NOT_FOUND', `no product ${v.productId}`);
    await writeAudit(tx, v.tenantId, ACTOR, 'product.delete', { productId: v.productId });
  });
}

/** Upserts products that are already valid (seeding, tests). */
export async function putProducts(db: Db, tenantId: string, products: readonly Product[]): Promise<void> {
  const valid = products.map((p, i) => parseOrThrow(productSchema, p, `product ${i + 1}`));
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
 * Imports a product CSV (header: sku,name,unit,price[,barcodes,pack_size,currency,low_stock_threshold,
 * reorder_point,reorder_qty,lead_time_days,active,id]). Prices and quantities are decimals as people write them
 * ("1.25"); barcodes are separated by `|`. Every row is checked first; one bad row and nothing is imported,
 * with every bad row listed by its line number. Existing SKUs are updated in place.
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
  const skus = await existingSkus(db, tenantId, records.map((r) => r.record.sku ?? ''));
  const seenSku = new Map<string, number>();
  const seenCode = new Map<string, number>();
  for (const { record, line } of records) {
    try {
      const cur = (record.currency || tenant.currency) as Currency;
      const sku = record.sku ?? '';
      if (seenSku.has(sku)) throw new DomainError('DUPLICATE', `SKU ${sku} already on line ${seenSku.get(sku)}`);
      seenSku.set(sku, line);
      const barcodes = (record.barcodes ?? '').split('|').map((c) => c.trim()).filter((c) => c !== '');
      for (const code of barcodes) {
        if (seenCode.has(code)) throw new DomainError('DUPLICATE', `barcode ${code} already on line ${seenCode.get(code)}`);
        seenCode.set(code, line);
      }
      const qty = (text: string | undefined): number => (text ? parseQuantity(text) : 0);
      const candidate = {
        id: record.id || skus.get(sku) || uuidv7(),
        sku,
        name: record.name,
        barcodes,
        unit: record.unit,
        packSize: record.pack_size ? Number(record.pack_size) : null,
        price: parseMoney(record.price ?? '', cur),
        currency: cur,
        lowStockThreshold: qty(record.low_stock_threshold),
        reorderPoint: qty(record.reorder_point),
        reorderQty: qty(record.reorder_qty),
        leadTimeDays: record.lead_time_days ? Number(record.lead_time_days) : 0,
        active: record.active ? /^(1|true|yes)$/i.test(record.active) : true,
      };
      const r = productSchema.safeParse(candidate);
      if (!r.success) throw new DomainError('INVALID_INPUT', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      products.push(r.data);
    } catch (e) {
      errors.push({ line, message: e instanceof Error ? e.message : String(e) });
    }
  }
  const owners = await barcodeOwners(db, tenantId, products.flatMap((p) => p.barcodes));
  for (const p of products) {
    for (const code of p.barcodes) {
      const owner = owners.get(code);
      if (owner !== undefined && owner !== p.id) errors.push({ line: seenCode.get(code) ?? 0, message: `barcode ${code} belongs to another product` });
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

export interface SeededTill {
  tillId: string;
  name: string;
  storeId: string;
  token: string;
}

/** Seeds the demo chain from shared/demo: tenant, locations, products, opening stock, users, and enrolled tills. */
export async function seedDemo(db: Db, opts: { products?: number; seed?: number } = {}): Promise<{ tenantId: string; tills: SeededTill[] }> {
  const chain = generateDemoChain({ ...(opts.products !== undefined ? { products: opts.products } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  const t = chain.tenant;
  if ((await findTenant(db, t.id)) !== null) throw new DomainError('DUPLICATE', `the demo tenant ${t.id} is already seeded`);
  await createTenant(db, { id: t.id, name: t.name, currency: t.currency, policy: t.policy });
  for (const l of chain.locations) await createLocation(db, { tenantId: t.id, id: l.id, name: l.name, kind: l.kind });
  const hashes = new Map<string, string>();
  for (const u of chain.users) {
    const pinHash = hashes.get(u.pin) ?? (await hashPin(u.pin));
    hashes.set(u.pin, pinHash);
    await createUser(db, { tenantId: t.id, id: u.id, name: u.name, role: u.role, pin: u.pin, stores: demoStoresOf(chain, u) }, { pinHash });
  }
  for (let i = 0; i < chain.products.length; i += 5000) {
    await putProducts(db, t.id, chain.products.slice(i, i + 5000).map(({ category: _category, ...p }) => p));
  }
  for (const loc of chain.locations) {
    const lines = chain.stock.filter((s) => s.locationId === loc.id).map((s) => ({ productId: s.productId, qty: s.qty }));
    for (let i = 0; i < lines.length; i += 5000) await receiveStock(db, t.id, loc.id, lines.slice(i, i + 5000));
  }
  const tills: SeededTill[] = [];
  for (const till of chain.tills) {
    const { token } = await enrollTill(db, { tenantId: t.id, storeId: till.storeId, name: till.name, id: till.id });
    tills.push({ tillId: till.id, name: till.name, storeId: till.storeId, token });
  }
  return { tenantId: t.id, tills };
}

/** The demo's cashiers each work at one store (in turn), its managers at every store, head office anywhere. */
function demoStoresOf(chain: ReturnType<typeof generateDemoChain>, user: ReturnType<typeof generateDemoChain>['users'][number]): string[] {
  const stores = chain.locations.filter((l) => l.kind === 'store').map((l) => l.id);
  if (user.role === 'head_office') return [];
  if (user.role === 'manager') return stores;
  const cashierIndex = chain.users.filter((u) => u.role === 'cashier').indexOf(user);
  return [stores[cashierIndex % stores.length] as string];
}

/** Reads a dead till's export: a JSON array of ops, `{ops: [...]}`, or one op per line. */
export function parseOpsExport(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new DomainError('INVALID_INPUT', 'the export is empty');
  try {
    const doc = JSON.parse(trimmed) as unknown;
    if (Array.isArray(doc)) return doc;
    if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { ops?: unknown }).ops)) return (doc as { ops: unknown[] }).ops;
    return [doc];
  } catch {
    return trimmed.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        throw new DomainError('INVALID_INPUT', `line ${i + 1} of the export is not JSON`, { line: i + 1 });
      }
    });
  }
}

/**
 * Applies a dead till's exported pending ops exactly as a push would (same validation, sequence rules and
 * stored results), even if its token has been revoked. A later push of the same ops changes nothing.
 */
export async function importOps(db: Db, text: string, opts: { tenantId?: string } = {}): Promise<PushResponse> {
  const ops = parseOpsExport(text);
  const tillIds = new Set(ops.map((o) => (typeof o === 'object' && o !== null ? (o as { tillId?: unknown }).tillId : undefined)));
  if (tillIds.size !== 1) throw new DomainError('INVALID_INPUT', 'an export holds the ops of exactly one till');
  const [tillId] = tillIds;
  if (typeof tillId !== 'string') throw new DomainError('INVALID_INPUT', 'the ops name no till');
  const candidates = (await findTerminalsById(db, tillId)).filter((t) => opts.tenantId === undefined || t.tenantId === opts.tenantId);
  const terminal = candidates[0];
  if (terminal === undefined || candidates.length > 1) throw new DomainError('NOT_FOUND', `no single till ${tillId}${opts.tenantId ? ` in tenant ${opts.tenantId}` : ''}`);
  const till = { tenantId: terminal.tenantId, terminalId: terminal.id, storeId: terminal.storeId, name: terminal.name };
  const sorted = [...ops].sort((a, b) => Number((a as { seq?: unknown }).seq) - Number((b as { seq?: unknown }).seq));
  const firstSeq = Number((sorted[0] as { seq?: unknown }).seq);
  sorted.forEach((o, i) => {
    if (Number((o as { seq?: unknown }).seq) !== firstSeq + i) throw new DomainError('INVALID_INPUT', `the export skips or repeats seq ${firstSeq + i}`);
  });
  // Validate the whole file before applying any of it, like one push.
  const prepared = [];
  for (let i = 0; i < sorted.length; i += MAX_OPS_PER_PUSH) prepared.push(validatePush({ ops: sorted.slice(i, i + MAX_OPS_PER_PUSH) }, till));
  const out: PushResponse = { results: [], ackSeq: 0 };
  for (const batch of prepared) {
    const r = await applyPush(db, till, batch, { allowRevoked: true });
    out.results.push(...r.results);
    out.ackSeq = r.ackSeq;
  }
  await withTenantWrite(db, till.tenantId, (tx) => writeAudit(tx, till.tenantId, ACTOR, 'ops.import', { tillId, ops: ops.length, ackSeq: out.ackSeq }));
  return out;
}
