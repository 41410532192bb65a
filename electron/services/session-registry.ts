import type { TillStore } from '../store';
import { PinLockout } from './pin-lockout';
import { Sessions } from './sessions';

/** The session of the desktop (Electron IPC) window, and of any caller that names none (tests, benchmarks). */
export const DESKTOP_SESSION = 'desktop';

/** Web sessions kept at once; the least recently used one beyond this is forgotten (that device logs in again). */
export const MAX_SESSIONS = 64;

/**
 * One session per device. The desktop window has its own, outside the bound: no number of browsers can log the
 * cashier at the till out. In web mode every paired browser has its own (keyed by the device cookie
 * electron/web/server.ts gives it), so a tablet never inherits whoever logged in last on another device, nor
 * their manager approval. A browser's session is kept only once it logs in: a call from a device the registry
 * does not know runs in a fresh logged-out session that is then dropped, so calls without a cookie (each gets a
 * new one) cannot push the logged-in devices out. Wrong PINs are counted across all of them (PinLockout).
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Sessions>();
  private readonly lockout: PinLockout;
  private readonly desktop: Sessions;

  constructor(
    private readonly store: TillStore,
    private readonly now: () => Date,
    private readonly max = MAX_SESSIONS,
  ) {
    this.lockout = new PinLockout(now);
    this.desktop = new Sessions(store, now, this.lockout);
  }

  /** The session of this device; for a device not known yet, a logged-out one that is kept if it logs in. */
  forKey(key: string): Sessions {
    if (key === DESKTOP_SESSION) return this.desktop;
    const known = this.sessions.get(key);
    if (known !== undefined) {
      this.remember(key, known);
      return known;
    }
    const fresh: Sessions = new Sessions(this.store, this.now, this.lockout, () => this.remember(key, fresh));
    return fresh;
  }

  private remember(key: string, session: Sessions): void {
    this.sessions.delete(key); // re-inserted: a Map keeps insertion order, so the first key is the least recent
    this.sessions.set(key, session);
    while (this.sessions.size > this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined || oldest === key) break;
      this.sessions.delete(oldest);
    }
  }

  /** web sessions kept (the desktop's is not counted) */
  get size(): number {
    return this.sessions.size;
  }
}
