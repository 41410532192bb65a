import type { Role, User } from '../../shared/domain/schemas';
import type { TillStore } from './database';

/** The till's users (filled by seeding and pulls: catalog-writes.ts). */

export interface UserWithStoredPin extends User {
  pin_hash: string;
}

/** Who may log in here: cashiers first, then by name. */
export function activeUsers(store: TillStore): User[] {
  return store.stmt<[], User>("SELECT id, name, role FROM users WHERE active = 1 ORDER BY role = 'cashier' DESC, name").all();
}

export function activeUserWithPin(store: TillStore, userId: string): UserWithStoredPin | undefined {
  return store.stmt<[string], UserWithStoredPin>('SELECT id, name, role, pin_hash FROM users WHERE id = ? AND active = 1').get(userId);
}

/** Active users holding one of `roles`, with their PIN verifiers, by id. */
export function activeUsersWithPinInRoles(store: TillStore, roles: readonly Role[]): UserWithStoredPin[] {
  return store
    .stmt<string[], UserWithStoredPin>(`SELECT id, name, role, pin_hash FROM users WHERE active = 1 AND role IN (${roles.map(() => '?').join(', ')}) ORDER BY id`)
    .all(...roles);
}

/** A user's name for a receipt or a history line; 'unknown' for an id this till does not know. */
export function userName(store: TillStore, userId: string): string {
  return store.stmt<[string], { name: string }>('SELECT name FROM users WHERE id = ?').get(userId)?.name ?? 'unknown';
}
