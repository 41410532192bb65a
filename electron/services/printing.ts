import { PAPER_DOTS, type PrintOutcome, type PrinterSettings } from '../../shared/api/printer-api';
import type { ReceiptView } from '../../shared/api/branch-api';
import { DomainError } from '../../shared/domain/errors';
import { drawerKickJob, receiptJob, type RgbaImage } from '../print/escpos-job';
import { sendToPrinter } from '../print/printer-transport';
import { appendOp, type TillStore } from '../store';
import { requestFingerprint } from '../store/idempotency';
import { claimOriginalPrint, drawerOpenRow, insertDrawerOpen, readPrinterSettings, releaseOriginalPrint } from '../store/printer-repo';
import { openShiftRow } from '../store/shifts-repo';
import { approval, type Actor } from './actor';
import { requireReceipt } from './sales';
import { requireZReport } from './shifts';
import type { PrintRoute } from '../../shared/api/print-route';

/**
 * Draws a paper (a sale's receipt, a shift's Z report: shared/api/print-route.ts) as the till's language shows it,
 * `widthDots` pixels across, and hands back the pixels. The desktop shell does it with Chromium
 * (electron/shell/receipt-raster.ts), so Arabic is shaped and ordered as on screen; web mode has none, and its
 * browser prints the page itself.
 */
export type ReceiptRenderer = (req: PrintRoute) => Promise<RgbaImage>;

/** A sale opens the drawer when cash changed hands: a cash tender, or change handed back. */
export function tookCash(receipt: ReceiptView): boolean {
  return receipt.tenders.some((t) => t.method === 'cash') || receipt.change > 0;
}

/**
 * The till's receipt printer: a sale's receipt rendered, rasterised and sent (electron/print/), with the drawer
 * kicked on the original's print of a sale that took cash. A reprint is a copy and never opens the drawer: the
 * cash went in when the sale was paid.
 */
export class ReceiptPrinting {
  /** no-sales being opened now, by id: a second call with the same id waits for the first, never pulses twice */
  private readonly opening = new Map<string, { fingerprint: string; done: Promise<{ openId: string; shiftId: string | null; occurredAt: string }> }>();

