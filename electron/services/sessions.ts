import { DomainError } from '../../shared/domain/errors';
import type { User } from '../../shared/domain/schemas';
import type { SessionView } from '../../shared/api/branch-api';
import { MANAGER_ROLES } from '../../shared/policy/conflict-policy';
import { checkPinHash, type TillStore } from '../store';
import { activeUserWithPin, activeUsers, activeUsersWithPinInRoles } from '../store/users-repo';
import type { Actor } from './actor';
import { PinLockout } from './pin-lockout';

/** How long a manager's PIN approval lets a cashier's session do manager things. */
export const MANAGER_APPROVAL_MS = 5 * 60 * 1000;
export { PIN_ATTEMPTS_BEFORE_LOCKOUT, PIN_LOCKOUT_MS } from './pin-lockout';

/**
 * PIN checks of this process run one after another: a check is asynchronous now (scrypt off the main thread),
 * and without this a burst of parallel guesses would all pass the lockout test before the first wrong one was
 * counted. Each check reads the lockout, hashes and records, then the next starts.
 */
let pinCheckQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(check: () => Promise<T>): Promise<T> {
  const run = pinCheckQueue.then(check, check);
  pinCheckQueue = run.catch(() => undefined);
  return run;
}

/**
 * One session (one device: the desktop window, or one paired browser; see session-registry.ts): who is logged in,
 * and which manager approved manager actions until when. A manager who logs in themself holds manager access for
 * the whole session (managerUntil null); a cashier's session is elevated by a manager's PIN for five minutes.
 * Wrong PINs are counted by the lockout the till's sessions share.
 */
export class Sessions {
  private user: User | null = null;
  private manager: User | null = null;
  private managerUntil: Date | null = null;

  constructor(
    private readonly store: TillStore,
    private readonly now: () => Date,
    private readonly lockout: PinLockout = new PinLockout(now),
    /** told after each successful login (the registry keeps a device's session only from then on) */
    private readonly onLogin: () => void = () => undefined,
  ) {}

  users(): User[] {
    return activeUsers(this.store);
  }

  login(userId: string, pin: string): Promise<SessionView> {
    return oneAtATime(() => this.loginNow(userId, pin));
  }

  private async loginNow(userId: string, pin: string): Promise<SessionView> {
    this.assertNotLockedOut();
    const row = activeUserWithPin(this.store, userId);
    if (row === undefined) throw new DomainError('NOT_FOUND', 'no such user on this till', { userId });
    const check = await checkPinHash(pin, row.pin_hash);
    if (check === 'unsupported') {
      // Not the cashier's mistake, so not counted: the hash itself is outside what this till will compute.
      throw new DomainError('UNSUPPORTED_PIN_HASH', "this user's PIN hash cannot be checked on this till; head office must set the PIN again", { userId });
    }
    this.checkPin(check === 'match', 'wrong PIN');
    const user: User = { id: row.id, name: row.name, role: row.role };
    this.user = user;
    this.manager = MANAGER_ROLES.includes(user.role) ? user : null;
    this.managerUntil = null;
    this.onLogin();
    return this.current();
  }

  elevate(pin: string): Promise<SessionView> {
    return oneAtATime(() => this.elevateNow(pin));
  }

  private async elevateNow(pin: string): Promise<SessionView> {
    if (this.user === null) throw new DomainError('UNAUTHENTICATED', 'log in first');
    this.assertNotLockedOut();
    const managers = activeUsersWithPinInRoles(this.store, MANAGER_ROLES);
    // Check every manager's hash, not just until the first match: the time taken must not hint at whose PIN it
    // was. The checks run side by side on the thread pool; a hash outside the limits simply never matches.
    const checks = await Promise.all(managers.map((m) => checkPinHash(pin, m.pin_hash)));
    const approver = managers.find((_, i) => checks[i] === 'match');
    this.checkPin(approver !== undefined, 'not a manager PIN');
    if (approver === undefined || this.user === null) return this.current();
    this.manager = { id: approver.id, name: approver.name, role: approver.role };
    this.managerUntil = MANAGER_ROLES.includes(this.user.role) && this.user.id === approver.id ? null : new Date(this.now().getTime() + MANAGER_APPROVAL_MS);
    return this.current();
  }

  private assertNotLockedOut(): void {
    this.lockout.assertNotLockedOut();
  }

  /** Counts wrong PINs in a row (login and elevation alike) and locks PIN entry for a while after too many. */
  private checkPin(matched: boolean, message: string): void {
    this.lockout.record(matched);
    if (!matched) throw new DomainError('WRONG_PIN', message);
  }

  logout(): SessionView {
    this.user = null;
    this.manager = null;
    this.managerUntil = null;
    return this.current();
  }

  current(): SessionView {
    this.expireApproval();
    return { user: this.user, manager: this.manager, managerUntil: this.managerUntil?.toISOString() ?? null };
  }

  /** The logged-in user and the manager approving right now, or null when nobody is logged in. */
  actor(): Actor | null {
    this.expireApproval();
    if (this.user === null) return null;
    return { userId: this.user.id, managerId: this.manager?.id ?? null, userName: this.user.name };
  }

  private expireApproval(): void {
    if (this.managerUntil !== null && this.now().getTime() >= this.managerUntil.getTime()) {
      this.manager = null;
      this.managerUntil = null;
    }
  }
}
