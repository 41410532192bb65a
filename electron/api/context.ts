import { DomainError } from '../../shared/domain/errors';
import type { TillStore } from '../store';
import type { Actor, SessionRegistry, Sessions, SyncAgent } from '../services';
import type { RemoteSales } from '../services/remote-sales';
import type { ReceiptPrinting } from '../services/printing';

/** What every handler gets: the store, the calling device's session, the clock, the sync client if one is attached. */
export interface Ctx {
  store: TillStore;
  sessions: Sessions;
  now: () => Date;
  syncAgent: SyncAgent | undefined;
  /** other tills' sales read from the server for a return here */
  remoteSales: RemoteSales;
  /** the receipt printer and its cash drawer */
  printing: ReceiptPrinting;
}

/** What the dispatcher is built with: the same, but every session, of which each call gets its device's. */
export interface DispatchCtx extends Omit<Ctx, 'sessions'> {
  sessions: SessionRegistry;
}

/** The acting user; the dispatcher has already checked access, so this only fails on a programming error. */
export function actorOf(ctx: Ctx): Actor {
  const actor = ctx.sessions.actor();
  if (actor === null) throw new DomainError('UNAUTHENTICATED', 'log in first');
  return actor;
}
