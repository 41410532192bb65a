import { DomainError } from '../../shared/domain/errors';
import type { TillStore } from '../store';
import type { Actor, Sessions, SyncAgent } from '../services';

/** What every handler gets: the store, the session, the clock, the sync client if one is attached. */
export interface Ctx {
  store: TillStore;
  sessions: Sessions;
  now: () => Date;
  syncAgent: SyncAgent | undefined;
}

/** The acting user; the dispatcher has already checked access, so this only fails on a programming error. */
export function actorOf(ctx: Ctx): Actor {
  const actor = ctx.sessions.actor();
  if (actor === null) throw new DomainError('UNAUTHENTICATED', 'log in first');
  return actor;
}
