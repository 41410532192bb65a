/**
 * Tells a USB keyboard-wedge scanner apart from a person typing. A scanner "types" the code with a few
 * milliseconds between keys and ends it with Enter or Tab; a person leaves tens to hundreds of milliseconds
 * between keys. The detector is a pure state machine fed one key at a time, so it can be tested without a DOM
 * and the page decides what to do with its verdicts (swallow the keys, re-deliver them as typing, look up a code).
 *
 * A fast burst with no terminator is NOT a scan: the scanners we support always send a suffix, and treating an
 * unterminated burst as a scan would let a quick typist add a product by accident. Its keys are released back
 * as ordinary typing once the burst goes quiet.
 */

export interface WedgeConfig {
  /** the longest gap between two keys of one scan (and between the last key and the terminator) */
  maxGapMs: number;
  /** shorter bursts are typing even when fast: EAN-8 is the shortest code we sell by */
  minLength: number;
  /** longer bursts are not a barcode (a paste, a stuck key) */
  maxLength: number;
  terminators: readonly string[];
}

export const DEFAULT_WEDGE_CONFIG: WedgeConfig = {
  maxGapMs: 50,
  minLength: 6,
  maxLength: 64,
  terminators: ['Enter', 'Tab'],
};

export interface WedgeKey {
  /** KeyboardEvent.key */
  key: string;
  /** KeyboardEvent.timeStamp, milliseconds */
  timeStamp: number;
  /**
   * when the page got to handle the key (performance.now()), on the same clock as timeStamp. A busy page
   * handles queued keys late, and a driver that waits for each key to be handled (a test robot, a remote
   * desktop) sends the next one only then: the gap between handling times shows the burst such a sender meant.
   */
  handledAt?: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export interface WedgeState {
  buffer: string;
  /** timeStamp of the last buffered key, or null when the buffer is empty */
  lastAt: number | null;
  /** when the last buffered key was handled, or null when the buffer is empty */
  lastHandledAt: number | null;
}

export const INITIAL_WEDGE_STATE: WedgeState = { buffer: '', lastAt: null, lastHandledAt: null };

/** The gap to the previous key: the smaller of the two clocks, so neither a slow page nor a waiting sender breaks a burst. */
function gapFrom(state: WedgeState, k: WedgeKey): number {
  if (state.lastAt === null) return 0;
  const byStamp = k.timeStamp - state.lastAt;
  const byHandling = (k.handledAt ?? k.timeStamp) - (state.lastHandledAt ?? state.lastAt);
  return Math.min(byStamp, byHandling);
}

export interface WedgeVerdict {
  state: WedgeState;
  /** the key was taken into a possible scan: the page should keep it from reaching an input for now */
  held: boolean;
  /** a complete scan ended by this key: the page should swallow the terminator and look the code up */
  scan: string | null;
  /** keys held earlier that turned out to be typing: the page should deliver them, before this key's effect */
  released: string;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']);

function isPrintable(k: WedgeKey): boolean {
  return k.key.length === 1 && !k.ctrlKey && !k.altKey && !k.metaKey;
}

/** Feeds one keydown to the detector. */
export function wedgeStep(state: WedgeState, k: WedgeKey, cfg: WedgeConfig = DEFAULT_WEDGE_CONFIG): WedgeVerdict {
  // Scanners press Shift for capital letters of Code 128 labels; a modifier alone neither breaks nor joins a burst.
  if (MODIFIERS.has(k.key)) return { state, held: false, scan: null, released: '' };

  const stale = state.lastAt !== null && gapFrom(state, k) > cfg.maxGapMs;
  const pending = stale ? '' : state.buffer;
  const releasedStale = stale ? state.buffer : '';

  if (cfg.terminators.includes(k.key)) {
    if (pending.length >= cfg.minLength) {
      return { state: INITIAL_WEDGE_STATE, held: false, scan: pending, released: releasedStale };
    }
    return { state: INITIAL_WEDGE_STATE, held: false, scan: null, released: releasedStale + pending };
  }

  if (isPrintable(k)) {
    const buffer = pending + k.key;
    if (buffer.length > cfg.maxLength) {
      return { state: INITIAL_WEDGE_STATE, held: false, scan: null, released: releasedStale + pending };
    }
    return { state: { buffer, lastAt: k.timeStamp, lastHandledAt: k.handledAt ?? k.timeStamp }, held: true, scan: null, released: releasedStale };
  }

  // Backspace, arrows, function keys: a person is at the keyboard.
  return { state: INITIAL_WEDGE_STATE, held: false, scan: null, released: releasedStale + pending };
}

/**
 * Called by a timer when no key came: once the burst has been quiet longer than a scan's gap it cannot become
 * a scan any more, so its keys are released as typing. `now` is on the handling clock (performance.now()).
 */
export function wedgeTimeout(state: WedgeState, now: number, cfg: WedgeConfig = DEFAULT_WEDGE_CONFIG): WedgeVerdict {
  const last = state.lastHandledAt ?? state.lastAt;
  if (last === null || now - last <= cfg.maxGapMs) {
    return { state, held: false, scan: null, released: '' };
  }
  return { state: INITIAL_WEDGE_STATE, held: false, scan: null, released: state.buffer };
}

/** When the page should call wedgeTimeout next, or null when nothing is held. */
export function wedgeDeadline(state: WedgeState, cfg: WedgeConfig = DEFAULT_WEDGE_CONFIG): number | null {
  const last = state.lastHandledAt ?? state.lastAt;
  return last === null ? null : last + cfg.maxGapMs + 1;
}
