import type { BranchInput, BranchMethod, BranchOutput, SessionView } from '../../shared/api/branch-api';
import type { ErrorBody } from '../../shared/domain/errors';

/**
 * What the renderer knows about each branch API method beyond its schemas: whether it reads or writes, how long a
 * read's answer holds, and which reads a write changes. `./branch-data` applies this table; screens never
 * refresh another screen's data by hand.
 */

/** Every method of the contract, sorted: a method added to shared/api/branch-api.ts fails the type check until it is here. */
export const METHOD_KIND = {
  'till.info': 'read',
  'till.enrol': 'write',
  'till.settings': 'read',
  'till.setDisplay': 'write',
  'till.setDiscountLimit': 'write',
  'exchange.current': 'read',
  'exchange.postRate': 'write',
  'exchange.setSettings': 'write',
  'session.users': 'read',
  'session.current': 'read',
  'session.login': 'write',
  'session.elevate': 'write',
  'session.logout': 'write',
  'catalog.lookup': 'read',
  'catalog.search': 'read',
  'catalog.favourites': 'read',
  'catalog.setFavourites': 'write',
  'sale.complete': 'write',
  'sale.get': 'read',
  'cart.load': 'read',
  'cart.save': 'write',
  'cart.hold': 'write',
  'cart.held': 'read',
  'cart.void': 'write',
  'cart.resume': 'write',
  'sale.recent': 'read',
  'sale.search': 'read',
  'stock.receive': 'write',
  'stock.waste': 'write',
  'stock.stocktakeSheet': 'read',
  'stock.stocktake': 'write',
  'stock.lowStock': 'read',
  'till.locations': 'read',
  'transfer.list': 'read',
  'transfer.get': 'read',
  'transfer.request': 'write',
  'transfer.step': 'write',
  'transfer.dispatch': 'write',
  'transfer.receive': 'write',
  'transfer.resolve': 'write',
  'reservation.list': 'read',
  'reservation.create': 'write',
  'reservation.fulfil': 'write',
  'reservation.release': 'write',
  'sync.status': 'read',
  'sync.now': 'write',
  'conflicts.list': 'read',
  'conflicts.update': 'write',
  'shift.current': 'read',
  'shift.open': 'write',
  'shift.cashMove': 'write',
  'shift.close': 'write',
  'shift.zReports': 'read',
  'shift.zReport': 'read',
  'shift.printZ': 'write',
  'return.lookup': 'read',
  'return.preview': 'read',
  'return.complete': 'write',
  'receipt.print': 'write',
  'printer.settings': 'read',
  'printer.setSettings': 'write',
  'drawer.open': 'write',
} as const satisfies Record<BranchMethod, 'read' | 'write'>;

type Kind = typeof METHOD_KIND;
export type ReadMethod = { [M in BranchMethod]: Kind[M] extends 'read' ? M : never }[BranchMethod];
export type WriteMethod = { [M in BranchMethod]: Kind[M] extends 'write' ? M : never }[BranchMethod];

/**
 * How long an answer is taken as current (ms) before a newly shown screen asks again; 0 unless listed. The till,
 * its users and the session change only through a write of this page (which puts the new answer in the cache) or
 * a backend restart (answered UNAUTHENTICATED, see `LOGGED_OUT`): asking again for every component that formats
 * money would only add calls to the scan path.
 */
export const READ_STALE_MS: Partial<Record<ReadMethod, number>> = {
  'till.info': Infinity,
  'till.settings': Infinity,
  'session.users': Infinity,
  'session.current': Infinity,
  'printer.settings': Infinity,
  // The tenant's locations change only with head office's setup, which a till learns of by a restart at most.
  'till.locations': 60_000,
};

/** The session as the backend has it once nobody is logged in. */
export const LOGGED_OUT: SessionView = { user: null, manager: null, managerUntil: null };

/** What a write may do to the cache at once, from its own answer. */
export interface CacheEdit {
  set<R extends ReadMethod>(method: R, input: BranchInput<R>, value: BranchOutput<R>): void;
  /** every cached answer of `method`, whatever its input */
  updateEach<R extends ReadMethod>(method: R, update: (value: BranchOutput<R>, input: BranchInput<R>) => BranchOutput<R>): void;
}

