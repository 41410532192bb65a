import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoChain } from '../../shared/demo';
import type { DemoChain } from '../../shared/demo';
import { createTillBackend } from '../backend';
import type { TillBackend } from '../backend';
import { initDemoTillIfFresh } from './demo-till';
import { decidePairing, hostHeaderIsLoopback, isLoopbackHost, tokensEqual } from './pairing';
import { startWebServer } from './server';
import type { WebServer } from './server';

/**
 * Web mode over real HTTP on 127.0.0.1 against a real till backend and database: the transport must never let a
 * malformed, truncated, oversized or unpaired request reach the ledger.
 */

const chain: DemoChain = generateDemoChain({ products: 40 });
const till = chain.tills[0]!;
const cashier = chain.users.find((u) => u.role === 'cashier')!;
const TOKEN = 'pairing-token-for-tests-0123456789';

let dir: string;
let backend: TillBackend;
const servers: WebServer[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'till-web-'));
  const dbPath = join(dir, 'till.sqlite');
  initDemoTillIfFresh(dbPath, till.id, chain);
  backend = createTillBackend({ dbPath });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => {
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(opts: { host?: string; pairToken?: string; bodyLimit?: number; staticDir?: string } = {}): Promise<WebServer> {
  const server = await startWebServer({
    backend,
    host: opts.host ?? '127.0.0.1',
    port: 0,
    ...(opts.pairToken === undefined ? {} : { pairToken: opts.pairToken }),
    ...(opts.bodyLimit === undefined ? {} : { bodyLimit: opts.bodyLimit }),
    ...(opts.staticDir === undefined ? {} : { staticDir: opts.staticDir }),
  });
  servers.push(server);
  return server;
}

function post(base: string, method: string, body: string | undefined, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

/** How much the ledger holds: a refused request must leave every count as it was. */
function ledgerCounts(): { ops: number; movements: number; sales: number } {
  const count = (table: string): number => (backend.db.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { ops: count('ops'), movements: count('movements'), sales: count('sales') };
}

/** Logs a cashier in and returns the headers of that browser from then on: its own device cookie (one session each). */
async function loginCashier(base: string, headers: Record<string, string> = {}): Promise<Record<string, string>> {
  const res = await post(base, 'session.login', JSON.stringify({ userId: cashier.id, pin: cashier.pin }), headers);
  expect(await res.json()).toMatchObject({ ok: true });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('till_device='));
  expect(cookie).toBeDefined();
  return { ...headers, cookie: cookie ?? '' };
}

describe('pairing rules', () => {
  it('treats only loopback names and 127/8 as local', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.4.5.6']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.20', '::', 'till.local', '127.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('requires a token off loopback, generating one when none is given', () => {
    expect(decidePairing('127.0.0.1', undefined)).toEqual({ token: null, generated: false });
    const lan = decidePairing('0.0.0.0', undefined);
    expect(lan.generated).toBe(true);
    expect(lan.token?.length ?? 0).toBeGreaterThanOrEqual(32);
    expect(decidePairing('0.0.0.0', TOKEN)).toEqual({ token: TOKEN, generated: false });
    expect(() => decidePairing('0.0.0.0', 'short')).toThrow(/at least 16/);
  });

  it('compares tokens by value whatever their length', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('recognises loopback Host headers with and without ports', () => {
    expect(hostHeaderIsLoopback('127.0.0.1:5174')).toBe(true);
    expect(hostHeaderIsLoopback('localhost')).toBe(true);
    expect(hostHeaderIsLoopback('[::1]:5174')).toBe(true);
    expect(hostHeaderIsLoopback('attacker.example:5174')).toBe(false);
    expect(hostHeaderIsLoopback(undefined)).toBe(false);
  });
});

describe('web mode over HTTP', () => {
  it('serves the branch API on loopback without a token and answers domain errors with 200', async () => {
    const server = await serve();
    expect(server.pairToken).toBeNull();
    const info = await post(server.url, 'till.info', '{}');
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ ok: true, value: { tillId: till.id, tillName: till.name } });

    await post(server.url, 'session.logout', '{}');
    const refused = await post(server.url, 'catalog.lookup', JSON.stringify({ code: chain.products[0]!.barcodes[0] }));
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a loopback request addressed to another host name (DNS rebinding)', async () => {
    const server = await serve();
    const before = ledgerCounts();
    const res = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.end('POST /api/session.logout HTTP/1.1\r\nHost: rebind.attacker.example\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
      });
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(res).toMatch(/^HTTP\/1\.1 401/);
    expect(res).toContain('"UNAUTHENTICATED"');
    expect(ledgerCounts()).toEqual(before);
  });

  it('enforces the pairing token: missing or wrong → 401, right → served', async () => {
    const server = await serve({ pairToken: TOKEN });
    expect(server.openUrl).toBe(`${server.url}/?pair=${TOKEN}`);

    const missing = await post(server.url, 'till.info', '{}');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const wrong = await post(server.url, 'till.info', '{}', { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const otherScheme = await post(server.url, 'till.info', '{}', { authorization: `Basic ${TOKEN}` });
    expect(otherScheme.status).toBe(401);

    const right = await post(server.url, 'till.info', '{}', { authorization: `Bearer ${TOKEN}` });
    expect(right.status).toBe(200);
    expect(await right.json()).toMatchObject({ ok: true });
  });

  it('cannot be walked around with an encoded or oddly written path', async () => {
    const server = await serve({ pairToken: TOKEN });
    const before = ledgerCounts();
    for (const path of ['/%61pi/session.logout', '/api/session%2Elogout', '/%2561pi/session.logout', '/api//session.logout']) {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect([401, 404], path).toContain(res.status);
      expect(await res.json(), path).toMatchObject({ ok: false });
    }
    expect(ledgerCounts()).toEqual(before);
  });

  it('generates and enforces a token when bound beyond loopback', async () => {
    const server = await serve({ host: '0.0.0.0' });
    expect(server.pairTokenGenerated).toBe(true);
    const base = server.url.replace('0.0.0.0', '127.0.0.1');
    expect((await post(base, 'till.info', '{}')).status).toBe(401);
    const ok = await post(base, 'till.info', '{}', { authorization: `Bearer ${server.pairToken ?? ''}` });
    expect(ok.status).toBe(200);
  });

  it('answers malformed JSON with 400 and an INVALID_INPUT result, writing nothing', async () => {
    const server = await serve();
    const device = await loginCashier(server.url);
    const before = ledgerCounts();
    for (const body of ['{"saleId": ', 'not json', '{"lines": [}', '\u0000']) {
      const res = await post(server.url, 'sale.complete', body, device);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(ledgerCounts()).toEqual(before);
  });

  it('answers an unknown method with 404 and a BranchResult', async () => {
    const server = await serve();
    for (const method of ['sale.delete', '__proto__', 'constructor', 'toString']) {
      const res = await post(server.url, method, '{}');
      expect(res.status, method).toBe(404);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('refuses other content types with 415: a cross-site form or text/plain post never reaches the till', async () => {
    const server = await serve();
    const before = ledgerCounts();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await post(server.url, 'session.logout', '{}', { 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(ledgerCounts()).toEqual(before);
  });

  it('refuses an oversized body with 413 PAYLOAD_TOO_LARGE, writing nothing', async () => {
    const server = await serve({ bodyLimit: 4096 });
    const device = await loginCashier(server.url);
    const before = ledgerCounts();
    const lines = Array.from({ length: 200 }, () => ({ productId: chain.products[0]!.id, qty: 1000 }));
    const body = JSON.stringify({ saleId: '0190a0a0-0000-7000-8000-000000000001', lines, tenders: [{ method: 'cash', amount: 1 }] });
    expect(body.length).toBeGreaterThan(4096);
    const res = await post(server.url, 'sale.complete', body, device);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(ledgerCounts()).toEqual(before);
  });

  it('drops a truncated request body without dispatching it, and keeps serving', async () => {
    const server = await serve();
    const device = await loginCashier(server.url);
    const before = ledgerCounts();
    const product = chain.products[0]!;
    const body = JSON.stringify({
      saleId: '0190a0a0-0000-7000-8000-000000000002',
      lines: [{ productId: product.id, qty: 1000 }],
      tenders: [{ method: 'cash', amount: 1_000_000 }],
    });
    const answer = await new Promise<string>((resolve) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/sale.complete HTTP/1.1\r\nHost: 127.0.0.1\r\ncookie: ${device.cookie ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
        );
        // Half the body, then the connection drops (a cable pulled mid-request).
        socket.end(body.slice(0, Math.floor(body.length / 2)));
      });
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    // Either the server answers 400 or it just closes: never a 200, never a sale.
    expect(answer).not.toMatch(/^HTTP\/1\.1 200/);
    expect(ledgerCounts()).toEqual(before);
    // The very same body sent whole is a valid sale: the truncated one was refused for being cut, nothing else.
    const whole = await post(server.url, 'sale.complete', body, device);
    expect(await whole.json()).toMatchObject({ ok: true });
    expect(ledgerCounts().sales).toBe(before.sales + 1);
  });

  it('completes a real sale over HTTP and the stock drops', async () => {
    const server = await serve({ pairToken: TOKEN });
    const auth = await loginCashier(server.url, { authorization: `Bearer ${TOKEN}` });
    const product = chain.products.find((p) => p.unit === 'each' && p.price > 0)!;
    const lookup = async (): Promise<number> => {
      const res = (await (await post(server.url, 'catalog.lookup', JSON.stringify({ code: product.barcodes[0] }), auth)).json()) as {
        ok: boolean;
        value: { available: number };
      };
      expect(res.ok).toBe(true);
      return res.value.available;
    };
    const availableBefore = await lookup();
    expect(availableBefore).toBeGreaterThanOrEqual(1000);
    const sale = await post(
      server.url,
      'sale.complete',
      JSON.stringify({
        saleId: '0190a0a0-0000-7000-8000-000000000003',
        lines: [{ productId: product.id, qty: 1000 }],
        tenders: [{ method: 'cash', amount: product.price + 500 }],
      }),
      auth,
    );
    expect(sale.status).toBe(200);
    expect(await sale.json()).toMatchObject({ ok: true, value: { total: product.price, change: 500 } });
    expect(await lookup()).toBe(availableBefore - 1000);
  });

  it('serves the renderer build with the CSP, and says how to build it when it is missing', async () => {
    const build = join(dir, 'dist');
    mkdirSync(join(build, 'assets'), { recursive: true });
    writeFileSync(join(build, 'index.html'), '<!doctype html><title>Till</title><script type="module" src="./assets/app.js"></script>');
    writeFileSync(join(build, 'assets', 'app.js'), 'console.log(1)');
    const server = await serve({ staticDir: build, pairToken: TOKEN });
    const page = await fetch(`${server.url}/?pair=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Till</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/../../etc/passwd`)).status).toBe(404);

    const unbuilt = await serve({ staticDir: join(dir, 'nowhere') });
    const hint = await fetch(`${unbuilt.url}/`);
    expect(hint.status).toBe(503);
    expect(await hint.text()).toContain('npm run build:renderer');
  });
});
