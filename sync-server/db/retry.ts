/**
 * Running a transaction again when PostgreSQL aborted it for a reason that a second run does not meet: a deadlock
 * it broke (40P01: level rows are locked in (location, product) order, but a product's first level row at a
 * location is created in a second pass, and in that window two transactions can deadlock), or a serialization
 * failure (40001, which is also how a push chunk says that another transaction created the transfer it meant to
 * create: db/transfers-repo.ts TransferCreatedMeanwhile). Every writer that locks levels goes through this: push
 * chunks, head office's actions, the reservation expiry job.
 *
 * `fn` must run the whole transaction (begin to commit), so a retry starts from nothing.
 */
export const RETRIED_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);

export async function retryTransaction<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (i >= attempts || typeof code !== 'string' || !RETRIED_SQLSTATES.has(code)) throw e;
    }
  }
}