export interface WriteEffect<W extends WriteMethod> {
  /**
   * Reads whose answers the write may have changed: refetched (those on screen) after every attempt, answered or
   * not. A refused write changed nothing and costs one refetch; one without a verdict (UNAVAILABLE) may have
   * changed all it could.
   */
  invalidates: readonly ReadMethod[];
  /** what the write's own answer says, put in the cache before anything is refetched */
  onOk?: (cache: CacheEdit, value: BranchOutput<W>, input: BranchInput<W>) => void;
  onFail?: (cache: CacheEdit, error: ErrorBody) => void;
}

/**
 * What a stock movement changes: every read that shows an available quantity or a level (a reservation shows what
 * is available after it, so a sale changes that too).
 */
const STOCK_READS = ['catalog.lookup', 'catalog.search', 'catalog.favourites', 'stock.lowStock', 'stock.stocktakeSheet', 'cart.load', 'reservation.list'] as const satisfies readonly ReadMethod[];
const setSession = (cache: CacheEdit, value: SessionView) => cache.set('session.current', {}, value);

/**
 * A transfer step's answer is the transfer as it now stands: shown at once in every list that holds it and in its
 * own detail (read by id), before the refetch; a list of open ones drops it once it is closed or cancelled.
 */
const TRANSFER_WRITE: WriteEffect<'transfer.request' | 'transfer.step' | 'transfer.dispatch' | 'transfer.receive' | 'transfer.resolve'> = {
  invalidates: [...STOCK_READS, 'transfer.list', 'transfer.get', 'sync.status'],
  onOk: (cache, updated) => {
    cache.set('transfer.get', { transferId: updated.id }, updated);
    cache.updateEach('transfer.list', (rows, input) => {
      const open = input.open ?? true;
      const kept = rows.map((r) => (r.id === updated.id ? updated : r)).filter((r) => !open || (r.status !== 'closed' && r.status !== 'cancelled'));
      return kept.some((r) => r.id === updated.id) || (open && (updated.status === 'closed' || updated.status === 'cancelled')) ? kept : [updated, ...kept];
    });
  },
};
/** A reservation's answer replaces it in every list; a list of open ones drops it once it ended. */
const RESERVATION_WRITE: WriteEffect<'reservation.create' | 'reservation.fulfil' | 'reservation.release'> = {
  invalidates: [...STOCK_READS, 'sync.status'],
  onOk: (cache, updated) =>
    cache.updateEach('reservation.list', (rows, input) => {
      const open = input.open ?? true;
      const kept = rows.map((r) => (r.id === updated.id ? updated : r)).filter((r) => !open || r.status === 'open');
      return kept.some((r) => r.id === updated.id) || (open && updated.status !== 'open') ? kept : [...kept, updated];
    }),
};

