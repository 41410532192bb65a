/**
 * Printing a receipt. In Electron the bridge may offer printToPDF (a PDF saved for the customer or a printer
 * driver); in a browser the page prints itself, and the print stylesheet shows only the receipt.
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
