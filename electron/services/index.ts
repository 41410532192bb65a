export type { Actor } from './actor';
export { lookupBarcode, searchProducts, productView } from './catalog';
export { completeSale, getReceipt, requireReceipt, recentReceipts, settleTenders, type CompleteSaleInput } from './sales';
export { receiveGoods, recordWaste, recordStocktake, stocktakeSheet, lowStock, suggestedOrder } from './stock';
export { Sessions, MANAGER_APPROVAL_MS, PIN_ATTEMPTS_BEFORE_LOCKOUT, PIN_LOCKOUT_MS } from './sessions';
export { listConflicts, updateConflict, countOpenConflicts } from './conflicts';
export { syncStatus, type SyncAgent, type SyncAgentState } from './sync-status';
export { loadCart, saveCart } from './open-cart';
