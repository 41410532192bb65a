import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../domain/barcode';
import { consensusStep, INITIAL_CONSENSUS, type ConsensusState } from './read-consensus';

/** Feeds [code|null, at] frames and returns every accepted code in order. */
function feed(frames: [string | null, number][], start: ConsensusState = INITIAL_CONSENSUS): { accepted: string[]; state: ConsensusState } {
  let state = start;
  const accepted: string[] = [];
  for (const [code, at] of frames) {
    const v = consensusStep(state, code, at);
    state = v.state;
    if (v.accepted !== null) accepted.push(v.accepted);
  }
  return { accepted, state };
}

const GOOD = '5901234123457';
/** one digit changed: the check digit no longer matches */
const MISREAD = '5901234123467';
/** a different valid EAN-13 */
const OTHER = '4006381333931';

describe('camera read consensus', () => {
  it('accepts a code read in three frames within the window', () => {
    expect(feed([[GOOD, 0], [GOOD, 100], [GOOD, 200]]).accepted).toEqual([GOOD]);
  });

  it('does not accept after only two frames', () => {
    expect(feed([[GOOD, 0], [GOOD, 100], [null, 200], [null, 300]]).accepted).toEqual([]);
  });

  it('does not accept three reads spread wider than the window', () => {
    expect(feed([[GOOD, 0], [GOOD, 1000], [GOOD, 2000]]).accepted).toEqual([]);
  });

  it('never accepts a code whose check digit is wrong, however often it is read', () => {
    const frames: [string, number][] = Array.from({ length: 20 }, (_, i) => [MISREAD, i * 50]);
    expect(feed(frames).accepted).toEqual([]);
    expect(consensusStep(INITIAL_CONSENSUS, MISREAD, 0).dropped).toBe('invalid');
  });

  it('misreads mixed into good reads do not stop the good code and are never accepted', () => {
    const out = feed([[GOOD, 0], [MISREAD, 40], [GOOD, 80], [MISREAD, 120], [GOOD, 160]]);
    expect(out.accepted).toEqual([GOOD]);
  });

  it('does not accept a code while most reads in the window disagree with it', () => {
    const third = withCheckDigit('400638133390');
    const fourth = withCheckDigit('590123412346');
    const out = feed([[GOOD, 0], [OTHER, 50], [third, 100], [GOOD, 150], [fourth, 200], [GOOD, 250]]);
    expect(out.accepted).toEqual([]);
    // ...and accepts it as soon as it has the majority.
    expect(feed([[GOOD, 300]], out.state).accepted).toEqual([GOOD]);
  });

  it('accepts the same item once while it is held in view, and again after a pause', () => {
    const held: [string, number][] = Array.from({ length: 30 }, (_, i) => [GOOD, i * 100]);
    const out = feed(held);
    expect(out.accepted).toEqual([GOOD]);
    const later = feed([[GOOD, 6000], [GOOD, 6100], [GOOD, 6200]], out.state);
    expect(later.accepted).toEqual([GOOD]);
  });

  it('accepts a second, different item right after the first', () => {
    const out = feed([[GOOD, 0], [GOOD, 50], [GOOD, 100], [OTHER, 150], [OTHER, 200], [OTHER, 250]]);
    expect(out.accepted).toEqual([GOOD, OTHER]);
  });

  it('passes Code 128 labels that are not GS1 numbers', () => {
    expect(feed([['SKU-0042', 0], ['SKU-0042', 30], ['SKU-0042', 60]]).accepted).toEqual(['SKU-0042']);
  });
});
