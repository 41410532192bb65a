import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isDomainError } from '../../shared/domain/errors';
import { OVERSELL_POLICIES } from '../../shared/policy/conflict-policy';
import type { Db } from '../db/db';
import { openDb } from '../db/db';
import { migrate } from '../db/migrate';
import {
  assignUser,
  createLocation,
  createTenant,
  createUser,
  deleteProduct,
  enrollTill,
  createEnrolmentCode,
  importOps,
  importProductsCsv,
  reconcileAllTenants,
  reconcileTenant,
  rejectedOps,
  revokeTill,
  seedDemo,
  setTenantPolicy,
  summarizeReconciliation,
  unassignUser,
} from './service';
import type { ReconcileOutcome } from './service';
import { expireReservations } from '../reservation-expiry';
import { parseQuantity } from '../../shared/domain/quantity';
import { approveTransfer, cancelTransfer, createTransfer, dispatchTransfer, listTransfers, resolveTransfer } from './transfers';
import { listRates, postRate } from './rates';
import { storeShifts, storeZReports } from './shifts';
import { getTax, setLegalIdentity, setTaxClass, setTaxMode } from './tax';
import { getScaleFormats, parseFormatArg, setScaleFormats } from './scale-formats';
import {
  acceptReorderPoint,
  createPurchaseOrder,
  createSupplier,
  listPurchaseOrders,
  movePurchaseOrder,
  parseOrderLine,
  purchaseOrder,
  reorderSuggestions,
  setDraftLineCost,
  setProductSupplier,
} from './purchasing';
import type { Currency } from '../../shared/domain/money';

/**
 * `npm run admin -- <command> [options]`. Uses DATABASE_URL, or the embedded PGlite in DATA_DIR
 * (default .data/server), migrating it first. Prints one JSON object with the outcome.
 */
