import { tillInfo } from '../services/till-info';
import { enrolThisTill } from '../services/enrolment';
import type { BranchMethod, BranchOutput, BranchParsedInput } from '../../shared/api/branch-api';
import { DomainError } from '../../shared/domain/errors';
import {
  completeSale,
  createReservation,
  fulfilReservation,
  listReservations,
  releaseReservation,
  listConflicts,
  loadCart,
  lookupBarcode,
  lowStock,
  recentReceipts,
  receiveGoods,
  recordStocktake,
  recordWaste,
  requireReceipt,
  saveCart,
  searchProducts,
  searchReceipts,
  stocktakeSheet,
  syncStatus,
  updateConflict,
  exchangeView,
  postRate,
  setExchangeSettings,
} from '../services';
import { readDisplaySettings, writeDisplaySettings } from '../store/display-settings-repo';
import { writePrinterSettings } from '../store/printer-repo';
import { writeDiscountLimit } from '../store/selling-settings-repo';
import { closeShift, currentShift, moveCash, openShift, recentZReports, requireZReport } from '../services/shifts';
import { holdCart, listHeldCarts, resumeCart } from '../services/held-carts';
import { voidCartLines } from '../services/line-voids';
import { favourites, setFavourites } from '../services/favourites';
import { completeReturn, previewReturn, returnableSale } from '../services/returns';
import { dispatchTransfer, getTransfer, listTransfers, receiveTransfer, requestTransfer, resolveTransfer, stepTransfer, tillLocations } from '../services/transfers';
import { actorOf, type Ctx } from './context';

/** One handler per branch API method: a method without one does not compile. */
export type Handlers = {
  [M in BranchMethod]: (input: BranchParsedInput<M>, ctx: Ctx) => BranchOutput<M> | Promise<BranchOutput<M>>;
};

