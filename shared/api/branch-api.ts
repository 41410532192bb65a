import { z } from 'zod';
import type { ErrorBody } from '../domain/errors';
import {
  id,
  isoTime,
  milli,
  minor,
  nonNegativeMilli,
  positiveMilli,
  productSchema,
  levelSchema,
  userSchema,
  currency,
  shortText,
  freeText,
  barcode,
  nonNegativeMinor,
  packBarcodeSchema,
  LOCATION_KINDS,
} from '../domain/schemas';
import { MAX_HOLD_HOURS, RESERVATION_STATUSES } from '../domain/reservation';
import { TRANSFER_STATUSES } from '../domain/transfer';
import { legalIdentitySchema, lockedVatSchema, taxSettingsSchema } from '../domain/tax';
import {
  CHANGE_IN,
  exchangeRateValue,
  lockedRateSchema,
  customerContactSchema,
  discountSchema,
  stocktakeSnapshotSchema,
  tenderSchema,
  transferReceiptLineSchema,
  TRANSFER_RESOLUTIONS,
  TRANSFER_STEPS,
  WASTE_REASONS,
} from '../ops/operations';
import { conflictActionSchema, CONFLICT_OUTCOMES, CONFLICT_STATES } from '../policy/conflict-lifecycle';
import { cashMoveInput, shiftCloseInput, shiftOpenInput, shiftView, zReportView } from './shift-api';
import { returnableLineView, returnInput, returnPreview, returnPreviewInput, returnView } from './return-api';
import { printOutcome, printerSettings } from './printer-api';

/**
 * The whole API between the till's UI and its backend: one map of named methods, each with the schema of its
 * input and output and who may call it. Electron IPC and web mode both serve exactly this map through one
 * dispatcher, and the renderer calls it through one generic, typed `call`.
 *
 * access: 'public' needs no login; 'cashier' needs a logged-in user; 'manager' needs a manager's PIN approval
 * in the current session (a cashier's session can be elevated by a manager for a few minutes).
 */
type Access = 'public' | 'cashier' | 'manager';
interface Endpoint {
  access: Access;
  input: z.ZodType;
  output: z.ZodType;
}

const pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

export const productView = z.object({
  product: productSchema,
  available: milli,
});
export type ProductView = z.infer<typeof productView>;

export const sessionView = z.object({
  user: userSchema.nullable(),
  /** until when a manager approval is valid in this session, or null */
  managerUntil: isoTime.nullable(),
  manager: userSchema.nullable(),
});
export type SessionView = z.infer<typeof sessionView>;

export const tillInfo = z.object({
  tillId: id,
  tillName: z.string(),
  storeId: id,
  storeName: z.string(),
  currency,
  locale: z.string(),
  /** the tenant's tax settings as last pulled (issue 11): the cart adds VAT to tax-exclusive prices; null/absent: none */
  tax: taxSettingsSchema.nullable().optional(),
  /** how far (basis points of a line's shelf total) a line may come down without a manager (absent: 10%) */
  discountLimitBp: z.int().min(0).max(10_000).optional(),
});
export type TillInfo = z.infer<typeof tillInfo>;

/**
 * How a till shows itself: the language of its screens and receipts, and the digits it writes numbers with
 * (Latin 0123 or Arabic-Indic ٠١٢٣, the shop's choice, in any language). Kept in the till's own database.
 */
export const DISPLAY_LANGUAGES = ['en', 'ar', 'fr'] as const;
export type DisplayLanguage = (typeof DISPLAY_LANGUAGES)[number];
export const DIGIT_SYSTEMS = ['latin', 'arab'] as const;
export type DigitSystem = (typeof DIGIT_SYSTEMS)[number];
export const displaySettings = z.object({ language: z.enum(DISPLAY_LANGUAGES), digits: z.enum(DIGIT_SYSTEMS) });
export type DisplaySettings = z.infer<typeof displaySettings>;
/** The display language of a locale such as "ar-LB" or "fr_LB"; English for any other. */
export function displayLanguageOf(locale: string): DisplayLanguage {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (DISPLAY_LANGUAGES as readonly string[]).includes(base) ? (base as DisplayLanguage) : 'en';
}

/**
 * Two currencies at the till (issue 11; shared/domain/exchange.ts): the second currency it shows every total in and
 * may take in cash, the cash currencies it takes, and how amounts of the second currency are rounded when handed
 * over. Kept in the till's own database beside its display settings, set by a manager at the till.
 */