const USAGE = `usage: npm run admin -- <command> [options]
  create-tenant   --name <n> --currency <USD|LBP|...> [--policy reverse_later_sale|accept_negative_for_walk_in]
  set-policy      --tenant <id> --policy <policy>
  create-location --tenant <id> --name <n> --kind <store|warehouse>
  create-user     --tenant <id> --name <n> --role <cashier|manager|head_office> --pin <4-8 digits> [--store <id>]...
                  (a cashier or manager logs in only at the stores given; head office at every store)
  assign-user     --tenant <id> --user <id> --store <id>    (may log in at that store too)
  unassign-user   --tenant <id> --user <id> --store <id>    (that store's tills drop the user at their next pull)
  import-products --tenant <id> <file.csv>
  enroll-till     --tenant <id> --store <location id> --name <n>      (prints a one-time token)
  enrolment-code  --tenant <id> --store <location id> --name <n> [--prefix <H3>] [--hours 24]
                  (prints a one-time code to type at a new till with this server's address; it lapses)
  revoke-till     --tenant <id> --till <id>
  supplier-create --tenant <id> --name <n> --lead-days <days> --currency <USD|LBP|...> [--contact <text>]
  po-create       --tenant <id> --supplier <id> --location <id> --line <SKU>:<packs>:<units per pack>:<unit cost>... [--note <text>]
                  (a draft purchase order; the unit cost in the supplier's minor units, e.g. cents)
  po-send | po-confirm | po-cancel --tenant <id> --po <id>
  po-line-cost    --tenant <id> --po <id> --sku <SKU> --cost <unit cost in minor units>   (a draft's line)
  po              --tenant <id> --po <id>             (one purchase order with its lines)
  product-supplier --tenant <id> --sku <SKU> --supplier <id> [--pack <units per pack>]
                  (who a product is bought from: replenishment drafts its reorder quantity to it)
  reorder-suggestions --tenant <id> --location <id> [--weeks 4]
                  (each product's reorder point beside the one its recent demand there suggests)
  reorder-accept  --tenant <id> --sku <SKU> --point <qty>   (sets the product's reorder point; tills pull it)
  pos             --tenant <id> [--status open|draft|sent|confirmed|partial|received|cancelled] [--location <id>]
  delete-product  --tenant <id> --product <id>
  seed-demo       [--products <n>] [--tokens-out <file>]
  import-ops      [--tenant <id>] <export file>
  rejected-ops    --tenant <id> [--limit <n>]   (ops the server could not store: raw body and reason, newest first)
  reconcile       [--tenant <id>]   (every level against the sum of its movements, all four quantities; records the
                  run and prints every drift; corrects nothing. Exit code 3 when drift is found, 4 when another
                  reconciliation of a tenant was running so it was not checked)
  expire-reservations   (once, now: what the server's job does every minute; releases the hold of every open
                  reservation past its expiry and prints how many per tenant)
  transfer-create   --tenant <id> --from <location id> --to <location id> --line <SKU>=<qty>... [--note <n>] [--approve]
                  (between any two locations: the warehouse to a store, a store back to the warehouse...)
  transfer-approve  --tenant <id> --transfer <id> [--note <n>]
  transfer-cancel   --tenant <id> --transfer <id> [--note <n>]      (only before anything was sent)
  transfer-dispatch --tenant <id> --transfer <id> [--line <SKU>=<qty>]... [--note <n>]
                  (what left a location without a till, the warehouse; the requested lines when none are given)
  transfer-resolve  --tenant <id> --transfer <id> --resolution <write_off|return_to_source|complete_dispatch|found>
                  --sku <SKU> --qty <qty> --reason <why>   (settles part of a difference, never more than is open)
  transfers       --tenant <id> [--status <open|requested|sent|received_unsent|discrepancy|...>] [--location <id>]
                  [--limit <n>]   (newest first: status, what was sent and received, differences still open)
  post-rate       --tenant <id> --rate <n> [--quote <LBP|USD|...>] [--note <n>]   (the day's exchange rate: whole
                  units of the quote per one unit of the tenant's currency, 89500; every till pulls it and sells at
                  the latest posted, its own managers' posts included; --quote is LBP by default, USD for an LBP tenant)
  rates           --tenant <id> [--limit <n>]   (the latest posts, newest first in the server's order, with who and when)
  tax-class       --tenant <id> --code <c> --rate <percent>   (adds a VAT class or changes its rate: --rate 11, 0, 5.5;
                  every tenant starts with standard 11 and exempt 0; products name a class in the CSV's tax_class)
  tax-mode        --tenant <id> [--prices inclusive|exclusive] [--default-class <c>]   (whether shelf prices include
                  VAT, and the class of a product that names none)
  legal           --tenant <id> [--name <n>] [--address <a>] [--tax-number <n>]   (the receipt's header: a part left
                  out is cleared)
  tax             --tenant <id>   (the classes, the mode and the legal identity)
  scale-formats   --tenant <id> --store <id> [--format <prefix>:<pattern>:<weight|price>]... [--clear]
                  (how the store's scales print their labels, e.g. 21:PPIIIIIVVVVVC:weight, 22:PPIIIIXVVVVVC:price:
                  P prefix, I item code (the CSV's plu), V grams or cents, X ignored, C check digit; the given
                  formats replace the store's, --clear removes them, neither prints them; its tills pull them)
  shifts          --tenant <id> --store <id> [--limit <n>]   (the store's shifts, newest first: till, cashier, float,
                  cash in and paid out per currency, the Z number once closed)
  z-reports       --tenant <id> --store <id> [--limit <n>]   (the store's Z reports as the tills printed them: number
                  per till, expected, counted and difference per currency, card takings apart)
environment: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded PGlite, default .data/server)`;

