import { DomainError } from '../../shared/domain/errors';
import type { SaleForReturn } from '../../shared/sync/sale-lookup';
import type { TillStore } from '../store';
import { saleRow } from '../store/sales-repo';
import type { SyncAgent } from './sync-status';

/**
 * Sales of other tills of the chain, read from the server for a return here (issue 11). The return screen looks
 * the sale up (online), then previews and records the return; the write itself runs in one synchronous
 * transaction, so it takes the sale from what the lookup read, kept here for a while. A sale of this till is never
 * fetched: its own rows are the truth, and it is returned offline.
 */
const KEEP_MS = 30 * 60_000;
const MAX_KEPT = 50;

export class RemoteSales {
  private readonly kept = new Map<string, { sale: SaleForReturn; at: number }>();

  constructor(private readonly now: () => Date) {}

  /** The sale as last read, if read in the last half hour. */
  get(saleId: string): SaleForReturn | undefined {
    const k = this.kept.get(saleId);
    if (k === undefined || this.now().getTime() - k.at > KEEP_MS) return undefined;
    return k.sale;
  }

  /** undefined for a sale of this till; another till's, read from the server now (a fresh read each lookup). */
  async forReturn(store: TillStore, agent: SyncAgent | undefined, saleId: string, fresh: boolean): Promise<SaleForReturn | undefined> {
    if (saleRow(store, saleId) !== undefined) return undefined;
    if (!fresh) {
      const kept = this.get(saleId);
      if (kept !== undefined) return kept;
    }
    if (agent?.lookupSale === undefined) {
      throw new DomainError('NOT_FOUND', 'this receipt is not a sale of this till, and the till has no server to ask for it', { saleId });
    }
    const sale = await agent.lookupSale(saleId);
    this.kept.delete(saleId);
    this.kept.set(saleId, { sale, at: this.now().getTime() });
    while (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    return sale;
  }
}
