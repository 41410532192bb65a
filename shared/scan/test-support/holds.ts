import { renderFrame, type HoldKind, type LabelSpec, type LumaFrame } from './labels';

/**
 * A hold: a cashier holds one label in front of the camera for `frames` frames, one every `intervalMs`, and
 * whatever the session accepts would go to the cart. Scored the way a customer would: a wrong code accepted is
 * a wrong charge; the right code accepted twice is a double charge; the right code once is a read.
 */
export const HOLD_FRAMES = 15;
export const FRAME_INTERVAL_MS = 100;

export interface ScanSessionLike {
  frame(frame: LumaFrame, at: number): Promise<string | null>;
}

export interface HoldOutcome {
  label: LabelSpec;
  kind: HoldKind;
  accepted: string[];
}

export async function runHold(label: LabelSpec, kind: HoldKind, session: ScanSessionLike, frames = HOLD_FRAMES): Promise<HoldOutcome> {
  const accepted: string[] = [];
  for (let i = 0; i < frames; i++) {
    const code = await session.frame(renderFrame(label, kind, i), i * FRAME_INTERVAL_MS);
    if (code !== null) accepted.push(code);
  }
  return { label, kind, accepted };
}

export interface HoldScore {
  holds: number;
  /** holds that accepted the right code exactly once and nothing else */
  read: number;
  /** holds that accepted some wrong code */
  wrong: number;
  /** holds that accepted the right code more than once */
  double: number;
}

export function scoreHolds(outcomes: readonly HoldOutcome[]): HoldScore {
  let read = 0;
  let wrong = 0;
  let double = 0;
  for (const o of outcomes) {
    const right = o.accepted.filter((c) => c === o.label.code).length;
    const isWrong = o.accepted.length > right;
    if (isWrong) wrong++;
    if (right > 1) double++;
    if (right === 1 && !isWrong) read++;
  }
  return { holds: outcomes.length, read, wrong, double };
}

export function describeOutcome(o: HoldOutcome): string {
  const l = o.label;
  return `label ${l.seed}/${l.index} ${l.symbology} ${l.code} (${o.kind}; module ${l.modulePx.toFixed(2)}px, blur ${l.blur.toFixed(2)}, rotation ${l.rotationDeg.toFixed(1)}°): accepted [${o.accepted.join(', ')}]`;
}
