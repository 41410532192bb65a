import type { DisplaySettings, SessionView, TillInfo } from '../../shared/api/branch-api';
import type { User } from '../../shared/domain/schemas';
import type { ErrorBody } from '../../shared/domain/errors';
import { useBranchCached, useBranchQuery } from './branch-data';

/**
 * Which till this is and who is at it, as the backend says (it checks every call; the page only mirrors it).
 * Read once at start-up and kept: a login, an elevation or a logout puts the new session in the cache, and a
 * call answered UNAUTHENTICATED puts the logged-out one (see ./branch-methods).
 */

export type Startup =
  | { state: 'loading' }
  | { state: 'failed'; error: ErrorBody; retry: () => void }
  | { state: 'ready'; till: TillInfo; display: DisplaySettings; users: User[]; session: SessionView };

/**
 * What the app needs before anything else: the till, how it shows itself (language and digits: the login is
 * already in them), its users and the session. The first failure is the reason.
 */
export function useStartup(): Startup {
  const till = useBranchQuery('till.info', {});
  const display = useBranchQuery('till.settings', {});
  const users = useBranchQuery('session.users', {});
  const session = useBranchQuery('session.current', {});
  if (till.data !== undefined && display.data !== undefined && users.data !== undefined && session.data !== undefined) {
    return { state: 'ready', till: till.data, display: display.data, users: users.data, session: session.data };
  }
  const error = till.error ?? display.error ?? users.error ?? session.error;
  if (error === null) return { state: 'loading' };
  // All four again, as at start-up.
  return { state: 'failed', error, retry: () => void Promise.all([till.refetch(), display.refetch(), users.refetch(), session.refetch()]) };
}

/** The till's info once start-up has read it (useStartup keeps it); null before. */
export function useTill(): TillInfo | null {
  return useBranchCached('till.info', {}) ?? null;
}

export function useUsers(): User[] {
  return useBranchQuery('session.users', {}).data ?? [];
}

export function useSession(): SessionView | null {
  return useBranchQuery('session.current', {}).data ?? null;
}

/**
 * What manager access the session holds right now, read from the backend's session view:
 * - `session`: a manager (or head office) logged in with their own PIN holds it for the whole session; the backend
 *   says so with a manager and no expiry (managerUntil null);
 * - `until`: a cashier's session elevated by a manager's PIN, valid until its expiry, checked against `now`;
 * - `none`: no manager, or the elevation has lapsed.
 */
export type ManagerAccess =
  | { kind: 'none' }
  | { kind: 'session'; manager: User }
  | { kind: 'until'; manager: User; until: Date };

export function managerAccess(session: SessionView | null, now: Date): ManagerAccess {
  if (session === null || session.user === null || session.manager === null) return { kind: 'none' };
  if (session.managerUntil === null) return { kind: 'session', manager: session.manager };
  const until = new Date(session.managerUntil);
  return until.getTime() > now.getTime() ? { kind: 'until', manager: session.manager, until } : { kind: 'none' };
}

/** True while the session may use the manager screens (see managerAccess). */
export function managerApproved(session: SessionView | null, now: Date): boolean {
  return managerAccess(session, now).kind !== 'none';
}
