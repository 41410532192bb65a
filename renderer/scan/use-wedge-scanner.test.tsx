// @vitest-environment jsdom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useWedgeScanner } from './use-wedge-scanner';

/**
 * The hook in a real (jsdom) page: keys go to window in the capture phase, a controlled search box holds the
 * focus. A scan must reach onScan and leave nothing in the box; typing must reach the box intact.
 */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const scans: string[] = [];

function Page() {
  const [query, setQuery] = useState('');
  useWedgeScanner((s) => scans.push(s.code));
  return <input type="search" data-testid="q" value={query} onChange={(e) => setQuery(e.target.value)} />;
}

let root: Root;
let host: HTMLDivElement;

beforeEach(async () => {
  scans.length = 0;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root.render(<Page />));
});

afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
});

const input = () => host.querySelector('input') as HTMLInputElement;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A keydown as a keyboard would send it: the default action (typing into the input) only if nobody prevented it. */
function key(k: string, at = performance.now()): void {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
  Object.defineProperty(e, 'timeStamp', { value: at });
  const target = document.activeElement ?? document.body;
  const notPrevented = target.dispatchEvent(e);
  if (notPrevented && k.length === 1 && target instanceof HTMLInputElement) {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(target, target.value + k);
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

describe('useWedgeScanner in a page', () => {
  it('a scan while the search box has focus reaches onScan and leaves no digits in the box', async () => {
    input().focus();
    const t0 = performance.now();
    await act(async () => {
      [...'5901234123457'].forEach((d, i) => key(d, t0 + i * 3));
      key('Enter', t0 + 13 * 3);
    });
    await act(async () => sleep(120));
    expect(scans).toEqual(['5901234123457']);
    expect(input().value).toBe('');
    expect(performance.getEntriesByName('scan:5901234123457', 'mark')).toHaveLength(1);
  });

  it('a person typing into the search box gets every letter, and nothing is scanned', async () => {
    input().focus();
    for (const ch of 'milk') {
      await act(async () => {
        key(ch);
        await sleep(90);
      });
    }
    await act(async () => {
      key('Enter');
      await sleep(80);
    });
    expect(input().value).toBe('milk');
    expect(scans).toEqual([]);
  });

  it('a scan with nothing focused is read too', async () => {
    input().blur();
    const t0 = performance.now();
    await act(async () => {
      [...'96385074'].forEach((d, i) => key(d, t0 + i * 2));
      key('Tab', t0 + 20);
    });
    expect(scans).toEqual(['96385074']);
  });
});