const OPTIONS = {
  name: { type: 'string' },
  currency: { type: 'string' },
  policy: { type: 'string' },
  tenant: { type: 'string' },
  kind: { type: 'string' },
  role: { type: 'string' },
  pin: { type: 'string' },
  store: { type: 'string', multiple: true },
  user: { type: 'string' },
  till: { type: 'string' },
  product: { type: 'string' },
  products: { type: 'string' },
  'tokens-out': { type: 'string' },
  limit: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  line: { type: 'string', multiple: true },
  note: { type: 'string' },
  approve: { type: 'boolean' },
  transfer: { type: 'string' },
  resolution: { type: 'string' },
  sku: { type: 'string' },
  qty: { type: 'string' },
  reason: { type: 'string' },
  status: { type: 'string' },
  location: { type: 'string' },
  rate: { type: 'string' },
  quote: { type: 'string' },
  code: { type: 'string' },
  prices: { type: 'string' },
  'default-class': { type: 'string' },
  address: { type: 'string' },
  'tax-number': { type: 'string' },
  format: { type: 'string', multiple: true },
  clear: { type: 'boolean' },
  prefix: { type: 'string' },
  hours: { type: 'string' },
  contact: { type: 'string' },
  'lead-days': { type: 'string' },
  supplier: { type: 'string' },
  pack: { type: 'string' },
  weeks: { type: 'string' },
  cost: { type: 'string' },
  point: { type: 'string' },
  po: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

function one(values: readonly string[] | undefined, flag: string): string {
  if (values !== undefined && values.length > 1) throw new UsageError(`--${flag} is given once here`);
  return need(values?.[0], flag);
}

function policyOf(value: string | undefined): { oversell: (typeof OVERSELL_POLICIES)[number] } | undefined {
  if (value === undefined) return undefined;
  const p = OVERSELL_POLICIES.find((x) => x === value);
  if (p === undefined) throw new UsageError(`--policy must be one of ${OVERSELL_POLICIES.join(', ')}`);
  return { oversell: p };
}

export async function runCommand(db: Db, argv: readonly string[]): Promise<Record<string, unknown>> {
  const { values: o, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  const [command, file] = positionals;
  switch (command) {
    case 'create-tenant': {
      const policy = policyOf(o.policy);
      return createTenant(db, { name: need(o.name, 'name'), currency: need(o.currency, 'currency'), ...(policy ? { policy } : {}) });
    }
    case 'set-policy': {
      const policy = policyOf(need(o.policy, 'policy'));
      if (policy === undefined) throw new UsageError('--policy is required');
      await setTenantPolicy(db, need(o.tenant, 'tenant'), policy);
      return { ok: true };
    }
    case 'create-location':
      return createLocation(db, { tenantId: need(o.tenant, 'tenant'), name: need(o.name, 'name'), kind: need(o.kind, 'kind') });
    case 'create-user':
      return createUser(db, { tenantId: need(o.tenant, 'tenant'), name: need(o.name, 'name'), role: need(o.role, 'role'), pin: need(o.pin, 'pin'), stores: o.store ?? [] });
    case 'assign-user':
      return assignUser(db, { tenantId: need(o.tenant, 'tenant'), userId: need(o.user, 'user'), storeId: one(o.store, 'store') });
    case 'unassign-user':
      return unassignUser(db, { tenantId: need(o.tenant, 'tenant'), userId: need(o.user, 'user'), storeId: one(o.store, 'store') });
    case 'import-products':
      return importProductsCsv(db, need(o.tenant, 'tenant'), readFileSync(need(file, 'file (positional)'), 'utf8'));
    case 'enroll-till': {
      const r = await enrollTill(db, { tenantId: need(o.tenant, 'tenant'), storeId: one(o.store, 'store'), name: need(o.name, 'name') });
      return { ...r, note: 'the token is shown once; only its hash is stored' };
    }
    case 'enrolment-code': {
      const hours = o.hours === undefined ? undefined : Number(o.hours);
      if (hours !== undefined && !(hours > 0)) throw new UsageError('--hours must be a positive number');
      const r = await createEnrolmentCode(db, {
        tenantId: need(o.tenant, 'tenant'),
        storeId: one(o.store, 'store'),
        name: need(o.name, 'name'),
        ...(o.prefix === undefined ? {} : { receiptPrefix: o.prefix }),
        ...(hours === undefined ? {} : { hours }),
      });
      return { ...r, note: 'type the code at the new till with this server’s address; it works once' };
    }
    case 'supplier-create': {
      const days = Number(need(o['lead-days'], 'lead-days'));
      return createSupplier(db, {
        tenantId: need(o.tenant, 'tenant'),
        name: need(o.name, 'name'),
        leadTimeDays: days,
        currency: need(o.currency, 'currency'),
        ...(o.contact === undefined ? {} : { contact: o.contact }),
      });
    }
    case 'po-create':
      return {
        ...(await createPurchaseOrder(db, {
        tenantId: need(o.tenant, 'tenant'),
        supplierId: need(o.supplier, 'supplier'),
        locationId: need(o.location, 'location'),
        lines: (o.line ?? []).map(parseOrderLine),
        ...(o.note === undefined ? {} : { note: o.note }),
        })),
      };
    case 'po-send':
    case 'po-confirm':
    case 'po-cancel':
      return { ...(await movePurchaseOrder(db, { tenantId: need(o.tenant, 'tenant'), poId: need(o.po, 'po'), to: command === 'po-send' ? 'sent' : command === 'po-confirm' ? 'confirmed' : 'cancelled' })) };
    case 'product-supplier': {
      const pack = o.pack === undefined ? undefined : Number(o.pack);
      return setProductSupplier(db, { tenantId: need(o.tenant, 'tenant'), sku: need(o.sku, 'sku'), supplierId: need(o.supplier, 'supplier'), ...(pack === undefined ? {} : { pack }) });
    }
    case 'po-line-cost':
      return { ...(await setDraftLineCost(db, { tenantId: need(o.tenant, 'tenant'), poId: need(o.po, 'po'), sku: need(o.sku, 'sku'), unitCost: Number(need(o.cost, 'cost')) })) };
    case 'reorder-suggestions': {
      const weeks = o.weeks === undefined ? undefined : Number(o.weeks);
      return { suggestions: await reorderSuggestions(db, { tenantId: need(o.tenant, 'tenant'), locationId: need(o.location, 'location'), ...(weeks === undefined ? {} : { weeks }) }) };
    }
    case 'reorder-accept':
      return acceptReorderPoint(db, { tenantId: need(o.tenant, 'tenant'), sku: need(o.sku, 'sku'), point: parseQuantity(need(o.point, 'point')) });
    case 'po':
      return { ...(await purchaseOrder(db, { tenantId: need(o.tenant, 'tenant'), poId: need(o.po, 'po') })) };
    case 'pos':
      return {
        purchaseOrders: await listPurchaseOrders(db, {
          tenantId: need(o.tenant, 'tenant'),
          ...(o.status === undefined ? {} : { status: o.status }),
          ...(o.location === undefined ? {} : { locationId: o.location }),
        }),
      };
    case 'revoke-till':
      await revokeTill(db, { tenantId: need(o.tenant, 'tenant'), tillId: need(o.till, 'till') });
      return { ok: true };
    case 'delete-product':
      await deleteProduct(db, { tenantId: need(o.tenant, 'tenant'), productId: need(o.product, 'product') });
      return { ok: true };
    case 'seed-demo': {
      const products = o.products === undefined ? undefined : Number(o.products);
      if (products !== undefined && (!Number.isInteger(products) || products < 1)) throw new UsageError('--products must be a positive integer');
      const r = await seedDemo(db, products === undefined ? {} : { products });
      if (o['tokens-out'] !== undefined) {
        writeFileSync(o['tokens-out'], JSON.stringify(r, null, 2) + '\n', { mode: 0o600 });
        return { tenantId: r.tenantId, tills: r.tills.map(({ token: _t, ...t }) => t), tokensWrittenTo: o['tokens-out'] };
      }
      return { ...r };
    }
    case 'import-ops': {
      const r = await importOps(db, readFileSync(need(file, 'file (positional)'), 'utf8'), o.tenant ? { tenantId: o.tenant } : {});
      const counts = r.results.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.duplicate ? 'already_applied' : x.status]: (acc[x.duplicate ? 'already_applied' : x.status] ?? 0) + 1 }), {});
      return { ackSeq: r.ackSeq, counts };
    }
    case 'rejected-ops': {
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a positive integer');
      return { rejected: await rejectedOps(db, { tenantId: need(o.tenant, 'tenant'), ...(limit === undefined ? {} : { limit }) }) };
    }
    case 'reconcile': {
      const outcomes = o.tenant === undefined ? await reconcileAllTenants(db) : [await reconcileTenant(db, o.tenant)];
      return reconcileReport(outcomes);
    }
    case 'expire-reservations': {
      const tenants = await expireReservations(db);
      return { expired: tenants.reduce((n, t) => n + t.expired, 0), tenants };
    }
    case 'transfer-create':
      return createTransfer(db, {
        tenantId: need(o.tenant, 'tenant'),
        sourceId: need(o.from, 'from'),
        destinationId: need(o.to, 'to'),
        lines: skuLines(o.line, true),
        ...(o.note === undefined ? {} : { note: o.note }),
        ...(o.approve === true ? { approve: true } : {}),
      });
    case 'transfer-approve':
    case 'transfer-cancel': {
      const step = command === 'transfer-approve' ? approveTransfer : cancelTransfer;
      return step(db, { tenantId: need(o.tenant, 'tenant'), transferId: need(o.transfer, 'transfer'), ...(o.note === undefined ? {} : { note: o.note }) });
    }
    case 'transfer-dispatch': {
      const lines = skuLines(o.line, false);
      return dispatchTransfer(db, {
        tenantId: need(o.tenant, 'tenant'),
        transferId: need(o.transfer, 'transfer'),
        ...(lines.length === 0 ? {} : { lines }),
        ...(o.note === undefined ? {} : { note: o.note }),
      });
    }
    case 'transfer-resolve': {
      const kind = need(o.resolution, 'resolution');
      if (kind !== 'write_off' && kind !== 'return_to_source' && kind !== 'complete_dispatch' && kind !== 'found') {
        throw new UsageError('--resolution must be write_off, return_to_source, complete_dispatch or found');
      }
      return resolveTransfer(db, {
        tenantId: need(o.tenant, 'tenant'),
        transferId: need(o.transfer, 'transfer'),
        kind,
        sku: need(o.sku, 'sku'),
        qty: parseQuantity(need(o.qty, 'qty')),
        reason: need(o.reason, 'reason'),
      });
    }
    case 'transfers': {
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a positive integer');
      const status = o.status as Parameters<typeof listTransfers>[1]['status'];
      return {
        transfers: await listTransfers(db, {
          tenantId: need(o.tenant, 'tenant'),
          ...(status === undefined ? {} : { status }),
          ...(o.location === undefined ? {} : { locationId: o.location }),
          ...(limit === undefined ? {} : { limit }),
        }),
      };
    }
    case 'post-rate': {
      const rate = need(o.rate, 'rate');
      if (!/^\d{1,12}$/.test(rate)) throw new UsageError('--rate must be a whole number above zero, such as 89500');
      return {
        rate: await postRate(db, {
          tenantId: need(o.tenant, 'tenant'),
          rate: Number(rate),
          // checked against the currencies by postRate's schema
          ...(o.quote === undefined ? {} : { quote: o.quote as Currency }),
          ...(o.note === undefined ? {} : { note: o.note }),
        }),
      };
    }
    case 'rates': {
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a positive integer');
      return { rates: await listRates(db, { tenantId: need(o.tenant, 'tenant'), ...(limit === undefined ? {} : { limit }) }) };
    }
    case 'tax-class': {
      const rate = need(o.rate, 'rate');
      // a percentage as people write it, to two decimals (5.5 = 550 bp); the range is the schema's (0 to 100%)
      if (!/^-?\d{1,5}(\.\d{1,2})?$/.test(rate)) throw new UsageError('--rate is a percentage such as 11, 0 or 5.5');
      const [whole = '0', frac = ''] = rate.replace('-', '').split('.');
      const bp = (rate.startsWith('-') ? -1 : 1) * (Number(whole) * 100 + Number(frac.padEnd(2, '0')));
      await setTaxClass(db, { tenantId: need(o.tenant, 'tenant'), code: need(o.code, 'code'), rateBp: bp });
      return { tax: await getTax(db, need(o.tenant, 'tenant')) };
    }
    case 'tax-mode': {
      if (o.prices !== undefined && o.prices !== 'inclusive' && o.prices !== 'exclusive') throw new UsageError('--prices is inclusive or exclusive');
      await setTaxMode(db, {
        tenantId: need(o.tenant, 'tenant'),
        ...(o.prices === undefined ? {} : { pricesIncludeTax: o.prices === 'inclusive' }),
        ...(o['default-class'] === undefined ? {} : { defaultClass: o['default-class'] }),
      });
      return { tax: await getTax(db, need(o.tenant, 'tenant')) };
    }
    case 'legal': {
      await setLegalIdentity(db, { tenantId: need(o.tenant, 'tenant'), name: o.name ?? null, address: o.address ?? null, taxNumber: o['tax-number'] ?? null });
      return { tax: await getTax(db, need(o.tenant, 'tenant')) };
    }
    case 'tax':
      return { tax: await getTax(db, need(o.tenant, 'tenant')) };
    case 'scale-formats': {
      const where = { tenantId: need(o.tenant, 'tenant'), storeId: one(o.store, 'store') };
      if (o.clear === true && o.format !== undefined) throw new UsageError('--clear takes no --format');
      if (o.clear !== true && o.format === undefined) return { scaleFormats: await getScaleFormats(db, where) };
      return { scaleFormats: await setScaleFormats(db, { ...where, formats: (o.format ?? []).map(parseFormatArg) }) };
    }
    case 'shifts':
    case 'z-reports': {
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a positive integer');
      const query = { tenantId: need(o.tenant, 'tenant'), storeId: need(o.store?.[0], 'store'), ...(limit === undefined ? {} : { limit }) };
      return command === 'shifts' ? { shifts: await storeShifts(db, query) } : { zReports: await storeZReports(db, query) };
    }
    default:
      throw new UsageError(command === undefined ? 'a command is required' : `unknown command ${command}`);
  }
}

