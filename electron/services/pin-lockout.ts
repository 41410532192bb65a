import { DomainError } from '../../shared/domain/errors';

/** A 4-digit PIN falls to 10,000 guesses: after a few wrong ones in a row the till makes the next ones wait. */
export const PIN_ATTEMPTS_BEFORE_LOCKOUT = 5;
export const PIN_LOCKOUT_MS = 30 * 1000;

/**
 * Wrong PINs counted for the whole till, not per session: every browser paired in web mode has a session of its
 * own, and a guesser must not get a fresh count by starting another one.
 */
export class PinLockout {
  private wrongPins = 0;
  private lockedUntil = 0;

  constructor(private readonly now: () => Date) {}

  assertNotLockedOut(): void {
    const wait = this.lockedUntil - this.now().getTime();
    if (wait > 0) {
      throw new DomainError('FORBIDDEN', `too many wrong PINs: try again in ${Math.ceil(wait / 1000)} s`, { retryAfterMs: wait });
    }
  }

  /** Counts wrong PINs in a row (login and elevation alike, any session) and locks PIN entry after too many. */
  record(matched: boolean): void {
    if (matched) {
      this.wrongPins = 0;
      return;
    }
    this.wrongPins++;
    if (this.wrongPins >= PIN_ATTEMPTS_BEFORE_LOCKOUT) {
      this.wrongPins = 0;
      this.lockedUntil = this.now().getTime() + PIN_LOCKOUT_MS;
    }
  }
}