export const ROUNDING_MODES = ['nearest', 'down', 'up'] as const;
export const exchangeSettings = z.object({
  /** the second currency (LBP beside USD); never the till's own currency */
  quote: currency,
  /** the currencies this till takes in cash: its own, the second, or both (a card is charged in its own) */
  accepts: z
    .array(currency)
    .min(1)
    .max(2)
    .refine((a) => new Set(a).size === a.length, 'a currency is listed once'),
  /** the smallest amount of the second currency handed over (5,000 LBP: small notes are scarce); 1 for none */
  quoteStep: nonNegativeMinor.min(1, 'a rounding step is at least 1'),
  /** nearest; down: toward the shop; up: toward the customer */
  rounding: z.enum(ROUNDING_MODES),
});
export type ExchangeSettings = z.infer<typeof exchangeSettings>;

/** A posted rate as the till knows it, with who posted it and when (the server's time once it has it). */
export const rateView = z.object({
  rateId: id,
  base: currency,
  quote: currency,
  rate: exchangeRateValue,
  note: z.string().nullable(),
  postedByName: z.string(),
  postedAt: isoTime,
  /** posted at this till, not yet acknowledged by the server */
  pending: z.boolean(),
});
export type RateView = z.infer<typeof rateView>;
export const exchangeView = z.object({
  /** the till's own currency: prices are in it */
  base: currency,
  settings: exchangeSettings,
  /** the rate sales use now; null before any was posted (the till then takes its own currency only) */
  current: rateView.nullable(),
  /** the latest posts, newest first, the current one among them */
  recent: z.array(rateView),
});
export type ExchangeView = z.infer<typeof exchangeView>;

/** What a sale in two currencies locked: its rate, its total in the second currency, the change per currency. */
export const receiptExchange = z.object({
  rate: lockedRateSchema,
  /** the total in the quote currency at the locked rate, to its minor unit */
  totalQuote: minor,
  changeIn: z.enum(CHANGE_IN),
  /** the change handed back in the quote currency (the receipt's `change` is the part in the sale's currency) */
  changeQuote: nonNegativeMinor,
  /** exact change minus what was handed back, in the quote's minor units (+: the shop kept it) */
  rounding: minor,
});
export type ReceiptExchange = z.infer<typeof receiptExchange>;

export const SALE_STATUSES = ['completed', 'partially_reversed', 'reversed'] as const;
export const receiptView = z.object({
  saleId: id,
  /** human receipt number, unique per till: "T1-000123" */
  number: z.string(),
  occurredAt: isoTime,
  tillName: z.string(),
  storeName: z.string(),
  cashierName: z.string(),
  currency,
  lines: z.array(
    z.object({
      lineId: id,
      productId: id,
      sku: z.string(),
      name: z.string(),
      unit: z.string(),
      qty: positiveMilli,
      unitPrice: minor,
      total: minor,
      reversed: z.boolean(),
      /** what was taken off the line (absent: nothing) */
      discount: nonNegativeMinor.optional(),
      /** the shelf's unit price when the line sold at another (a price override) */
      shelfUnitPrice: nonNegativeMinor.optional(),
      /** the VAT rate the line was charged at (absent: a sale without VAT, or one made before rates were locked per line) */
      rateBp: z.int().min(0).max(10_000).optional(),
    }),
  ),
  tenders: z.array(tenderSchema),
  total: minor,
  /** change handed back in the sale's currency (with `exchange`, the part in it) */
  change: minor,
  customerContact: customerContactSchema.nullable(),
  overrideReason: z.string().nullable(),
  status: z.enum(SALE_STATUSES),
  /** the rate the sale used and what it gave in the second currency; null or absent for a sale without a rate */
  exchange: receiptExchange.nullable().optional(),
  /** the VAT the sale locked, per rate (issue 11); null or absent for a sale without VAT */
  vat: lockedVatSchema.nullable().optional(),
  /** the tenant's legal identity printed at the top; null or absent when the till has none */
  legal: legalIdentitySchema.nullable().optional(),
});
export type ReceiptView = z.infer<typeof receiptView>;

/** A sale as a return sees it: the receipt, each line with what can still come back, and the returns so far. */
export const returnableSaleView = z.object({ receipt: receiptView, lines: z.array(returnableLineView), returns: z.array(returnView) });
export type ReturnableSaleView = z.infer<typeof returnableSaleView>;

/**
 * Where the next page of a receipt search starts: the last sale shown, as "<occurredAt>~<op seq>" (the order the
 * search sorts by). Opaque to the UI, which passes back what it was given.
 */
