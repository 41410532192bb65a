import type { ErrorBody } from '../../shared/domain/errors';
import type { BranchData } from '../app/branch-data';

/**
 * Printing. A sale's receipt goes to the till's receipt printer when it has one (receipt.print: the backend draws
 * it and sends it as a raster, electron/services/printing.ts). Otherwise, and for the other papers (Z report,
 * delivery note), the page prints itself: in Electron the bridge may offer printToPDF (a PDF saved for the
 * customer or a printer driver); in a browser the print stylesheet shows only the paper.
 */
export interface PrintOutcome {
  kind: 'pdf' | 'browser';
  path?: string;
}

export async function printReceipt(win: Window = window): Promise<PrintOutcome> {
  const pdf = win.till?.printToPDF;
  if (typeof pdf === 'function') {
    const r = await pdf();
    if (r.ok) return { kind: 'pdf', path: r.value.path };
  }
  win.print();
  return { kind: 'browser' };
}

export type SaleReceiptOutcome =
  | (PrintOutcome & { drawerKicked?: boolean })
  | { kind: 'printer'; drawerKicked: boolean; copy: boolean }
  | { kind: 'failed'; error: ErrorBody }
  | { kind: 'none'; drawerKicked?: boolean };

/**
 * A sale's receipt (a `copy` for a reprint): on the receipt printer, or through the page when the till has none
 * (no printer set up, or web mode, where nothing on the backend draws receipts). A printer that is set up but
 * fails is said, not silently replaced by the page's print dialog: the cashier decides. `pageFallback: false` (the
 * print a finished sale makes by itself) prints on the receipt printer or not at all (`none`): a browser's print
 * dialog popping up after every sale would be in the cashier's way.
 */
export async function printSaleReceipt(
  branch: Pick<BranchData, 'write'>,
  req: { saleId: string; copy: boolean },
  opts: { pageFallback?: boolean } = {},
  win: Window = window,
): Promise<SaleReceiptOutcome> {
  const r = await branch.write('receipt.print', req);
  if (r.ok) return { kind: 'printer', drawerKicked: r.value.drawerKicked, copy: r.value.copy };
  const reason = r.error.details?.reason;
  if (r.error.code === 'UNAVAILABLE' && (reason === 'no_printer' || reason === 'no_raster')) {
    // web mode still opens the drawer on the printer for a cash sale (services/printing.ts pageReceipt)
    const drawerKicked = r.error.details?.drawerKicked === true;
    return opts.pageFallback === false ? { kind: 'none', drawerKicked } : { ...(await printReceipt(win)), drawerKicked };
  }
  return { kind: 'failed', error: r.error };
}
