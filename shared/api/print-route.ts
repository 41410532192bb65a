/**
 * The pages the receipt printer's pictures are drawn from (electron/shell/receipt-raster.ts draws them;
 * renderer/print/PrintPage.tsx is the page): the app's own page at `#print-receipt?sale=<id>&copy=0|1&width=<dots>`
 * (a sale's receipt) or `#print-z?shift=<id>&width=<dots>` (a shift's Z report), showing that paper alone, one CSS
 * pixel a printer dot. Once everything on it is drawn, <html> gets data-print-ready="true" and data-print-height,
 * which the shell waits for before it takes the picture.
 */
export type PrintRoute =
  | { paper: 'receipt'; saleId: string; copy: boolean; widthDots: number }
  | { paper: 'z'; shiftId: string; widthDots: number };

const RECEIPT = '#print-receipt?';
const Z = '#print-z?';
const UUID = /^[0-9a-f-]{36}$/i;

export function printHash(route: PrintRoute): string {
  return route.paper === 'receipt'
    ? `${RECEIPT}${new URLSearchParams({ sale: route.saleId, copy: route.copy ? '1' : '0', width: String(route.widthDots) }).toString()}`
    : `${Z}${new URLSearchParams({ shift: route.shiftId, width: String(route.widthDots) }).toString()}`;
}

/** The route in a location hash, or null when the hash is not one (the page is the till itself). */
export function parsePrintHash(hash: string): PrintRoute | null {
  const paper = hash.startsWith(RECEIPT) ? 'receipt' : hash.startsWith(Z) ? 'z' : null;
  if (paper === null) return null;
  const q = new URLSearchParams(hash.slice((paper === 'receipt' ? RECEIPT : Z).length));
  const width = Number(q.get('width'));
  if (!Number.isInteger(width) || width < 128 || width > 2048) return null;
  const ref = q.get(paper === 'receipt' ? 'sale' : 'shift') ?? '';
  if (!UUID.test(ref)) return null;
  return paper === 'receipt' ? { paper, saleId: ref, copy: q.get('copy') === '1', widthDots: width } : { paper, shiftId: ref, widthDots: width };
}
