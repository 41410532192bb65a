/** Who is doing something: the logged-in user, and the manager whose PIN approval is valid right now, if any. */
export interface Actor {
  userId: string;
  managerId: string | null;
  /** the user's name, when the session knows it: a receipt then needs no lookup */
  userName?: string;
}

/**
 * The manager whose PIN approved a manager's op in a cashier's session: the op names them, so the server can
 * check that a manager did approve it (a manager under their own login needs no approver).
 */
export function approval(actor: Actor): { approvedBy?: string } {
  return actor.managerId !== null && actor.managerId !== actor.userId ? { approvedBy: actor.managerId } : {};
}
