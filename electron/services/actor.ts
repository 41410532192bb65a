/** Who is doing something: the logged-in user, and the manager whose PIN approval is valid right now, if any. */
export interface Actor {
  userId: string;
  managerId: string | null;
  /** the user's name, when the session knows it: a receipt then needs no lookup */
  userName?: string;
}