export const handlers: Handlers = {
  'till.info': (_input, ctx) => tillInfo(ctx.store),
  'till.enrol': (input, ctx) => enrolThisTill(ctx.store, ctx.syncAgent, input),
  'till.settings': (_input, ctx) => readDisplaySettings(ctx.store),
  'till.setDiscountLimit': (input, ctx) => {
    // the manager who set it (their PIN in a cashier's session, or their own login), as till.setDisplay records
    const actor = actorOf(ctx);
    writeDiscountLimit(ctx.store, input.bp, actor.managerId ?? actor.userId, ctx.now().toISOString());
    return tillInfo(ctx.store);
  },
  'till.setDisplay': (input, ctx) => {
    const actor = actorOf(ctx);
    // the manager who approved it: a cashier's session elevated by a manager's PIN records that manager
    return writeDisplaySettings(ctx.store, input, actor.managerId ?? actor.userId, ctx.now().toISOString());
  },
  'exchange.current': (_input, ctx) => exchangeView(ctx.store),
  'exchange.postRate': (input, ctx) => postRate(ctx.store, input, actorOf(ctx), ctx.now()),
  'exchange.setSettings': (input, ctx) => setExchangeSettings(ctx.store, input, actorOf(ctx), ctx.now()),
  'session.users': (_input, ctx) => ctx.sessions.users(),
  'session.current': (_input, ctx) => ctx.sessions.current(),
  'session.login': (input, ctx) => ctx.sessions.login(input.userId, input.pin),
  'session.elevate': (input, ctx) => ctx.sessions.elevate(input.pin),
  'session.logout': (_input, ctx) => ctx.sessions.logout(),

  'catalog.lookup': (input, ctx) => lookupBarcode(ctx.store, input.code),
  'catalog.search': (input, ctx) => searchProducts(ctx.store, input.query, input.limit),

  'sale.complete': (input, ctx) => completeSale(ctx.store, input, actorOf(ctx), ctx.now()),
  'sale.get': (input, ctx) => requireReceipt(ctx.store, input.saleId),
  'receipt.print': (input, ctx) => ctx.printing.printReceipt(input),
  'sale.recent': (input, ctx) => recentReceipts(ctx.store, input.limit),
  'sale.search': (input, ctx) => searchReceipts(ctx.store, input),
  'cart.load': (_input, ctx) => loadCart(ctx.store, actorOf(ctx).userId),
  'cart.save': (input, ctx) => saveCart(ctx.store, actorOf(ctx).userId, input, ctx.now()),
  'catalog.favourites': (_input, ctx) => favourites(ctx.store),
  'catalog.setFavourites': (input, ctx) => {
    const actor = actorOf(ctx);
    return setFavourites(ctx.store, input.productIds, actor.managerId ?? actor.userId, ctx.now());
  },
  'cart.hold': (input, ctx) => holdCart(ctx.store, actorOf(ctx).userId, input, ctx.now()),
  'cart.held': (_input, ctx) => listHeldCarts(ctx.store),
  'cart.void': (input, ctx) => voidCartLines(ctx.store, input, actorOf(ctx), ctx.now()),
  'cart.resume': (input, ctx) => resumeCart(ctx.store, actorOf(ctx).userId, input, ctx.now()),

  'stock.receive': (input, ctx) => receiveGoods(ctx.store, input, actorOf(ctx), ctx.now()),
  'stock.waste': (input, ctx) => recordWaste(ctx.store, input, actorOf(ctx), ctx.now()),
  'stock.stocktakeSheet': (input, ctx) => stocktakeSheet(ctx.store, input, ctx.now()),
  'stock.stocktake': (input, ctx) => recordStocktake(ctx.store, input, actorOf(ctx), ctx.now()),
  'stock.lowStock': (_input, ctx) => lowStock(ctx.store),

  'reservation.list': (input, ctx) => listReservations(ctx.store, input, ctx.now()),
  'reservation.create': (input, ctx) => createReservation(ctx.store, input, actorOf(ctx), ctx.now()),
  'reservation.fulfil': (input, ctx) => fulfilReservation(ctx.store, input, actorOf(ctx), ctx.now()),
  'reservation.release': (input, ctx) => releaseReservation(ctx.store, input, actorOf(ctx), ctx.now()),

  'shift.current': (_input, ctx) => currentShift(ctx.store),
  'shift.open': (input, ctx) => openShift(ctx.store, input, actorOf(ctx), ctx.now()),
  'shift.cashMove': (input, ctx) => moveCash(ctx.store, input, actorOf(ctx), ctx.now()),
  'shift.close': (input, ctx) => closeShift(ctx.store, input, actorOf(ctx), ctx.now()),
  'printer.settings': (_input, ctx) => ctx.printing.settings(),
  'shift.zReport': (input, ctx) => requireZReport(ctx.store, input.shiftId),
  'shift.printZ': (input, ctx) => ctx.printing.printZReport(input),
  'printer.setSettings': (input, ctx) => {
    const actor = actorOf(ctx);
    writePrinterSettings(ctx.store, input, actor.managerId ?? actor.userId, ctx.now().toISOString());
    return ctx.printing.settings();
  },
  'drawer.open': (input, ctx) => ctx.printing.openDrawer(input, actorOf(ctx), ctx.now()),
  'shift.zReports': (input, ctx) => recentZReports(ctx.store, input.limit),
  // another till's sale is read from the server at the lookup, and the return is worked on that answer
  'return.lookup': async (input, ctx) => returnableSale(ctx.store, input.saleId, await ctx.remoteSales.forReturn(ctx.store, ctx.syncAgent, input.saleId, true)),
  'return.preview': async (input, ctx) => previewReturn(ctx.store, input, await ctx.remoteSales.forReturn(ctx.store, ctx.syncAgent, input.saleId, false)),
  // the kept answer may predate a return made here since: returns are counted by id, none twice, none missed
  'return.complete': (input, ctx) => completeReturn(ctx.store, input, actorOf(ctx), ctx.now(), ctx.remoteSales.get(input.saleId)),

  'sync.status': (_input, ctx) => syncStatus(ctx.store, ctx.syncAgent),
  'sync.now': async (_input, ctx) => {
    if (ctx.syncAgent === undefined) {
      throw new DomainError('UNAVAILABLE', 'this till is not connected to a sync server: it keeps selling and queues its changes');
    }
    await ctx.syncAgent.syncNow();
    return syncStatus(ctx.store, ctx.syncAgent);
  },

  'conflicts.list': (input, ctx) => listConflicts(ctx.store, input.state),
  'conflicts.update': (input, ctx) => updateConflict(ctx.store, input, actorOf(ctx), ctx.now()),

  'till.locations': (_input, ctx) => tillLocations(ctx.store),
  'transfer.list': (input, ctx) => listTransfers(ctx.store, input),
  'transfer.get': (input, ctx) => getTransfer(ctx.store, input),
  'transfer.request': (input, ctx) => requestTransfer(ctx.store, input, actorOf(ctx), ctx.now()),
  'transfer.step': (input, ctx) => stepTransfer(ctx.store, input, actorOf(ctx), ctx.now()),
  'transfer.dispatch': (input, ctx) => dispatchTransfer(ctx.store, input, actorOf(ctx), ctx.now()),
  'transfer.receive': (input, ctx) => receiveTransfer(ctx.store, input, actorOf(ctx), ctx.now()),
  'transfer.resolve': (input, ctx) => resolveTransfer(ctx.store, input, actorOf(ctx), ctx.now()),
};
