import { DomainError, isDomainError } from '../../shared/domain/errors';
import type { SaleForReturn } from '../../shared/sync/sale-lookup';
import type { TillStore } from '../store';
import { saleRow } from '../store/sales-repo';
import type { SyncAgent } from './sync-status';

/**
 * Sales of other tills of the chain, read from the server for a return here (issue 11). The return screen looks
 * the sale up (online), then previews and records the return; the write itself runs in one synchronous
 * transaction, so it takes the sale from what the lookup read, kept here for a while. A sale of this till is
 * returned from its own rows, offline too; online, the server's answer adds what other tills took back of it.
 * Returns are counted by id (services/returns.ts priorOf()), so an answer read before a return was made here
 * never hides that return.
 */
const KEEP_MS = 30 * 60_000;
const MAX_KEPT = 50;
/** asking for this till's own sale must not hold the return up: the answer only adds other tills' returns */
const OWN_SALE_TIMEOUT_MS = 3_000;

export class RemoteSales {
  private readonly kept = new Map<string, { sale: SaleForReturn; at: number }>();

  constructor(private readonly now: () => Date) {}

  /** The sale as last read, if read in the last half hour. */
  get(saleId: string): SaleForReturn | undefined {
    const k = this.kept.get(saleId);
    if (k === undefined || this.now().getTime() - k.at > KEEP_MS) return undefined;
    return k.sale;
  }

  /**
   * The server's answer for a sale. Another till's must come from the server (NOT_FOUND / UNAVAILABLE otherwise);
   * `fresh` reads it again, else the one kept may do. For this till's own sale it is asked only when the till is
   * online, briefly, and never needed: it adds what other tills took back of it, and the return goes on without.
   */
  async forReturn(store: TillStore, agent: SyncAgent | undefined, saleId: string, fresh: boolean): Promise<SaleForReturn | undefined> {
    if (saleRow(store, saleId) !== undefined) {
      if (agent?.lookupSale === undefined || !agent.status().online) return this.get(saleId);
      try {
        return this.keep(await agent.lookupSale(saleId, OWN_SALE_TIMEOUT_MS));
      } catch (e) {
        if (!isDomainError(e)) throw e;
        return this.get(saleId);
      }
    }
    if (!fresh) {
      const kept = this.get(saleId);
      if (kept !== undefined) return kept;
    }
    if (agent?.lookupSale === undefined) {
      throw new DomainError('NOT_FOUND', 'this receipt is not a sale of this till, and the till has no server to ask for it', { saleId });
    }
    return this.keep(await agent.lookupSale(saleId));
  }

  private keep(sale: SaleForReturn): SaleForReturn {
    this.kept.delete(sale.saleId);
    this.kept.set(sale.saleId, { sale, at: this.now().getTime() });
    while (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    return sale;
  }
}
