/**
 * The page the receipt printer's picture is drawn from (electron/shell/receipt-raster.ts draws it; renderer/print/PrintReceiptPage.tsx is the page): the app's own page at
 * `#print-receipt?sale=<id>&copy=0|1&width=<dots>`, showing that receipt alone, one CSS pixel a printer dot.
 * Once everything on it is drawn, <html> gets data-print-ready="true" and data-print-height, which the shell waits
 * for before it takes the picture.
 */
export interface ReceiptPrintRoute {
  saleId: string;
  copy: boolean;
  widthDots: number;
}

const PREFIX = '#print-receipt?';

export function receiptPrintHash(route: ReceiptPrintRoute): string {
  return `${PREFIX}${new URLSearchParams({ sale: route.saleId, copy: route.copy ? '1' : '0', width: String(route.widthDots) }).toString()}`;
}

/** The route in a location hash, or null when the hash is not one (the page is the till itself). */
export function parseReceiptPrintHash(hash: string): ReceiptPrintRoute | null {
  if (!hash.startsWith(PREFIX)) return null;
  const q = new URLSearchParams(hash.slice(PREFIX.length));
  const saleId = q.get('sale') ?? '';
  const width = Number(q.get('width'));
  if (!/^[0-9a-f-]{36}$/i.test(saleId) || !Number.isInteger(width) || width < 128 || width > 2048) return null;
  return { saleId, copy: q.get('copy') === '1', widthDots: width };
}
