import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INITIAL_WEDGE_STATE, wedgeStep, wedgeTimeout, type WedgeKey, type WedgeState } from './wedge-detector';

interface Outcome {
  scans: string[];
  /** what reached the page as typing: released keys plus keys the detector never held */
  typed: string;
  state: WedgeState;
}

/** Replays keys the way the page does: held keys wait, released ones are typed, timers fire between keys. */
function run(keys: WedgeKey[], endAt?: number): Outcome {
  let state = INITIAL_WEDGE_STATE;
  const scans: string[] = [];
  let typed = '';
  for (const k of keys) {
    const timer = wedgeTimeout(state, k.timeStamp - 1);
    state = timer.state;
    typed += timer.released;
    const v = wedgeStep(state, k);
    state = v.state;
    typed += v.released;
    if (v.scan !== null) scans.push(v.scan);
    if (!v.held && v.scan === null && k.key.length === 1) typed += k.key;
  }
  if (endAt !== undefined) {
    const timer = wedgeTimeout(state, endAt);
    state = timer.state;
    typed += timer.released;
  }
  return { scans, typed, state };
}

function burst(text: string, start: number, gap: number): WedgeKey[] {
  return [...text].map((key, i) => ({ key, timeStamp: start + i * gap }));
}

describe('wedge detector', () => {
  it('reads a fast burst ended by Enter as a scan and types nothing', () => {
    const keys = [...burst('5901234123457', 1000, 4), { key: 'Enter', timeStamp: 1000 + 13 * 4 }];
    const out = run(keys, 5000);
    expect(out.scans).toEqual(['5901234123457']);
    expect(out.typed).toBe('');
  });

  it('accepts Tab as a terminator', () => {
    const keys = [...burst('96385074', 0, 3), { key: 'Tab', timeStamp: 30 }];
    expect(run(keys).scans).toEqual(['96385074']);
  });

  it('treats slow typing followed by Enter as typing, not a scan', () => {
    const keys = [...burst('5901234123457', 0, 120), { key: 'Enter', timeStamp: 13 * 120 }];
    const out = run(keys, 10_000);
    expect(out.scans).toEqual([]);
    expect(out.typed).toBe('5901234123457');
  });

  it('releases a fast burst without a terminator as typing once it goes quiet', () => {
    const out = run(burst('5901234123457', 0, 3), 500);
    expect(out.scans).toEqual([]);
    expect(out.typed).toBe('5901234123457');
    expect(out.state).toEqual(INITIAL_WEDGE_STATE);
  });

  it('does not release held keys before the gap has passed', () => {
    let state = INITIAL_WEDGE_STATE;
    state = wedgeStep(state, { key: '1', timeStamp: 100 }).state;
    expect(wedgeTimeout(state, 120).released).toBe('');
    expect(wedgeTimeout(state, 200).released).toBe('1');
  });

  it('ignores a short fast burst ended by Enter: a person pressing two keys at once', () => {
    const out = run([...burst('ab', 0, 5), { key: 'Enter', timeStamp: 12 }]);
    expect(out.scans).toEqual([]);
    expect(out.typed).toBe('ab');
  });

  it('separates what a person typed from a scan that follows it', () => {
    const human = burst('milk', 0, 150);
    const scan = [...burst('4006381333931', 2000, 5), { key: 'Enter', timeStamp: 2000 + 13 * 5 }];
    const out = run([...human, ...scan], 9000);
    expect(out.typed).toBe('milk');
    expect(out.scans).toEqual(['4006381333931']);
  });

  it('a scan whose gap breaks halfway is not a scan', () => {
    const keys = [...burst('590123', 0, 4), ...burst('4123457', 300, 4), { key: 'Enter', timeStamp: 300 + 7 * 4 }];
    const out = run(keys, 5000);
    // The second half is fast and long enough on its own, so it reads as a (shorter) scan; the first is typing.
    expect(out.typed).toBe('590123');
    expect(out.scans).toEqual(['4123457']);
  });

  it('lets Shift through inside a Code 128 burst without breaking it', () => {
    const keys: WedgeKey[] = [
      { key: 'Shift', timeStamp: 0 },
      { key: 'A', timeStamp: 1 },
      ...burst('B-12345', 3, 3),
      { key: 'Enter', timeStamp: 30 },
    ];
    expect(run(keys).scans).toEqual(['AB-12345']);
  });

  it('a non-printable key (Backspace) ends the burst and releases what was held', () => {
    const v1 = wedgeStep(INITIAL_WEDGE_STATE, { key: '7', timeStamp: 0 });
    const v2 = wedgeStep(v1.state, { key: 'Backspace', timeStamp: 2 });
    expect(v2.released).toBe('7');
    expect(v2.held).toBe(false);
  });

  it('a scan whose keys a busy page handled late is still a scan', () => {
    // The first key waited 60 ms behind a render; the sender only sent the next once it was handled.
    const keys: WedgeKey[] = [{ key: '5', timeStamp: 0, handledAt: 60 }];
    [...'901234123457'].forEach((key, i) => keys.push({ key, timeStamp: 62 + i * 3, handledAt: 62 + i * 3 }));
    keys.push({ key: 'Enter', timeStamp: 100, handledAt: 100 });
    let state = INITIAL_WEDGE_STATE;
    const scans: string[] = [];
    for (const k of keys) {
      expect(wedgeTimeout(state, k.handledAt! - 1).released).toBe('');
      const v = wedgeStep(state, k);
      state = v.state;
      if (v.scan !== null) scans.push(v.scan);
    }
    expect(scans).toEqual(['5901234123457']);
  });

  it('a stalled page that handles a person\'s few keys together still treats them as typing', () => {
    // Typed 200 ms apart, handled within 1 ms of each other after a stall: one burst, but too short for a scan.
    let state = INITIAL_WEDGE_STATE;
    let released = '';
    const keys: WedgeKey[] = [
      { key: '1', timeStamp: 0, handledAt: 400 },
      { key: '2', timeStamp: 200, handledAt: 401 },
      { key: '3', timeStamp: 390, handledAt: 402 },
      { key: 'Enter', timeStamp: 395, handledAt: 403 },
    ];
    for (const k of keys) {
      const v = wedgeStep(state, k);
      state = v.state;
      released += v.released;
      expect(v.scan).toBeNull();
    }
    expect(released).toBe('123');
  });

  it('never holds keys with Ctrl (shortcuts such as Ctrl+P)', () => {
    const v = wedgeStep(INITIAL_WEDGE_STATE, { key: 'p', timeStamp: 0, ctrlKey: true });
    expect(v.held).toBe(false);
  });

  it('a person typing at human speed never produces a scan, whatever the keys', () => {
    const key = fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyz'.split(''), 'Enter', 'Tab', 'Backspace');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 60, max: 600 })), { maxLength: 60 }), (steps) => {
        let t = 0;
        const keys = steps.map(([k, gap]) => ({ key: k, timeStamp: (t += gap) }));
        expect(run(keys, t + 1000).scans).toEqual([]);
      }),
    );
  });

  it('every printable key a person types reaches the page, in order, exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...'0123456789xyz'.split('')), fc.integer({ min: 0, max: 300 })), { maxLength: 40 }), (steps) => {
        let t = 0;
        const keys = steps.map(([k, gap]) => ({ key: k, timeStamp: (t += gap) }));
        const out = run(keys, t + 1000);
        expect(out.typed).toBe(steps.map(([k]) => k).join(''));
      }),
    );
  });
});
