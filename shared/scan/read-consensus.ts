import { checkBarcode } from '../domain/barcode';

/**
 * A camera decoder misreads: a blurred bar turns one digit into another, and a wrong read at a till charges a
 * customer for the wrong product. Zero wrong acceptances is the bar, read rate second. A code is accepted when
 *   - it passes its check digit (for GS1 lengths),
 *   - every decoder agreed on it in `frames` frames within `windowMs`,
 *   - no other code was seen in that window, by any decoder (the camera is unsure, or sees two items),
 *   - and no accepted code is still in view.
 * The accepted code is "held" while it stays in view: its reads keep voting (they oppose any other code), it is
 * not accepted again, and no other code is accepted until it has been out of sight for `releaseMs`. So a
 * barcode held still adds one item however long it is held, and a misread during the hold adds nothing.
 */
export interface ConsensusConfig {
  frames: number;
  windowMs: number;
  /** frames without the held code for this long mean it left the view: the hold is over */
  releaseMs: number;
}

export const DEFAULT_CONSENSUS: ConsensusConfig = { frames: 3, windowMs: 1500, releaseMs: 1000 };

/** What the decoders answered for one frame. */
export interface FrameReads {
  /** the code every decoder answered, or null when they did not all answer the same code */
  agreed: string | null;
  /** every code any decoder answered (the agreed one included) */
  seen: readonly string[];
}

/** A plain string is a frame on which every decoder read that code; null a frame with no code at all. */
export type FrameRead = FrameReads | string | null;

export interface ConsensusRead {
  code: string;
  at: number;
  /** all decoders answered this code on that frame; only such reads count towards accepting it */
  agreed: boolean;
}

export interface ConsensusState {
  /** reads within the window that passed the check, oldest first */
  reads: readonly ConsensusRead[];
  /** the code accepted in the current hold and when it was last seen; null when no accepted code is in view */
  held: { code: string; lastSeen: number } | null;
}

export const INITIAL_CONSENSUS: ConsensusState = { reads: [], held: null };

export interface ConsensusVerdict {
  state: ConsensusState;
  accepted: string | null;
  /** why this frame accepted nothing, for diagnostics; null when nothing stood in the way (or it accepted) */
  waiting: 'invalid' | 'held' | 'opposed' | null;
}

function asReads(read: FrameRead): FrameReads {
  if (read === null) return { agreed: null, seen: [] };
  if (typeof read === 'string') return { agreed: read, seen: [read] };
  return read;
}

/** Feeds one decoded frame. A frame without a code still counts: it ages the window and can end a hold. */
export function consensusStep(state: ConsensusState, read: FrameRead, at: number, cfg: ConsensusConfig = DEFAULT_CONSENSUS): ConsensusVerdict {
  const frame = asReads(read);
  const valid = new Set<string>();
  let invalid = false;
  for (const raw of [...frame.seen, ...(frame.agreed === null ? [] : [frame.agreed])]) {
    const check = checkBarcode(raw);
    if (check.ok) valid.add(check.code);
    else invalid = true;
  }
  const agreedCheck = frame.agreed === null ? null : checkBarcode(frame.agreed);
  const agreed = agreedCheck?.ok === true ? agreedCheck.code : null;

  let reads = state.reads.filter((r) => at - r.at <= cfg.windowMs);
  let held = state.held;
  if (held !== null && !valid.has(held.code) && at - held.lastSeen >= cfg.releaseMs) {
    // The item left the view. Its reads belonged to that hold: it takes fresh reads to accept it again.
    const ended = held.code;
    reads = reads.filter((r) => r.code !== ended);
    held = null;
  }
  if (held !== null && valid.has(held.code)) held = { code: held.code, lastSeen: at };
  reads = [...reads, ...[...valid].map((code) => ({ code, at, agreed: code === agreed }))];

  const next = { reads, held };
  if (agreed === null) return { state: next, accepted: null, waiting: invalid ? 'invalid' : null };
  // Same code: already added in this hold. Another code: the accepted item is still in view.
  if (held !== null) return { state: next, accepted: null, waiting: 'held' };
  if (reads.some((r) => r.code !== agreed)) return { state: next, accepted: null, waiting: 'opposed' };
  const votes = reads.filter((r) => r.code === agreed && r.agreed).length;
  if (votes < cfg.frames) return { state: next, accepted: null, waiting: null };
  return { state: { reads, held: { code: agreed, lastSeen: at } }, accepted: agreed, waiting: null };
}
