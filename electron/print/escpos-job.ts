import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { PAPER_DOTS, type PaperWidth } from '../../shared/api/printer-api';

/** Pixels as Chromium hands them over: RGBA, 4 bytes a pixel, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * The drawer-kick pulse: pin 2 of the drawer port (where nearly every drawer is wired), 100 ms on, 500 ms off.
 */
function pulse(encoder: ReceiptPrinterEncoder): ReceiptPrinterEncoder {
  return encoder.pulse(0, 100, 500);
}

function encoder(): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({ language: 'esc-pos', imageMode: 'raster' });
}

/**
 * One print job of a rendered receipt: reset the printer, the picture as GS v 0 raster blocks at the paper's full
 * width (the library scales an image of another width, makes it black and white at the midpoint and pads it to
 * whole bytes), feed past the cutter, cut, and kick the drawer last when asked: a job cut short (the printer off
 * halfway, out of paper) never opens the drawer, so trying again never opens it twice.
 */
export function receiptJob(image: RgbaImage, opts: { paper: PaperWidth; kickDrawer: boolean }): Uint8Array {
  if (image.width < 1 || image.height < 1 || image.data.length !== image.width * image.height * 4) {
    throw new Error(`a receipt image is RGBA of its size: ${image.width}x${image.height} with ${image.data.length} bytes`);
  }
  const dots = PAPER_DOTS[opts.paper];
  const height = Math.max(1, Math.round((image.height * dots) / image.width));
  // the library reads a plain { width, height, data } object as pixels; a Node Buffer would not pass its type check
  const pixels = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length) };
  const job = encoder().initialize().image(pixels, dots, height, 'threshold', 128).newline().newline().newline().cut('partial');
  return (opts.kickDrawer ? pulse(job) : job).encode();
}

/** Opens the drawer and prints nothing (a no-sale, approved by a manager: services/printing.ts). */
export function drawerKickJob(): Uint8Array {
  return pulse(encoder().initialize()).encode();
}