  constructor(
    private readonly store: TillStore,
    private readonly renderer: ReceiptRenderer | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  settings(): PrinterSettings {
    return readPrinterSettings(this.store);
  }

  private ready(): PrinterSettings {
    const settings = this.settings();
    if (settings.connection.kind === 'none') throw new DomainError('UNAVAILABLE', 'no receipt printer is set up at this till', { reason: 'no_printer' });
    return settings;
  }

  /**
   * The first print of a sale's receipt is its original (migration 0022 claims it at once, so two prints at the
   * same moment or one after a restart cannot both be): it opens the drawer when the sale took cash. Every later
   * print is a COPY, marked so, and never opens it. A print that fails gives the claim back.
   */
  async printReceipt(input: { saleId: string; copy: boolean }): Promise<PrintOutcome> {
    const settings = this.ready();
    const receipt = requireReceipt(this.store, input.saleId);
    const wantsKick = settings.cashDrawer && tookCash(receipt);
    const original = !input.copy && claimOriginalPrint(this.store, receipt.saleId, this.now().toISOString(), wantsKick);
    const kick = original && wantsKick;
    if (this.renderer === undefined) return this.pageReceipt(settings, receipt.saleId, original, kick);
    const renderer = this.renderer;
    try {
      const image = await renderer({ paper: 'receipt', saleId: receipt.saleId, copy: !original, widthDots: PAPER_DOTS[settings.paper] });
      const job = receiptJob(image, { paper: settings.paper, kickDrawer: kick });
      await sendToPrinter(settings.connection, job);
      return { bytes: job.length, drawerKicked: kick, copy: !original };
    } catch (e) {
      if (original) releaseOriginalPrint(this.store, receipt.saleId);
      throw e;
    }
  }

  /**
   * Web mode: nothing here draws receipts, so the page prints this one itself (the answer is UNAVAILABLE
   * no_raster). The drawer on the printer still opens for the original of a cash sale: the pulse alone goes to
   * the printer first, and the answer says so (details.drawerKicked).
   */
  private async pageReceipt(settings: PrinterSettings, saleId: string, original: boolean, kick: boolean): Promise<never> {
    if (kick) {
      try {
        await sendToPrinter(settings.connection, drawerKickJob());
      } catch (e) {
        if (original) releaseOriginalPrint(this.store, saleId);
        throw e;
      }
    }
    throw new DomainError('UNAVAILABLE', 'this till draws receipts in the browser: print from the browser', { reason: 'no_raster', drawerKicked: kick });
  }

  /** A shift's Z report on the receipt printer, as it was printed at closing (a Z report never changes). */
  async printZReport(input: { shiftId: string }): Promise<PrintOutcome> {
    const settings = this.ready();
    const renderer = this.requireRenderer();
    requireZReport(this.store, input.shiftId);
    const image = await renderer({ paper: 'z', shiftId: input.shiftId, widthDots: PAPER_DOTS[settings.paper] });
    const job = receiptJob(image, { paper: settings.paper, kickDrawer: false });
    await sendToPrinter(settings.connection, job);
    return { bytes: job.length, drawerKicked: false, copy: false };
  }

  private requireRenderer(): ReceiptRenderer {
    if (this.renderer === undefined) {
      throw new DomainError('UNAVAILABLE', 'this till draws receipts in the browser: print from the browser', { reason: 'no_raster' });
    }
    return this.renderer;
  }

  /**
   * A no-sale: the drawer opened with nothing sold, approved by a manager (the route's access), recorded as op
   * drawer_open. The pulse goes out first and the record is written only once the printer took it, so the
   * record never claims an opening that did not happen; a retry of the same opening answers it again, no pulse.
   */
  async openDrawer(input: { openId: string; reason: string }, actor: Actor, now: Date): Promise<{ openId: string; shiftId: string | null; occurredAt: string }> {
    const fingerprint = requestFingerprint(input);
    const prior = drawerOpenRow(this.store, input.openId);
    if (prior !== undefined) {
      if (prior.request_fingerprint !== fingerprint) throw new DomainError('ID_REUSED', `drawer opening ${input.openId} was already recorded with another reason`, { id: input.openId });
      return { openId: prior.id, shiftId: prior.shift_id, occurredAt: prior.occurred_at };
    }
    if (actor.managerId === null) throw new DomainError('FORBIDDEN', 'opening the drawer without a sale needs a manager’s PIN');
    const running = this.opening.get(input.openId);
    if (running !== undefined) {
      if (running.fingerprint !== fingerprint) throw new DomainError('ID_REUSED', `drawer opening ${input.openId} is being recorded with another reason`, { id: input.openId });
      return running.done;
    }
    const done = this.pulseAndRecord(input, actor, now, fingerprint).finally(() => this.opening.delete(input.openId));
    this.opening.set(input.openId, { fingerprint, done });
    return done;
  }

  private async pulseAndRecord(input: { openId: string; reason: string }, actor: Actor, now: Date, fingerprint: string): Promise<{ openId: string; shiftId: string | null; occurredAt: string }> {
    const settings = this.ready();
    if (!settings.cashDrawer) throw new DomainError('UNAVAILABLE', 'no cash drawer is set up on this till’s printer', { reason: 'no_drawer' });
    await sendToPrinter(settings.connection, drawerKickJob());
    const occurredAt = now.toISOString();
    return this.store.transaction(() => {
      const shiftId = openShiftRow(this.store, this.store.config().tillId)?.id ?? null;
      const op = appendOp(this.store, {
        type: 'drawer_open',
        userId: actor.userId,
        occurredAt,
        payload: { openId: input.openId, shiftId, reason: input.reason, ...approval(actor) },
      });
      insertDrawerOpen(this.store, {
        id: input.openId,
        shiftId,
        reason: input.reason,
        userId: actor.userId,
        approvedBy: approval(actor).approvedBy ?? null,
        occurredAt,
        opSeq: op.seq,
        fingerprint,
      });
      return { openId: input.openId, shiftId, occurredAt };
    });
  }
}