export const saleSearchCursor = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z~\d{1,15}$/, 'not a receipt search cursor');
/** Receipt history at the till: every filter given must match; none lists every sale. */
export const saleSearchInput = z.object({
  /** a receipt number or its beginning, as printed ("H1-000012", "H1-0000") */
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'a receipt number is letters, digits and dashes')
    .optional(),
  /** sales at or after this time */
  from: isoTime.optional(),
  /** sales before this time */
  to: isoTime.optional(),
  /** the exact total, in minor units */
  total: minor.optional(),
  limit: z.int().min(1).max(100).default(20),
  cursor: saleSearchCursor.optional(),
});
export const saleSearchPage = z.object({
  /** newest first */
  sales: z.array(receiptView),
  /** null on the last page */
  nextCursor: saleSearchCursor.nullable(),
});
export type SaleSearchPage = z.infer<typeof saleSearchPage>;

/**
 * Why syncing needs a person, beyond waiting for the network: the queue is blocked for good or every attempt
 * fails although the server answers. Each has words and a next step in the UI (sync.attention.<reason>).
 */
export const SYNC_ATTENTION_REASONS = [
  /** the server lacks ops this till already delivered (restored from a backup?) */
  'server_lost_ops',
  /** this database and the server's copy of its history disagree (an old copy of the till, or another till's token) */
  'history_mismatch',
  /** the server answered with something this till cannot read (different versions?) */
  'unreadable_answer',
  /** the server refused what the till sent, and sending it again will not help */
  'refused',
  /** the server refuses this till's token */
  'token_refused',
  /** the server answers, but with an error, every time */
  'server_failing',
  /** the till's own sync failed in a way it did not expect */
  'sync_failed',
] as const;
export type SyncAttentionReason = (typeof SYNC_ATTENTION_REASONS)[number];
export const syncAttention = z.object({
  reason: z.enum(SYNC_ATTENTION_REASONS),
  /** the technical detail, for support */
  detail: z.string(),
  since: isoTime,
});
export type SyncAttention = z.infer<typeof syncAttention>;

export const syncStatusView = z.object({
  online: z.boolean(),
  /** operations written locally and not yet acknowledged by the server */
  queued: z.int().min(0),
  lastSyncAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  openConflicts: z.int().min(0),
  /** while a backlog uploads: how much of it is done */
  progress: z.object({ done: z.int().min(0), total: z.int().min(0) }).nullable(),
  /**
   * while a pull of several pages runs: changes applied of those known to be waiting; `firstSync` while the till
   * loads its catalog for the first time (absent when no pull is running)
   */
  pullProgress: z.object({ done: z.int().min(0), total: z.int().min(0), firstSync: z.boolean() }).nullable().optional(),
  /** set while syncing needs a person (absent when it does not) */
  attention: syncAttention.nullable().optional(),
  /**
   * changes whenever what till.info answers changes (a pull brought new tax settings): the screens read till.info
   * once and keep it, so the header's poll reads it again when this moves (absent from an older backend)
   */
  tillInfoStamp: z.string().max(64).optional(),
});
export type SyncStatusView = z.infer<typeof syncStatusView>;

export const conflictView = z.object({
  id: id,
  kind: z.enum(['contact_customer', 'stock_discrepancy']),
  state: z.enum(CONFLICT_STATES),
  outcome: z.enum(CONFLICT_OUTCOMES).nullable(),
  saleId: id,
  lineId: id,
  productId: id,
  productName: z.string(),
  qty: positiveMilli,
  /** what the server had available when it replayed the sale */
  availableAtReplay: milli,
  customerContact: customerContactSchema.nullable(),
  tillName: z.string(),
  cashierName: z.string(),
  occurredAt: isoTime,
  /** where the product is still in stock, so the manager can offer a transfer or a back-order */
  elsewhere: z.array(z.object({ locationName: z.string(), available: milli })),
  history: z.array(z.object({ state: z.enum(CONFLICT_STATES), byName: z.string(), at: isoTime, note: z.string().nullable() })),
});
export type ConflictView = z.infer<typeof conflictView>;

export const lowStockRow = z.object({
  product: productSchema,
  available: milli,
  /** what to order to get back above the reorder point: reorder quantity, or more if far below */
  suggestedOrder: nonNegativeMilli,
});
export type LowStockRow = z.infer<typeof lowStockRow>;

export const stocktakeSheetRow = z.object({
  productId: id,
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  /** what the ledger expects on the shelf now */
  expected: milli,
});

/**
 * Where the till stood when the sheet was read; the UI hands it back with the count, so what moved while the
 * manager counted (sales, a pull) goes on top of the counted quantities instead of into them.
 */
export const stocktakeSheetSnapshot = stocktakeSnapshotSchema.extend({
  /** the till's highest ledger movement id when the sheet was read */
  movementId: z.int().min(0),
});
export type StocktakeSheetSnapshot = z.infer<typeof stocktakeSheetSnapshot>;

