import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../domain/barcode';
import { consensusStep, DEFAULT_CONSENSUS, INITIAL_CONSENSUS, type ConsensusState, type FrameRead } from './read-consensus';

/**
 * Hand-written frame sequences, one frame every 100 ms as the camera loop delivers them. A plain code is a
 * frame on which both decoders read that code; {agreed, seen} spells out a frame on which they did not agree.
 */
function feed(frames: [FrameRead, number][], start: ConsensusState = INITIAL_CONSENSUS): { accepted: string[]; state: ConsensusState } {
  let state = start;
  const accepted: string[] = [];
  for (const [read, at] of frames) {
    const v = consensusStep(state, read, at);
    state = v.state;
    if (v.accepted !== null) accepted.push(v.accepted);
  }
  return { accepted, state };
}

/** `read` on frames from..to (inclusive), every 100 ms. */
function every(read: FrameRead, from: number, to: number): [FrameRead, number][] {
  const out: [FrameRead, number][] = [];
  for (let at = from; at <= to; at += 100) out.push([read, at]);
  return out;
}

const GOOD = '5901234123457';
/** one digit changed: the check digit no longer matches */
const MISREAD = '5901234123467';
/** a different valid EAN-13: what a decoder answers when it misreads two digits */
const OTHER = '4006381333931';
const onlyOneDecoder = (code: string): FrameRead => ({ agreed: null, seen: [code] });

describe('camera read consensus', () => {
  it('accepts a code both decoders read in three frames within the window', () => {
    expect(feed([[GOOD, 0], [GOOD, 100], [GOOD, 200]]).accepted).toEqual([GOOD]);
  });

  it('does not accept after only two frames, nor three spread wider than the window', () => {
    expect(feed([[GOOD, 0], [GOOD, 100], [null, 200], [null, 300]]).accepted).toEqual([]);
    expect(feed([[GOOD, 0], [null, 800], [GOOD, 1000], [null, 1800], [GOOD, 2000]]).accepted).toEqual([]);
  });

  it('never accepts a code whose check digit is wrong, however often it is read', () => {
    expect(feed(every(MISREAD, 0, 2000)).accepted).toEqual([]);
    expect(consensusStep(INITIAL_CONSENSUS, MISREAD, 0).waiting).toBe('invalid');
  });

  it('misreads with a wrong check digit mixed into good reads do not stop the good code', () => {
    expect(feed([[GOOD, 0], [MISREAD, 40], [GOOD, 80], [MISREAD, 120], [GOOD, 160]]).accepted).toEqual([GOOD]);
  });

  it('a wrong code read three times during a long hold is not accepted, and the right one is added once', () => {
    // The right code is accepted, then the decoders misread the same label as OTHER on every other frame.
    // The old consensus dropped the held code's reads as "cooldown", so OTHER won against no opposition, and
    // the right code, no longer the last accepted, was added a second time.
    const hold: [FrameRead, number][] = [[GOOD, 0], [GOOD, 100], [GOOD, 200]];
    for (let at = 300; at <= 3000; at += 200) hold.push([GOOD, at], [OTHER, at + 100]);
    expect(feed(hold).accepted).toEqual([GOOD]);
  });

  it('a code held in view is added once however long it is held, with frames missed along the way', () => {
    const hold = every(GOOD, 0, 6000).map(([read, at]): [FrameRead, number] => [at % 700 < 400 ? read : null, at]);
    expect(feed(hold).accepted).toEqual([GOOD]);
  });

  it('no other code is accepted while the accepted one is in view, even one both decoders agree on', () => {
    const frames: [FrameRead, number][] = [[GOOD, 0], [GOOD, 100], [GOOD, 200]];
    // A second label comes into view next to the first: OTHER is read on most frames, GOOD now and then.
    for (let at = 300; at <= 2000; at += 100) frames.push([at % 500 === 0 ? onlyOneDecoder(GOOD) : OTHER, at]);
    const out = feed(frames);
    expect(out.accepted).toEqual([GOOD]);
    // GOOD was last seen at 2000; once it has been out of view for the release time, OTHER is accepted.
    expect(feed([...every(OTHER, 2100, 2900), [OTHER, 3000]], out.state).accepted).toEqual([OTHER]);
  });

  it('a second item is accepted once the first has left the view', () => {
    const out = feed([[GOOD, 0], [GOOD, 100], [GOOD, 200], ...every(null, 300, 1200), [OTHER, 1300], [OTHER, 1400], [OTHER, 1500]]);
    expect(out.accepted).toEqual([GOOD, OTHER]);
  });

  it('the same item is accepted again after a pause, but only on fresh reads', () => {
    const first = feed([[GOOD, 0], [GOOD, 100], [GOOD, 200], ...every(null, 300, 1300)]);
    expect(first.accepted).toEqual([GOOD]);
    // Two fresh reads are not enough, though the window still reaches back to the first hold's reads.
    expect(feed([[GOOD, 1400], [GOOD, 1500]], first.state).accepted).toEqual([]);
    expect(feed([[GOOD, 1400], [GOOD, 1500], [GOOD, 1600]], first.state).accepted).toEqual([GOOD]);
  });

  it('a read by one decoder alone never counts towards acceptance', () => {
    expect(feed(every(onlyOneDecoder(GOOD), 0, 2000)).accepted).toEqual([]);
  });

  it('any other code seen in the window, by either decoder or in a disagreement, holds acceptance back', () => {
    expect(feed([[GOOD, 0], [onlyOneDecoder(OTHER), 100], [GOOD, 200], [GOOD, 300]]).accepted).toEqual([]);
    expect(feed([[GOOD, 0], [{ agreed: null, seen: [GOOD, OTHER] }, 100], [GOOD, 200], [GOOD, 300]]).accepted).toEqual([]);
    // ...until the other code has left the window.
    const out = feed([[GOOD, 0], [onlyOneDecoder(OTHER), 100], [GOOD, 200], [GOOD, 300]]);
    expect(feed([[GOOD, 100 + DEFAULT_CONSENSUS.windowMs + 1]], out.state).accepted).toEqual([GOOD]);
  });

  it('two different valid codes read alternately are never accepted', () => {
    const third = withCheckDigit('400638133390');
    expect(feed(every(GOOD, 0, 3000).map(([, at]): [FrameRead, number] => [at % 200 === 0 ? GOOD : third, at])).accepted).toEqual([]);
  });

  it('passes Code 128 labels that are not GS1 numbers', () => {
    expect(feed([['SKU-0042', 0], ['SKU-0042', 30], ['SKU-0042', 60]]).accepted).toEqual(['SKU-0042']);
  });
});
