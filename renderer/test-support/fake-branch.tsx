import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { v7 as uuidv7 } from 'uuid';
import type { BranchBridge, BranchMethod, BranchOutput, BranchParsedInput, SessionView, SyncStatusView, TillInfo } from '../../shared/api/branch-api';
import { isDomainError } from '../../shared/domain/errors';
import { BranchProvider, type BranchData } from '../app/branch-data';

/**
 * A stand-in for the till's backend in DOM tests: each method the test cares about answers from a function the
 * test writes (its own small model of the behaviour), a DomainError thrown there is the backend's refusal, and
 * every call is recorded. Answers go through the real client, so they are checked against the contract's schemas
 * as the app's are. The till, the session and the sync status answer as a logged-in manager at Hamra.
 */
export type Handlers = { [M in BranchMethod]?: (input: BranchParsedInput<M>) => BranchOutput<M> | Promise<BranchOutput<M>> };

export const HAMRA = { id: '0190a0b2-7c3d-7e4f-8a5b-0000000000a1', name: 'Hamra' };

export class FakeBranch {
  calls: Array<{ method: string; input: unknown }> = [];
  readonly till: TillInfo = { tillId: uuidv7(), tillName: 'Hamra Till 1', storeId: HAMRA.id, storeName: HAMRA.name, currency: 'USD', locale: 'en' };
  session: SessionView = { user: { id: uuidv7(), name: 'Nadim Khoury', role: 'manager' }, manager: null, managerUntil: null };

  constructor(public handlers: Handlers = {}) {}

  /** the inputs of every call of `method`, in order */
  inputs<M extends BranchMethod>(method: M): BranchParsedInput<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input as BranchParsedInput<M>);
  }

  bridge: BranchBridge = {
    call: (async (method: BranchMethod, input: unknown) => {
      this.calls.push({ method, input });
      const handler = this.handlers[method] as ((i: unknown) => unknown) | undefined;
      if (handler !== undefined) {
        try {
          return { ok: true, value: await handler(input) };
        } catch (e) {
          if (!isDomainError(e)) throw e;
          return { ok: false, error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } };
        }
      }
      if (method === 'till.info') return { ok: true, value: this.till };
      if (method === 'session.current') return { ok: true, value: this.session };
      if (method === 'till.settings') return { ok: true, value: { language: 'en', digits: 'latin' } };
      if (method === 'sync.status') {
        const s: SyncStatusView = { online: true, queued: 0, lastSyncAt: null, lastError: null, openConflicts: 0, progress: null };
        return { ok: true, value: s };
      }
      return { ok: false, error: { code: 'NOT_FOUND', message: `the fake backend has no ${method}` } };
    }) as BranchBridge['call'],
  };
}

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// jsdom has no CSS.escape (the cart table uses it to find the newest line); keys and ids here are plain.
(globalThis as { CSS?: { escape(s: string): string } }).CSS ??= { escape: (s: string) => s };

/**
 * A page in jsdom with one screen, and the few gestures the tests make on it. `branch`: the test's
 * createBranchData(createClient(fake.bridge)) (only tests may reach the client underneath).
 */
export class TestPage {
  private root: Root;
  readonly host: HTMLDivElement;

  constructor(readonly branch: BranchData) {
    this.host = document.createElement('div');
    document.body.append(this.host);
    this.root = createRoot(this.host);
  }

  async render(node: ReactNode): Promise<void> {
    await act(async () => this.root.render(<BranchProvider branch={this.branch}>{node}</BranchProvider>));
    await this.settle();
  }

  unmount(): void {
    act(() => this.root.unmount());
    this.host.remove();
  }

  /** lets the chain of calls and re-renders a gesture started finish */
  async settle(ms = 15): Promise<void> {
    await act(async () => new Promise((r) => setTimeout(r, ms)));
  }

  $(testId: string, within: ParentNode = this.host): HTMLElement | null {
    return within.querySelector(`[data-testid="${testId}"]`);
  }

  all(testId: string, within: ParentNode = this.host): HTMLElement[] {
    return [...within.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
  }

  get(testId: string, within: ParentNode = this.host): HTMLElement {
    const el = this.$(testId, within);
    if (el === null) throw new Error(`no [data-testid="${testId}"] on the page:\n${this.host.innerHTML.slice(0, 3000)}`);
    return el;
  }

  async click(target: string | HTMLElement, within?: ParentNode): Promise<void> {
    const el = typeof target === 'string' ? this.get(target, within) : target;
    if ((el as HTMLButtonElement).disabled) throw new Error(`${el.getAttribute('data-testid') ?? el.outerHTML.slice(0, 80)} is disabled`);
    await act(async () => el.click());
    await this.settle();
  }

  /** types into a box as React sees it (the value setter, then an input event) */
  async type(target: string | HTMLElement, text: string, within?: ParentNode): Promise<void> {
    const el = (typeof target === 'string' ? this.get(target, within) : target) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    await act(async () => {
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, text);
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    });
    await this.settle(5);
  }

  /** a keyboard-wedge scan: the code's keys 3 ms apart, then Enter, at whatever has the focus */
  async scan(code: string): Promise<void> {
    const t0 = performance.now();
    await act(async () => {
      [...code, 'Enter'].forEach((k, i) => {
        const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
        Object.defineProperty(e, 'timeStamp', { value: t0 + i * 3 });
        (document.activeElement ?? document.body).dispatchEvent(e);
      });
    });
    await this.settle();
  }

  text(testId: string, within?: ParentNode): string {
    return this.get(testId, within).textContent ?? '';
  }
}
