export interface BackoffConfig {
  /** delay ceiling of the first retry */
  baseMs: number;
  /** no wait ever exceeds this */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = { baseMs: 1_000, capMs: 60_000 };

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^attempt)). After an outage dozens
 * of tills reconnect at once; spreading them over the whole window keeps them from hammering the server in step.
 */
export function backoffDelay(attempt: number, config: BackoffConfig, random: () => number): number {
  const ceiling = Math.min(config.capMs, config.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(random() * ceiling);
}