/** `--line SKU=2.5` lines: the quantity as people write it (parseQuantity: milli-units). */
function skuLines(values: readonly string[] | undefined, required: boolean): Array<{ sku: string; qty: number }> {
  if (required && (values === undefined || values.length === 0)) throw new UsageError('--line <SKU>=<qty> is required');
  return (values ?? []).map((v) => {
    const at = v.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--line ${v}: expected <SKU>=<qty>`);
    return { sku: v.slice(0, at), qty: parseQuantity(v.slice(at + 1)) };
  });
}

/** Exit codes of `reconcile` beyond 0: drift found, or a tenant not checked because another run held it. */
export const EXIT_DRIFT = 3;
export const EXIT_BUSY = 4;

function reconcileReport(outcomes: readonly ReconcileOutcome[]): Record<string, unknown> {
  const drifts = outcomes.reduce((n, x) => n + (x.status === 'done' ? x.report.drifts.length : 0), 0);
  const busy = outcomes.some((x) => x.status === 'busy');
  return {
    summary: outcomes.map(summarizeReconciliation),
    levelsChecked: outcomes.reduce((n, x) => n + (x.status === 'done' ? x.report.levelsChecked : 0), 0),
    drifts,
    runs: outcomes.map((x) => (x.status === 'done' ? x.report : x)),
    exitCode: drifts > 0 ? EXIT_DRIFT : busy ? EXIT_BUSY : 0,
  };
}

/** A command's exit code: 0 unless its result says otherwise (reconcile's drift). */
export function exitCodeOf(result: Record<string, unknown>): number {
  return typeof result.exitCode === 'number' ? result.exitCode : 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return argv.length === 0 ? 1 : 0;
  }
  let db: Db | null = null;
  try {
    db = await openDb({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ?? '.data/server', poolSize: 2 });
    await migrate(db);
    const result = await runCommand(db, argv);
    console.log(JSON.stringify(result, null, 2));
    return exitCodeOf(result);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (isDomainError(e)) {
      console.error(`error ${e.code}: ${e.message}`);
      const errors = (e.details as { errors?: Array<{ line: number; message: string }> } | undefined)?.errors;
      if (errors) for (const row of errors) console.error(`  line ${row.line}: ${row.message}`);
      else if (e.details) console.error(JSON.stringify(e.details, null, 2));
      return 1;
    }
    console.error(e);
    return 1;
  } finally {
    await db?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
