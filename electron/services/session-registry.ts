import type { TillStore } from '../store';
import { PinLockout } from './pin-lockout';
import { Sessions } from './sessions';

/** The session of the desktop (Electron IPC) window, and of any caller that names none (tests, benchmarks). */
export const DESKTOP_SESSION = 'desktop';

/** Sessions kept at once; the least recently used one beyond this is forgotten (that device logs in again). */
export const MAX_SESSIONS = 64;

/**
 * One session per device. The desktop window has its own; in web mode every paired browser has its own (keyed by
 * the device cookie electron/web/server.ts gives it), so a tablet never inherits whoever logged in last on another
 * device, nor their manager approval. Wrong PINs are counted across all of them (PinLockout).
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Sessions>();
  private readonly lockout: PinLockout;

  constructor(
    private readonly store: TillStore,
    private readonly now: () => Date,
    private readonly max = MAX_SESSIONS,
  ) {
    this.lockout = new PinLockout(now);
  }

  /** The session of this device, made (logged out) on its first call. */
  forKey(key: string): Sessions {
    let session = this.sessions.get(key);
    if (session === undefined) {
      session = new Sessions(this.store, this.now, this.lockout);
    } else {
      this.sessions.delete(key); // re-inserted below: a Map keeps insertion order, so the first key is the least recent
    }
    this.sessions.set(key, session);
    while (this.sessions.size > this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined || oldest === key) break;
      this.sessions.delete(oldest);
    }
    return session;
  }

  get size(): number {
    return this.sessions.size;
  }
}
