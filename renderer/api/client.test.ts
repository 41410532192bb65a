// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createClient, createFetchBridge, takePairingToken } from './client';
import type { ScanView } from '../../shared/api/branch-api';

const PRODUCT_ID = '0190a0b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b';
const product: ScanView = {
  product: {
    id: PRODUCT_ID,
    sku: 'MILK-1L',
    name: 'Milk 1 L',
    barcodes: ['5901234123457'],
    unit: 'each',
    packSize: null,
    price: 150,
    currency: 'USD',
    lowStockThreshold: 2000,
    reorderPoint: 5000,
    reorderQty: 24000,
    leadTimeDays: 2,
    active: true,
  },
  available: 12000,
  pack: null,
};

interface Recorded {
  url: string;
  init: RequestInit;
}

/** A fetch that records requests and answers with the given function. */
function fakeFetch(answer: (url: string, body: unknown) => Response | Promise<Response>): { fetch: typeof fetch; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const f = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer(String(url), JSON.parse(String(init?.body ?? '{}')));
  }) as typeof fetch;
  return { fetch: f, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('web-mode transport', () => {
  it('posts the input as JSON to /api/<method> and returns the validated value', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, value: product }));
    const client = createClient(createFetchBridge({ fetch, pairingToken: () => null }));
    const result = await client.call('catalog.lookup', { code: '5901234123457' });
    expect(result).toEqual({ ok: true, value: product });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/catalog.lookup');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ code: '5901234123457' });
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBeNull();
  });

  it('sends the pairing token as a Bearer header', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, value: [] }));
    const client = createClient(createFetchBridge({ fetch, pairingToken: () => 'tok-1234567890abcdef' }));
    await client.call('session.users', {});
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer tok-1234567890abcdef');
  });

  it('fills defaults before sending (catalog.search limit)', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, value: [] }));
    const client = createClient(createFetchBridge({ fetch, pairingToken: () => null }));
    await client.call('catalog.search', { query: 'milk' });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ query: 'milk', limit: 20 });
  });

  it('turns a network failure into UNAVAILABLE', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const client = createClient(createFetchBridge({ fetch, pairingToken: () => null }));
    const result = await client.call('sync.status', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('UNAVAILABLE');
  });

  it('turns a non-JSON answer (a proxy error page) into UNAVAILABLE', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const result = await createClient(createFetchBridge({ fetch, pairingToken: () => null })).call('sync.status', {});
    expect(result.ok ? null : result.error.code).toBe('UNAVAILABLE');
  });

  it('passes a domain error through untouched, whatever the HTTP status', async () => {
    const error = { code: 'UNKNOWN_BARCODE', message: 'no product has this barcode', details: { code: '5901234123457' } };
    const { fetch } = fakeFetch(() => json({ ok: false, error }, 401));
    const result = await createClient(createFetchBridge({ fetch, pairingToken: () => null })).call('catalog.lookup', { code: '5901234123457' });
    expect(result).toEqual({ ok: false, error });
  });

  it('refuses bad input without sending anything', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, value: null }));
    const client = createClient(createFetchBridge({ fetch, pairingToken: () => null }));
    const result = await client.call('session.login', { userId: PRODUCT_ID, pin: '12' });
    expect(result.ok ? null : result.error.code).toBe('INVALID_INPUT');
    expect(calls).toHaveLength(0);
  });

  it('refuses an answer that does not match the output schema', async () => {
    const { fetch } = fakeFetch(() => json({ ok: true, value: { ...product, available: 1.5 } }));
    const result = await createClient(createFetchBridge({ fetch, pairingToken: () => null })).call('catalog.lookup', { code: 'x' });
    expect(result.ok ? null : result.error.code).toBe('INTERNAL');
  });

  it("a refusal is answered as the backend's typed error, not thrown", async () => {
    const { fetch } = fakeFetch(() => json({ ok: false, error: { code: 'WRONG_PIN', message: 'wrong PIN' } }));
    const client = createClient(createFetchBridge({ fetch, pairingToken: () => null }));
    await expect(client.call('session.elevate', { pin: '1234' })).resolves.toEqual({ ok: false, error: { code: 'WRONG_PIN', message: 'wrong PIN' } });
  });

  it('an Electron bridge that rejects (main process gone) reads as UNAVAILABLE', async () => {
    const client = createClient({ call: () => Promise.reject(new Error('ipc closed')) });
    const result = await client.call('sync.status', {});
    expect(result.ok ? null : result.error.code).toBe('UNAVAILABLE');
  });
});

describe('pairing token from the page URL', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('keeps ?pair= in sessionStorage and strips it from the address bar', () => {
    history.replaceState(null, '', '/index.html?pair=abcdefghijklmnop1234&lang=en#checkout');
    expect(takePairingToken(window)).toBe('abcdefghijklmnop1234');
    expect(location.search).toBe('?lang=en');
    expect(location.hash).toBe('#checkout');
    expect(sessionStorage.getItem('till.pairingToken')).toBe('abcdefghijklmnop1234');
  });

  it('finds the stored token after a reload without ?pair=', () => {
    sessionStorage.setItem('till.pairingToken', 'stored-token-000000');
    expect(takePairingToken(window)).toBe('stored-token-000000');
  });

  it('has no token when the page was opened without one', () => {
    expect(takePairingToken(window)).toBeNull();
  });
});
