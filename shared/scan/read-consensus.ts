import { checkBarcode } from '../domain/barcode';

/**
 * A camera decoder misreads: a blurred bar turns one digit into another, and a wrong read at a till charges a
 * customer for the wrong product. A code is accepted only when the same value was read in `frames` frames
 * within `windowMs`, and (for GS1 lengths) its check digit holds. Zero wrong reads is the bar, read rate second.
 * After a code is accepted it is not accepted again for `cooldownMs`, so a barcode held still in front of the
 * camera adds one item, not one per frame.
 */
export interface ConsensusConfig {
  frames: number;
  windowMs: number;
  cooldownMs: number;
}

export const DEFAULT_CONSENSUS: ConsensusConfig = { frames: 3, windowMs: 1500, cooldownMs: 2000 };

export interface ConsensusState {
  /** recent reads that passed the check, oldest first */
  reads: readonly { code: string; at: number }[];
  lastAccepted: { code: string; at: number } | null;
}

export const INITIAL_CONSENSUS: ConsensusState = { reads: [], lastAccepted: null };

export interface ConsensusVerdict {
  state: ConsensusState;
  accepted: string | null;
  /** why this read was dropped, for diagnostics; null when it was kept */
  dropped: 'invalid' | 'cooldown' | null;
}

/** Feeds one decoded frame. `code` null means the frame had no barcode; it only ages the window. */
export function consensusStep(
  state: ConsensusState,
  code: string | null,
  at: number,
  cfg: ConsensusConfig = DEFAULT_CONSENSUS,
): ConsensusVerdict {
  const recent = state.reads.filter((r) => at - r.at <= cfg.windowMs);
  if (code === null) return { state: { ...state, reads: recent }, accepted: null, dropped: null };

  const check = checkBarcode(code);
  if (!check.ok) return { state: { ...state, reads: recent }, accepted: null, dropped: 'invalid' };

  const last = state.lastAccepted;
  if (last !== null && last.code === check.code && at - last.at < cfg.cooldownMs) {
    // Holding the code in view keeps the cooldown alive, so it takes a real pause to scan the same item again.
    return { state: { reads: recent, lastAccepted: { code: last.code, at } }, accepted: null, dropped: 'cooldown' };
  }

  const reads = [...recent, { code: check.code, at }];
  const agreeing = reads.filter((r) => r.code === check.code).length;
  // Other valid codes in the same window mean the camera is unsure (or sees two items): wait for a clear majority.
  const disagreeing = reads.length - agreeing;
  if (agreeing >= cfg.frames && agreeing > disagreeing) {
    return {
      state: { reads: reads.filter((r) => r.code !== check.code), lastAccepted: { code: check.code, at } },
      accepted: check.code,
      dropped: null,
    };
  }
  return { state: { ...state, reads }, accepted: null, dropped: null };
}
