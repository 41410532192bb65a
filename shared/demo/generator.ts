import { withCheckDigit } from '../domain/barcode';
import type { Currency } from '../domain/money';
import type { Milli } from '../domain/quantity';
import { MILLI_PER_UNIT } from '../domain/quantity';
import type { Location, Product, Role } from '../domain/schemas';
import { DEFAULT_POLICY, type TenantPolicy } from '../policy/conflict-policy';
import { CATEGORIES, type Category, type ProductTemplate } from './catalog-data';
import { Prng, demoUuid } from './prng';
import type { EmbeddedFormat } from '../scan/embedded-barcode';

/**
 * The demo chain: one tenant, two Beirut stores and a warehouse, a catalog, users with demo PINs and three
 * tills. Pure and deterministic: the same options give the same chain, byte for byte, in every process, so the
 * sync server and a till seeded separately agree on every id, barcode and level.
 */
export interface DemoOptions {
  /** number of products; 300 by default, 100,000 for the benchmark */
  products?: number;
  /** changes every generated value; the default gives the canonical demo chain */
  seed?: number;
}

export interface DemoTenant {
  id: string;
  name: string;
  currency: Currency;
  locale: string;
  policy: TenantPolicy;
}

export interface DemoLocation extends Location {
  city: string;
  /** a store's scale label formats (shared/scan/embedded-barcode.ts), set by head office; none for the warehouse */
  scaleFormats?: EmbeddedFormat[];
}

export interface DemoUser {
  id: string;
  name: string;
  role: Role;
  /** demo only: printed on the login screen hint and in the README */
  pin: string;
}

export interface DemoTill {
  id: string;
  name: string;
  storeId: string;
  /** receipt numbers read "H1-000123" */
  receiptPrefix: string;
}

export interface DemoProduct extends Product {
  category: string;
}

export interface DemoStock {
  productId: string;
  locationId: string;
  qty: Milli;
}

export interface DemoChain {
  seed: number;
  tenant: DemoTenant;
  locations: DemoLocation[];
  stores: DemoLocation[];
  warehouse: DemoLocation;
  products: DemoProduct[];
  users: DemoUser[];
  tills: DemoTill[];
  /** initial on-hand quantity of every product at every location */
  stock: DemoStock[];
}

export const DEFAULT_DEMO_SEED = 2024;
export const DEFAULT_DEMO_PRODUCTS = 300;
/** GS1 prefix of Lebanon: every demo EAN-13 starts with it. */
export const LEBANON_GS1_PREFIX = '528';
/** Odd and not a multiple of 5, so i ↦ i·k mod 10⁹ is a bijection: item references look random yet never collide. */
const ITEM_REFERENCE_STRIDE = 387_420_489;
const MAX_DEMO_PRODUCTS = 1_000_000;

/**
 * The labels the demo stores' scales print: 21 + 5-digit PLU + grams, and 22 + 4-digit PLU + a price check digit +
 * the price in cents (a kg product's PLU is its position in the catalog, so the first 9,999 fit both).
 */
export const DEMO_SCALE_FORMATS: readonly EmbeddedFormat[] = [
  { prefix: '21', pattern: 'PPIIIIIVVVVVC', value: 'weight' },
  { prefix: '22', pattern: 'PPIIIIXVVVVVC', value: 'price' },
];

export const DEMO_PINS = { cashier1: '1111', cashier2: '2222', manager: '9999', headOffice: '7777' } as const;

const VARIANTS = ['', 'Classic', 'Family Size', 'Light', 'Organic', 'Value', 'Premium', 'Extra', 'Mini', 'Select'];

export function generateDemoChain(options: DemoOptions = {}): DemoChain {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const count = options.products ?? DEFAULT_DEMO_PRODUCTS;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_DEMO_PRODUCTS) {
    throw new RangeError(`demo product count must be 1..${MAX_DEMO_PRODUCTS}, got ${count}`);
  }
  const uuid = (key: string): string => demoUuid(seed, key);

  const tenant: DemoTenant = { id: uuid('tenant'), name: 'Demo Chain', currency: 'USD', locale: 'en', policy: DEFAULT_POLICY };
  const hamra: DemoLocation = { id: uuid('location:hamra'), name: 'Hamra', kind: 'store', city: 'Beirut', scaleFormats: [...DEMO_SCALE_FORMATS] };
  const achrafieh: DemoLocation = { id: uuid('location:achrafieh'), name: 'Achrafieh', kind: 'store', city: 'Beirut', scaleFormats: [...DEMO_SCALE_FORMATS] };
  const warehouse: DemoLocation = { id: uuid('location:warehouse'), name: 'Central Warehouse', kind: 'warehouse', city: 'Beirut' };
  const stores = [hamra, achrafieh];

  const users: DemoUser[] = [
    { id: uuid('user:rania'), name: 'Rania Haddad', role: 'cashier', pin: DEMO_PINS.cashier1 },
    { id: uuid('user:karim'), name: 'Karim Nassar', role: 'cashier', pin: DEMO_PINS.cashier2 },
    { id: uuid('user:maya'), name: 'Maya Khoury', role: 'manager', pin: DEMO_PINS.manager },
    { id: uuid('user:ziad'), name: 'Ziad Saleh', role: 'head_office', pin: DEMO_PINS.headOffice },
  ];

  const tills: DemoTill[] = [
    { id: uuid('till:hamra-1'), name: 'Hamra Till 1', storeId: hamra.id, receiptPrefix: 'H1' },
    { id: uuid('till:hamra-2'), name: 'Hamra Till 2', storeId: hamra.id, receiptPrefix: 'H2' },
    { id: uuid('till:achrafieh-1'), name: 'Achrafieh Till 1', storeId: achrafieh.id, receiptPrefix: 'A1' },
  ];

  const combos = productCombos(seed);
  const products: DemoProduct[] = [];
  const stock: DemoStock[] = [];
  for (let i = 0; i < count; i++) {
    const product = demoProduct(seed, i, combos, tenant.currency);
    products.push(product);
    for (const location of [hamra, achrafieh, warehouse]) {
      stock.push({ productId: product.id, locationId: location.id, qty: demoStock(seed, i, product, location) });
    }
  }

  return { seed, tenant, locations: [hamra, achrafieh, warehouse], stores, warehouse, products, users, tills, stock };
}