/**
 * The cart being rung up, as the UI keeps it in the till's database so a reload or a power cut does not lose
 * it (one per logged-in user). Products are referred to by id; `cart.load` answers them as they are now.
 */
const cartLineKey = z.string().regex(/^l\d{1,9}$/, 'a cart line key is l<number>');
/**
 * What the cart knows of earlier sale.complete calls that came back without a verdict (renderer/stores/cart.ts
 * `attempted`, `unconfirmedSaleIds`): kept with the cart, or after a reload the checkout could no longer ask
 * whether one of them was recorded, and would sell those goods a second time.
 */
const openCartAttempts = {
  unconfirmedSaleIds: z.array(id).max(20).optional(),
  /** the content sent with the current sale id (the sale request as JSON, without the id) */
  attempted: z.object({ content: z.string().max(200_000) }).optional(),
};
/**
 * A scale label as the till read it (shared/scan/scale-line.ts): the code, whether it carried the weight or the
 * price, the quantity it sells and what that costs before any discount (a price label: exactly its printed price).
 */
export const scaleLabelView = z.object({ code: barcode, kind: z.enum(['weight', 'price']), qty: positiveMilli, total: nonNegativeMinor });
export type ScaleLabelView = z.infer<typeof scaleLabelView>;

export const openCartInput = z.object({
  saleId: id,
  /**
   * `pack`: the line was scanned as this pack barcode (sale.complete prices it by the pack); `label`: as this scale
   * label (read again when the cart comes back)
   */
  lines: z
    .array(
      z.object({ key: cartLineKey, productId: id, qty: positiveMilli, pack: barcode.optional(), label: barcode.optional(), discount: discountSchema.optional(), price: nonNegativeMinor.optional() }),
    )
    .max(500),
  tenders: z.array(tenderSchema).max(10),
  customerContact: customerContactSchema.nullable(),
  /** off the whole cart */
  discount: discountSchema.optional(),
  /** the number of the next line key, so restored and new lines never share a key */
  nextKey: z.int().min(1).max(999_999_999),
  /** how the change is to be handed back, when the cashier chose */
  changeIn: z.enum(CHANGE_IN).optional(),
  ...openCartAttempts,
});
export type OpenCartInput = z.infer<typeof openCartInput>;
export const openCartView = z.object({
  saleId: id,
  currency,
  lines: z.array(
    z.object({
      key: cartLineKey,
      qty: positiveMilli,
      view: productView,
      pack: packBarcodeSchema.nullable().optional(),
      /** the scale label the line was scanned as, read again now (absent: not a label's, or no longer readable) */
      label: scaleLabelView.optional(),
      discount: discountSchema.optional(),
      price: nonNegativeMinor.optional(),
    }),
  ),
  tenders: z.array(tenderSchema),
  customerContact: customerContactSchema.nullable(),
  discount: discountSchema.optional(),
  nextKey: z.int().min(1).max(999_999_999),
  changeIn: z.enum(CHANGE_IN).optional(),
  /** lines left out because this till no longer has their product */
  dropped: z.int().min(0),
  ...openCartAttempts,
});
export type OpenCartView = z.infer<typeof openCartView>;

/** A cart on hold (issue 11): who parked it and when, and its first items, for the cashier to pick it out. */
export const heldCartView = z.object({
  holdId: id,
  label: z.string().nullable(),
  heldAt: isoTime,
  heldByName: z.string(),
  lines: z.int().min(0),
  items: z.array(z.string()).max(3),
});
export type HeldCartView = z.infer<typeof heldCartView>;

/** A product as a transfer or reservation line shows it, so a screen needs no lookup per line. */
const lineProduct = { productId: id, sku: z.string(), name: z.string(), unit: z.string() };

export const locationView = z.object({
  id,
  name: z.string(),
  kind: z.enum(LOCATION_KINDS),
  /** this till's own store */
  own: z.boolean(),
});
export type LocationView = z.infer<typeof locationView>;

/**
 * A transfer from or to this till's store (shared/domain/transfer.ts), as the server last said, with this
 * till's own steps not yet acknowledged laid on top (`pending`). Per product: what was asked for, sent, received
 * (good and damaged), and what is still unexplained (short: sent but never arrived; over: arrived, never sent).
 */
