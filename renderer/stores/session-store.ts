import { create } from 'zustand';
import type { SessionView, TillInfo } from '../../shared/api/branch-api';
import type { User } from '../../shared/domain/schemas';
import type { ErrorBody } from '../../shared/domain/errors';
import type { BranchClient } from '../api/client';

/**
 * Who is at the till and whether a manager approved this session. The backend owns the truth (it checks every
 * call); this store mirrors it so screens can show the right thing without asking on every render.
 */
export interface SessionStore {
  till: TillInfo | null;
  users: User[];
  session: SessionView | null;
  loadError: ErrorBody | null;
  load(client: BranchClient): Promise<void>;
  login(client: BranchClient, userId: string, pin: string): Promise<ErrorBody | null>;
  elevate(client: BranchClient, pin: string): Promise<ErrorBody | null>;
  logout(client: BranchClient): Promise<void>;
  /** a call answered UNAUTHENTICATED: the backend forgot us (restart), so show the login again */
  forget(): void;
}

export const useSessionStore = create<SessionStore>((set) => ({
  till: null,
  users: [],
  session: null,
  loadError: null,
  async load(client) {
    const [till, users, session] = await Promise.all([
      client.call('till.info', {}),
      client.call('session.users', {}),
      client.call('session.current', {}),
    ]);
    const failed = [till, users, session].find((r) => !r.ok);
    if (failed !== undefined && !failed.ok) {
      set({ loadError: failed.error });
      return;
    }
    set({
      loadError: null,
      till: till.ok ? till.value : null,
      users: users.ok ? users.value : [],
      session: session.ok ? session.value : null,
    });
  },
  async login(client, userId, pin) {
    const r = await client.call('session.login', { userId, pin });
    if (!r.ok) return r.error;
    set({ session: r.value });
    return null;
  },
  async elevate(client, pin) {
    const r = await client.call('session.elevate', { pin });
    if (!r.ok) return r.error;
    set({ session: r.value });
    return null;
  },
  async logout(client) {
    const r = await client.call('session.logout', {});
    set({ session: r.ok ? r.value : { user: null, manager: null, managerUntil: null } });
  },
  forget() {
    set({ session: { user: null, manager: null, managerUntil: null } });
  },
}));

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
