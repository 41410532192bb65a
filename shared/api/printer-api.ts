import { z } from 'zod';

/**
 * The till's receipt printer (issue 11, "Receipts that print"). Thermal printers garble Arabic through their code
 * pages, so the till never sends text: Chromium renders the receipt at the paper's width in dots and the picture
 * goes to the printer as an ESC/POS raster image (electron/print/). A cash drawer wired to the printer opens on the
 * printer's drawer-kick pulse.
 */

export const PAPER_WIDTHS = ['80mm', '58mm'] as const;
export type PaperWidth = (typeof PAPER_WIDTHS)[number];

/**
 * Dots across the printable width at 203 dpi (8 dots a millimetre), the resolution of nearly every receipt
 * printer sold: 72 mm of an 80 mm roll and 48 mm of a 58 mm roll.
 */
export const PAPER_DOTS: Record<PaperWidth, number> = { '80mm': 576, '58mm': 384 };

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:]+\]$/, 'a host name or an IP address');

/**
 * A printer the operating system writes raw bytes to, and nothing else: a printer's device under /dev
 * (/dev/usb/lp0, /dev/lp0, /dev/ttyUSB0, /dev/ttyACM0, /dev/rfcomm0), a Windows port (COM3, LPT1, \\.\COM3) or a shared printer (\\localhost\Receipt). A path to
 * an ordinary file is refused here, and the transport refuses to create or truncate one, so a printer setting
 * can never overwrite the till's database or anything else on the disk.
 */
const devicePath = z
  .string()
  .trim()
  .max(260)
  .regex(
    /^(\/dev\/(usb\/lp|lp|usblp|ttyUSB|ttyACM|ttyS|rfcomm)[0-9]{1,3}|\\\\\.\\(COM|LPT)[0-9]{1,3}|(COM|LPT)[0-9]{1,3}:?|\\\\[A-Za-z0-9._-]+\\[A-Za-z0-9 ._$-]+)$/i,
    'a printer device (/dev/usb/lp0, COM3, LPT1) or a shared printer (\\\\host\\printer)',
  );

/**
 * Where the bytes go. 'network': a printer on the shop's LAN taking raw jobs on a TCP port (9100 on almost all of
 * them). 'device': see devicePath.
 */
export const printerConnection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('network'), host, port: z.int().min(1).max(65_535).default(9100) }),
  z.object({ kind: z.literal('device'), path: devicePath }),
]);
export type PrinterConnection = z.infer<typeof printerConnection>;

export const printerSettings = z.object({
  connection: printerConnection,
  paper: z.enum(PAPER_WIDTHS),
  /** print the receipt by itself when a sale completes (a reprint is always asked for) */
  autoPrint: z.boolean(),
  /** a cash drawer hangs on the printer: pulse it when a sale took cash */
  cashDrawer: z.boolean(),
});
export type PrinterSettings = z.infer<typeof printerSettings>;

export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = { connection: { kind: 'none' }, paper: '80mm', autoPrint: true, cashDrawer: true };

export const printOutcome = z.object({
  /** bytes sent to the printer */
  bytes: z.int().min(0),
  /** the job carried the drawer-kick pulse */
  drawerKicked: z.boolean(),
  /** printed as a COPY: asked for as one, or the original was printed already */
  copy: z.boolean(),
});
export type PrintOutcome = z.infer<typeof printOutcome>;