export const transferView = z.object({
  id,
  /** short human label, printed on the delivery note beside its barcode: "T-1A2B-3C4D" */
  label: z.string(),
  direction: z.enum(['outgoing', 'incoming']),
  source: z.object({ id, name: z.string() }),
  destination: z.object({ id, name: z.string() }),
  status: z.enum(TRANSFER_STATUSES),
  lines: z.array(
    z.object({
      ...lineProduct,
      requested: nonNegativeMilli,
      sent: nonNegativeMilli,
      received: nonNegativeMilli,
      damaged: nonNegativeMilli,
      short: milli,
      over: milli,
      /**
       * written off as lost and not found since: what a `found` resolution may still take back (the destination
       * offers it when an excess is open). Absent from an older backend: nothing written off.
       */
      writtenOff: nonNegativeMilli.optional(),
    }),
  ),
  note: z.string().nullable(),
  createdByName: z.string(),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
  receivedAt: isoTime.nullable(),
  /** steps taken at this till that the server has not acknowledged yet */
  pending: z.boolean(),
  history: z.array(z.object({ step: z.string(), byName: z.string(), at: isoTime, note: z.string().nullable() })),
});
export type TransferView = z.infer<typeof transferView>;

const transferLineInput = z.object({ productId: id, qty: positiveMilli });

export const reservationView = z.object({
  id,
  status: z.enum(RESERVATION_STATUSES),
  lines: z.array(
    z.object({
      lineId: id,
      ...lineProduct,
      requested: positiveMilli,
      held: nonNegativeMilli,
      fulfilled: nonNegativeMilli,
      /** the server could not hold it (it no longer fitted when replayed): call the customer */
      refused: z.boolean(),
      /** available at this store after every open reservation, now */
      availableNow: milli,
    }),
  ),
  customerContact: customerContactSchema,
  expiresAt: isoTime,
  createdAt: isoTime,
  createdByName: z.string(),
  endedAt: isoTime.nullable(),
  note: z.string().nullable(),
  pending: z.boolean(),
});
export type ReservationView = z.infer<typeof reservationView>;


/**
 * What a scanned code is: the product, the pack when the code was one of its pack barcodes, and the label when it
 * was a scale label of the store's formats (absent: not one).
 */
export const scanView = productView.extend({ pack: packBarcodeSchema.nullable(), label: scaleLabelView.optional() });
export type ScanView = z.infer<typeof scanView>;

