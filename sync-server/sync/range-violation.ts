import { LevelOutOfRange } from './plan';

/**
 * A change that would take a level or quantity beyond its one range (±MAX_QTY_MILLI): a plan that passes the
 * range after some movement, even if a later one brings it back (the engine checks every quantity at every
 * movement: LevelOutOfRange), or a range CHECK of the database (named *_in_range, db/migrations/0003). The push
 * records such an op as rejected with OUT_OF_RANGE, head office's action answers OUT_OF_RANGE; any other CHECK
 * failing is a bug and must stay loud.
 */
export function isRangeViolation(e: unknown): boolean {
  if (e instanceof LevelOutOfRange) return true;
  const err = e as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (err?.code !== '23514') return false;
  const name = typeof err.constraint === 'string' ? err.constraint : typeof err.message === 'string' ? err.message : '';
  return /_in_range\b/.test(name);
}