interface Combo {
  category: Category;
  template: ProductTemplate;
  brand: string;
  size: string;
}

/** Every (category, item, brand, size), in an order shuffled by the seed so neighbouring SKUs differ. */
function productCombos(seed: number): Combo[] {
  const combos: Combo[] = [];
  for (const category of CATEGORIES) {
    for (const template of category.templates) {
      for (const brand of category.brands) {
        for (const size of template.sizes) combos.push({ category, template, brand, size });
      }
    }
  }
  const rng = new Prng(seed, 'combos');
  for (let i = combos.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = combos[i];
    const b = combos[j];
    if (a === undefined || b === undefined) throw new Error('shuffle index out of range');
    combos[i] = b;
    combos[j] = a;
  }
  return combos;
}

function demoProduct(seed: number, i: number, combos: readonly Combo[], currency: Currency): DemoProduct {
  const combo = combos[i % combos.length];
  if (combo === undefined) throw new Error('no product combinations');
  const { category, template, brand, size } = combo;
  const rng = new Prng(seed, `product:${i}`);
  const round = Math.floor(i / combos.length);
  const variant = VARIANTS[round % VARIANTS.length] ?? '';
  const edition = round >= VARIANTS.length ? ` No. ${Math.floor(round / VARIANTS.length) + 1}` : '';
  const sizeText = size === 'loose' ? 'per kg' : size;
  const name = [brand, template.item, variant, sizeText].filter((s) => s !== '').join(' ') + edition;

  const sku = `${category.skuPrefix}-${String(i + 1).padStart(6, '0')}`;
  const itemReference = String(((i + 1) * ITEM_REFERENCE_STRIDE) % 1_000_000_000).padStart(9, '0');
  const barcodes = [withCheckDigit(LEBANON_GS1_PREFIX + itemReference)];

  const [minPrice, maxPrice] = template.price;
  const price = Math.max(9, Math.round(rng.int(minPrice, maxPrice) / 10) * 10 - 1);
  const thresholdUnits = rng.int(2, 8);
  const lowStockThreshold = thresholdUnits * MILLI_PER_UNIT;
  const reorderPoint = (thresholdUnits + rng.int(2, 10)) * MILLI_PER_UNIT;
  const caseSize = template.unit === 'pack' ? 1 : (template.packSize ?? 10);
  const reorderQty = caseSize * rng.int(1, 4) * MILLI_PER_UNIT;
  const [minLead, maxLead] = category.leadTimeDays;

  return {
    id: demoUuid(seed, `product:${i}`),
    sku,
    name,
    barcodes,
    ...demoPacks(i, template, itemReference, price),
    // Loose produce is weighed at the scale, whose label carries the product's item code (PLU): its catalog position.
    ...(template.unit === 'kg' ? { plu: String(i + 1) } : {}),
    unit: template.unit,
    packSize: template.packSize,
    price,
    currency,
    lowStockThreshold,
    reorderPoint,
    reorderQty,
    leadTimeDays: rng.int(minLead, maxLead),
    // Every hundredth product is delisted, so the demo (and the tests) always have inactive products.
    active: i % 100 !== 99,
    category: category.key,
  };
}

/**
 * Every third product sold by the each that comes in cases gets its case's barcode: the GTIN-14 of the case
 * (packaging indicator 1 before the unit's own number), never the length of a unit's EAN-13, so the two never
 * collide. Every other such case has its own price, a tenth off its singles, so the demo shows both kinds.
 */
function demoPacks(i: number, template: ProductTemplate, itemReference: string, price: number): Pick<Product, 'packs'> {
  if (template.unit !== 'each' || template.packSize === null || template.packSize < 2 || i % 3 !== 0) return {};
  const units = template.packSize;
  return {
    packs: [{ barcode: withCheckDigit(`1${LEBANON_GS1_PREFIX}${itemReference}`), units, price: i % 2 === 0 ? null : Math.floor(units * price * 0.9) }],
  };
}

function demoStock(seed: number, i: number, product: DemoProduct, location: DemoLocation): Milli {
  const rng = new Prng(seed, `stock:${i}:${location.name}`);
  const category = CATEGORIES.find((c) => c.key === product.category);
  if (category === undefined) throw new Error(`unknown demo category ${product.category}`);
  const [min, max] = category.stock;
  const thresholdUnits = product.lowStockThreshold / MILLI_PER_UNIT;
  const units = rng.chance(category.lowPercent) ? rng.int(0, thresholdUnits) : rng.int(Math.max(min, thresholdUnits + 1), max);
  const scaled = location.kind === 'warehouse' ? units * 6 : units;
  // Weighed goods are never whole kilos on the shelf.
  const fraction = product.unit === 'kg' && scaled > 0 ? rng.int(0, 999) : 0;
  return scaled * MILLI_PER_UNIT + fraction;
}