export const branchApi = {
  'till.info': { access: 'public', input: z.object({}), output: tillInfo },
  /**
   * first run: a till not yet enrolled trades head office's one-time code at the sync server for its identity
   * and starts its first sync (shared/sync/enrolment.ts); refused (DUPLICATE) once the till has an identity
   */
  'till.enrol': { access: 'public', input: z.object({ serverUrl: z.string().max(300), code: z.string().max(40) }), output: tillInfo },
  /** public: the login screen is already in the till's language */
  'till.settings': { access: 'public', input: z.object({}), output: displaySettings },
  /** a manager sets the till's language and digits; unknown values are refused */
  'till.setDisplay': { access: 'manager', input: displaySettings.strict(), output: displaySettings },
  /** the shop's limit for a discount without a manager, in basis points of a line's shelf total */
  'till.setDiscountLimit': { access: 'manager', input: z.object({ bp: z.int().min(0).max(10_000) }), output: tillInfo },
  /** the till's second currency, its settings and the rate sales use now, with who posted it and when */
  'exchange.current': { access: 'cashier', input: z.object({}), output: exchangeView },
  /**
   * a manager posts the day's rate (quote per one unit of the till's currency), offline too: recorded with its op
   * and used by the next sale; a rate of zero, below or absurdly large is refused with nothing written
   */
  'exchange.postRate': {
    access: 'manager',
    input: z.object({ rateId: id, rate: exchangeRateValue, note: freeText(200).optional() }),
    output: exchangeView,
  },
  /** a manager sets the second currency, the cash currencies taken and the rounding of the second currency */
  'exchange.setSettings': { access: 'manager', input: exchangeSettings.strict(), output: exchangeView },
  'session.users': { access: 'public', input: z.object({}), output: z.array(userSchema) },
  'session.current': { access: 'public', input: z.object({}), output: sessionView },
  'session.login': { access: 'public', input: z.object({ userId: id, pin }), output: sessionView },
  'session.elevate': { access: 'cashier', input: z.object({ pin }), output: sessionView },
  'session.logout': { access: 'public', input: z.object({}), output: sessionView },

  /**
   * a product's own barcode, one of its pack barcodes (then `pack` says how many units it adds), or a scale label of
   * the store's formats (then `label` says what it sells); a label of no product, of goods not sold by weight, or of
   * nothing is refused with details.reason (shared/scan/scale-line.ts SCALE_REFUSALS)
   */
  'catalog.lookup': { access: 'cashier', input: z.object({ code: z.string().max(64) }), output: scanView },
  /** the checkout's favourites grid, in its order (goods without a label, rung up by touch) */
  'catalog.favourites': { access: 'cashier', input: z.object({}), output: z.array(productView) },
  /** a manager sets the grid: at most 24 products of this till's catalog, each once */
  'catalog.setFavourites': { access: 'manager', input: z.object({ productIds: z.array(id).max(24) }), output: z.array(productView) },
  'catalog.search': {
    access: 'cashier',
    input: z.object({ query: z.string().trim().min(1).max(100), limit: z.int().min(1).max(50).default(20) }),
    output: z.array(productView),
  },

  'sale.complete': {
    access: 'cashier',
    input: z.object({
      /** made by the UI once per sale and reused on every retry: a repeat returns the same receipt */
      saleId: id,
      /**
       * `pack`: the line was scanned as this pack barcode of the product; its qty must be a whole number of packs,
       * priced at the pack's price when it has one; `label`: the line was scanned as this scale label, which the till
       * reads again (its qty must be what the label sells; a price label costs its printed price); `discount` off the
       * line (shared/domain/discounts.ts); `price` a unit price the cashier set instead of the shelf's (not on a pack
       * line nor a price label's; lowered past the shop's limit, a manager's)
       */
      lines: z
        .array(
          z.object({
            productId: id,
            qty: positiveMilli,
            pack: barcode.optional(),
            label: barcode.optional(),
            discount: discountSchema.optional(),
            price: nonNegativeMinor.optional(),
          }),
        )
        .min(1)
        .max(500),
      /**
       * each in a currency the till takes (absent: the till's own); cash of either currency settles through
       * shared/domain/exchange.ts settle() at the till's current rate, a card is charged in the till's own currency
       */
      tenders: z.array(tenderSchema).min(1).max(10),
      /** how change is handed back: in the till's currency (the default, as before), the second one, or split */
      changeIn: z.enum(CHANGE_IN).optional(),
      /** the rate the screen showed its amounts at: refused (nothing written) when the till's current rate is another */
      rateId: id.optional(),
      customerContact: customerContactSchema.optional(),
      /** sell beyond recorded stock; needs a manager approval in the session */
      override: z.object({ reason: shortText }).optional(),
      /** off the whole cart, spread over the lines (shared/domain/discounts.ts); past the shop's limit a manager approves */
      discount: discountSchema.optional(),
    }),
    output: receiptView,
  },
  'sale.get': { access: 'cashier', input: z.object({ saleId: id }), output: receiptView },
  /**
   * print a sale's receipt on the till's receipt printer (a raster picture: shared/api/printer-api.ts); `copy`
   * marks a reprint, which never opens the drawer. UNAVAILABLE with details.reason 'no_printer' or 'no_raster'
   * (web mode) when this till has no printer to send to: the page then prints through the browser
   */
  'receipt.print': { access: 'cashier', input: z.object({ saleId: id, copy: z.boolean().default(false) }), output: printOutcome },
  /** the logged-in user's open cart, or null; a cart whose sale was completed meanwhile is gone */
  'cart.load': { access: 'cashier', input: z.object({}), output: openCartView.nullable() },
  /** keeps the logged-in user's open cart; an empty cart (no lines, payments or contact) removes it */
  'cart.save': { access: 'cashier', input: openCartInput, output: z.object({ saved: z.boolean() }) },
  /** parks the cart on screen (one customer steps aside, the next is served); answers the carts on hold */
  'cart.hold': { access: 'cashier', input: z.object({ holdId: id, label: freeText(60).optional(), cart: openCartInput }), output: z.array(heldCartView) },
  /**
   * scanned lines taken out of the basket (`whole`: the basket thrown away), approved by a manager and recorded
   * as op line_void; the screen takes them out once this answers
   */
  'cart.void': {
    access: 'manager',
    input: z.object({ voidId: id, saleId: id, lines: z.array(z.object({ productId: id, qty: positiveMilli })).min(1).max(500), whole: z.boolean() }),
    output: z.object({ voidId: id }),
  },
  'cart.held': { access: 'cashier', input: z.object({}), output: z.array(heldCartView) },
  /** takes a held cart off hold as the user's open cart */
  'cart.resume': { access: 'cashier', input: z.object({ holdId: id }), output: openCartView },
  'sale.recent': { access: 'cashier', input: z.object({ limit: z.int().min(1).max(100).default(20) }), output: z.array(receiptView) },
  /** find past sales by number, time or amount, newest first, a page at a time (reprinting a receipt) */
  'sale.search': { access: 'cashier', input: saleSearchInput, output: saleSearchPage },
  /** a sale as a return sees it (found by its receipt's barcode or in the history): what can still come back */
  'return.lookup': { access: 'cashier', input: z.object({ saleId: id }), output: returnableSaleView },
  /** the refund of the picked lines, worked out as return.complete would, writing nothing */
  'return.preview': { access: 'cashier', input: returnPreviewInput, output: returnPreview },
  /** takes the lines back (to stock or to waste) and refunds into the sale's tenders; a manager approves every return */
  'return.complete': { access: 'manager', input: returnInput, output: returnView },

  'stock.receive': {
    access: 'manager',
    input: z.object({
      receiptId: id,
      lines: z.array(z.object({ productId: id, qty: positiveMilli })).min(1).max(1000),
      supplier: freeText(200).optional(),
      reference: freeText(200).optional(),
    }),
    output: z.object({ receiptId: id, levels: z.array(z.object({ productId: id, level: levelSchema })) }),
  },
  'stock.waste': {
    access: 'manager',
    input: z.object({
      wasteId: id,
      lines: z.array(z.object({ productId: id, qty: positiveMilli, reason: z.enum(WASTE_REASONS) })).min(1).max(1000),
      note: freeText(500).optional(),
    }),
    output: z.object({ wasteId: id, levels: z.array(z.object({ productId: id, level: levelSchema })) }),
  },
  'stock.stocktakeSheet': {
    access: 'manager',
    input: z.object({ query: z.string().trim().max(100).optional(), limit: z.int().min(1).max(5000).default(500) }),
    output: z.object({ snapshot: stocktakeSheetSnapshot, rows: z.array(stocktakeSheetRow) }),
  },
  'stock.stocktake': {
    access: 'manager',
    input: z.object({
      stocktakeId: id,
      counts: z.array(z.object({ productId: id, counted: nonNegativeMilli })).min(1).max(20000),
      /** the sheet's snapshot; without it the count is taken at its commit */
      snapshot: stocktakeSheetSnapshot.optional(),
    }),
    output: z.object({
      stocktakeId: id,
      variances: z.array(z.object({ productId: id, before: milli, counted: nonNegativeMilli, variance: milli })),
    }),
  },
  'stock.lowStock': { access: 'manager', input: z.object({}), output: z.array(lowStockRow) },

  /** every location of the tenant, for choosing where a transfer goes or comes from */
  'till.locations': { access: 'cashier', input: z.object({}), output: z.array(locationView) },

  /** transfers from or to this store, newest first; `open` leaves out cancelled and closed ones */
  'transfer.list': {
    access: 'manager',
    input: z.object({ open: z.boolean().default(true), limit: z.int().min(1).max(200).default(50) }),
    output: z.array(transferView),
  },
  /** one transfer, by id or by the code scanned off its delivery note (shared/scan/transfer-code.ts) */
  'transfer.get': { access: 'manager', input: z.union([z.object({ transferId: id }), z.object({ code: z.string().max(64) })]), output: transferView },
  /** ask for stock (this store is the destination) or offer it (this store is the source); nothing moves yet */
  'transfer.request': {
    access: 'manager',
    input: z.object({ transferId: id, sourceId: id, destinationId: id, lines: z.array(transferLineInput).min(1).max(1000), note: freeText(500).optional() }),
    output: transferView,
  },
  /** approve (source), cancel (either end, before it is sent), close (destination, once nothing is unexplained) */
  'transfer.step': {
    access: 'manager',
    input: z.object({ actionId: id, transferId: id, step: z.enum(TRANSFER_STEPS), note: freeText(500).optional() }),
    output: transferView,
  },
  /** the goods leave this store: on hand down here (refused without the stock), in transit at the destination */
  'transfer.dispatch': {
    access: 'manager',
    input: z.object({ dispatchId: id, transferId: id, destinationId: id, lines: z.array(transferLineInput).min(1).max(1000), note: freeText(500).optional() }),
    output: transferView,
  },
  /** what arrived here; more than was sent must say why (`over`); the rest of a shortfall stays to resolve */
  'transfer.receive': {
    access: 'manager',
    input: z.object({ receivingId: id, transferId: id, sourceId: id, lines: z.array(transferReceiptLineSchema).min(1).max(1000), note: freeText(500).optional() }),
    output: transferView,
  },
  /** settle what a receipt left unexplained, with why */
  'transfer.resolve': {
    access: 'manager',
    input: z.object({ resolutionId: id, transferId: id, kind: z.enum(TRANSFER_RESOLUTIONS), productId: id, qty: positiveMilli, reason: shortText }),
    output: transferView,
  },

  /** reservations at this store, soonest to lapse first; `open` lists only those still holding stock */
  'reservation.list': {
    access: 'cashier',
    input: z.object({ open: z.boolean().default(true), limit: z.int().min(1).max(200).default(50) }),
    output: z.array(reservationView),
  },
  /** set stock aside for a customer: refused, with nothing written, when available does not cover every line */
  'reservation.create': {
    access: 'cashier',
    input: z.object({
      reservationId: id,
      lines: z.array(transferLineInput).min(1).max(200),
      customerContact: customerContactSchema,
      /** how long it holds the stock, in hours (at most MAX_HOLD_HOURS) */
      holdHours: z.number().positive().max(MAX_HOLD_HOURS),
      note: freeText(500).optional(),
    }),
    output: reservationView,
  },
  /** the customer collected: per line what left (absent lines: all of it); the rest of each hold is released */
  'reservation.fulfil': {
    access: 'cashier',
    input: z.object({ reservationId: id, lines: z.array(z.object({ lineId: id, qty: nonNegativeMilli })).max(200).optional() }),
    output: reservationView,
  },
  'reservation.release': {
    access: 'cashier',
    input: z.object({ reservationId: id, note: freeText(500).optional() }),
    output: reservationView,
  },

  /** the till's open shift with its X report (read-only), or null: sales are allowed without one, the checkout asks for one */
  'shift.current': { access: 'cashier', input: z.object({}), output: shiftView.nullable() },
  /** open the till's shift with the float counted per currency; refused while one is open */
  'shift.open': { access: 'cashier', input: shiftOpenInput, output: shiftView },
  /** cash put in or taken out of the open shift's drawer, with why; a paid-out needs a manager's PIN */
  'shift.cashMove': { access: 'cashier', input: cashMoveInput, output: shiftView },
  /** count every currency, close the shift and print its Z report (the till's next number); a closed Z never changes */
  'shift.close': { access: 'cashier', input: shiftCloseInput, output: zReportView },
  /** the receipt printer and cash drawer of this till (the checkout reads whether to print by itself) */
  'printer.settings': { access: 'cashier', input: z.object({}), output: printerSettings },
  'printer.setSettings': { access: 'manager', input: printerSettings, output: printerSettings },
  /** a no-sale: the drawer opened with nothing sold, with why; a manager's, recorded as op drawer_open */
  'drawer.open': {
    access: 'manager',
    input: z.object({ openId: id, reason: shortText }),
    output: z.object({ openId: id, shiftId: id.nullable(), occurredAt: isoTime }),
  },
  /** one Z report of this till, as printed at closing */
  'shift.zReport': { access: 'cashier', input: z.object({ shiftId: id }), output: zReportView },
  /** a Z report on the receipt printer (UNAVAILABLE no_printer / no_raster: the page prints it instead) */
  'shift.printZ': { access: 'cashier', input: z.object({ shiftId: id }), output: printOutcome },
  /** the till's Z reports, newest first (a reprint shows them exactly as printed) */
  'shift.zReports': { access: 'cashier', input: z.object({ limit: z.int().min(1).max(100).default(20) }), output: z.array(zReportView) },

  'sync.status': { access: 'public', input: z.object({}), output: syncStatusView },
  'sync.now': { access: 'cashier', input: z.object({}), output: syncStatusView },

  'conflicts.list': {
    access: 'manager',
    input: z.object({ state: z.enum(CONFLICT_STATES).optional() }),
    output: z.array(conflictView),
  },
  'conflicts.update': {
    access: 'manager',
    input: z.intersection(z.object({ conflictId: id }), conflictActionSchema),
    output: conflictView,
  },
} as const satisfies Record<string, Endpoint>;

export type BranchApi = typeof branchApi;
export type BranchMethod = keyof BranchApi;
/** What a caller passes (defaults may be omitted). */
export type BranchInput<M extends BranchMethod> = z.input<BranchApi[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type BranchParsedInput<M extends BranchMethod> = z.output<BranchApi[M]['input']>;
export type BranchOutput<M extends BranchMethod> = z.output<BranchApi[M]['output']>;

export type BranchResult<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** The one function a transport provides: Electron's preload and web mode's fetch client both satisfy it. */
export interface BranchBridge {
  call<M extends BranchMethod>(method: M, input: BranchInput<M>): Promise<BranchResult<BranchOutput<M>>>;
}

export const BRANCH_METHODS = Object.keys(branchApi) as BranchMethod[];
export function isBranchMethod(name: string): name is BranchMethod {
  return Object.hasOwn(branchApi, name);
}