export const WRITE_EFFECTS: { [W in WriteMethod]: WriteEffect<W> } = {
  // The new language and digits show at once, on every screen (App applies till.settings to the page).
  'till.setDisplay': { invalidates: ['till.settings'], onOk: (cache, value) => cache.set('till.settings', {}, value) },
  // The new rate or settings show at once on the checkout and the manager's tab; a posted rate is an op to sync.
  // the new limit reaches the checkout at once (the cart asks for a manager past it)
  'till.setDiscountLimit': { invalidates: ['till.info'], onOk: (cache, value) => cache.set('till.info', {}, value) },
  // an enrolled till has an identity, its server's users (once the first pull brings them) and a sync to show
  'till.enrol': { invalidates: ['till.info', 'till.settings', 'session.users', 'session.current', 'sync.status'], onOk: (cache, value) => cache.set('till.info', {}, value) },
  'exchange.postRate': { invalidates: ['exchange.current', 'sync.status'], onOk: (cache, value) => cache.set('exchange.current', {}, value) },
  'exchange.setSettings': { invalidates: ['exchange.current'], onOk: (cache, value) => cache.set('exchange.current', {}, value) },
  'session.login': { invalidates: [], onOk: setSession },
  'session.elevate': { invalidates: [], onOk: setSession },
  // The screen forgets the user even when the backend did not answer: whoever stands at the till asked to leave.
  'session.logout': { invalidates: [], onOk: setSession, onFail: (cache) => setSession(cache, LOGGED_OUT) },
  // A sale moves stock, queues an op for the server (sync.status counts it) and removes the open cart; one refused
  // because the rate changed meanwhile needs the new rate on screen.
  'sale.complete': { invalidates: [...STOCK_READS, 'sale.get', 'sale.recent', 'sale.search', 'sync.status', 'exchange.current', 'shift.current'] },
  // A shift's writes answer the shift as it stands (the X report); closing ends it and adds a Z report.
  'shift.open': { invalidates: ['shift.current', 'sync.status'], onOk: (cache, value) => cache.set('shift.current', {}, value) },
  'shift.cashMove': { invalidates: ['shift.current', 'sync.status'], onOk: (cache, value) => cache.set('shift.current', {}, value) },
  'shift.close': { invalidates: ['shift.current', 'shift.zReports', 'sync.status'], onOk: (cache) => cache.set('shift.current', {}, null) },
  // A return moves stock back, queues its op, and a cash refund leaves the open shift's drawer.
  'return.complete': { invalidates: [...STOCK_READS, 'return.lookup', 'return.preview', 'sync.status', 'shift.current'] },
  // Printing changes no read; a no-sale is an op to sync.
  'receipt.print': { invalidates: [] },
  'shift.printZ': { invalidates: [] },
  'printer.setSettings': { invalidates: ['printer.settings'], onOk: (cache, value) => cache.set('printer.settings', {}, value) },
  'drawer.open': { invalidates: ['sync.status', 'shift.current'] },
  'cart.save': { invalidates: ['cart.load'] },
  // a void is an op to sync; the basket itself is the screen's, saved by cart.save
  'cart.void': { invalidates: ['sync.status'] },
  'catalog.setFavourites': { invalidates: ['catalog.favourites'], onOk: (cache, value) => cache.set('catalog.favourites', {}, value) },
  'cart.hold': { invalidates: ['cart.load'], onOk: (cache, value) => cache.set('cart.held', {}, value) },
  'cart.resume': { invalidates: ['cart.load', 'cart.held'] },
  'stock.receive': { invalidates: [...STOCK_READS, 'sync.status'] },
  'stock.waste': { invalidates: [...STOCK_READS, 'sync.status'] },
  'stock.stocktake': { invalidates: [...STOCK_READS, 'sync.status'] },
  'transfer.request': TRANSFER_WRITE,
  'transfer.step': TRANSFER_WRITE,
  'transfer.dispatch': TRANSFER_WRITE,
  'transfer.receive': TRANSFER_WRITE,
  'transfer.resolve': TRANSFER_WRITE,
  'reservation.create': RESERVATION_WRITE,
  'reservation.fulfil': RESERVATION_WRITE,
  'reservation.release': RESERVATION_WRITE,
  // A sync may pull catalog and stock changes and new conflicts; its answer is the new status.
  'sync.now': {
    // ...and reversals of sales' lines (a receipt's status), transfers and reservations as the server has them.
    invalidates: [...STOCK_READS, 'conflicts.list', 'sale.get', 'sale.recent', 'sale.search', 'return.lookup', 'transfer.list', 'transfer.get', 'exchange.current'],
    onOk: (cache, status) => cache.set('sync.status', {}, status),
  },
  'conflicts.update': {
    invalidates: ['conflicts.list', 'sync.status'],
    // The changed row shows at once, in every list it still belongs to (a list of one state drops it when it moves on).
    onOk: (cache, updated) =>
      cache.updateEach('conflicts.list', (rows, input) =>
        rows.map((c) => (c.id === updated.id ? updated : c)).filter((c) => input.state === undefined || c.state === input.state),
      ),
  },
};

/** A call refused as UNAUTHENTICATED outside the session methods: the backend forgot us (restart, expiry). */
export function sessionLost(method: BranchMethod, error: ErrorBody): boolean {
  return error.code === 'UNAUTHENTICATED' && !method.startsWith('session.');
}
