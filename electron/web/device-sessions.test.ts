import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, SessionView } from '../../shared/api/branch-api';
import { generateDemoChain, type DemoChain, type DemoUser } from '../../shared/demo';
import { createTillBackend, type TillBackend } from '../backend';
import { readLevel } from '../store';
import { initDemoTillIfFresh } from './demo-till';
import { DEVICE_COOKIE, startWebServer, type WebServer } from './server';

/**
 * Issue 7 item 7: web mode had one session for every device, so a paired tablet inherited whoever logged in last,
 * manager approval included. Each browser (here: an HTTP client with its own cookie jar, through the real web
 * server) must see only its own session, and the desktop window (dispatch without a device) has its own too.
 */
const chain: DemoChain = generateDemoChain({ products: 20 });
const TOKEN = 'pairing-token-for-device-sessions-0123';
const cashier = chain.users.find((u) => u.role === 'cashier') as DemoUser;
const manager = chain.users.find((u) => u.role === 'manager') as DemoUser;

let dir: string;
let backend: TillBackend;
let server: WebServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-devices-'));
  const dbPath = join(dir, 'till.sqlite');
  initDemoTillIfFresh(dbPath, chain.tills[0]!.id, chain);
  backend = createTillBackend({ dbPath });
  server = await startWebServer({ backend, host: '127.0.0.1', port: 0, pairToken: TOKEN });
});
afterAll(async () => {
  await server.close();
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One browser: the pairing token, and the cookies the till set for it, sent back as a browser would. */
class Browser {
  private cookie: string | null = null;
  constructor(private readonly token = TOKEN) {}

  async call<T>(method: string, input: unknown = {}): Promise<BranchResult<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${this.token}` };
    if (this.cookie !== null) headers.cookie = this.cookie;
    const res = await fetch(`${server.url}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
    for (const set of res.headers.getSetCookie()) {
      const pair = set.split(';')[0] ?? '';
      if (pair.startsWith(`${DEVICE_COOKIE}=`)) this.cookie = pair;
      expect(set.toLowerCase()).toContain('httponly');
      expect(set.toLowerCase()).toContain('samesite=strict');
    }
    return (await res.json()) as BranchResult<T>;
  }

  async ok<T>(method: string, input: unknown = {}): Promise<T> {
    const r = await this.call<T>(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  }

  async who(): Promise<{ user: string | null; manager: string | null }> {
    const s = await this.ok<SessionView>('session.current');
    return { user: s.user?.id ?? null, manager: s.manager?.id ?? null };
  }
}

describe('one session per device', () => {
  it('two paired browsers log in as different users; each sees its own, and an approval does not leak', async () => {
    const tablet = new Browser();
    const counter = new Browser();
    await tablet.ok('session.login', { userId: cashier.id, pin: cashier.pin });
    // The other browser does not inherit the cashier who just logged in on the tablet.
    expect(await counter.who()).toEqual({ user: null, manager: null });
    expect(await counter.call('catalog.search', { query: 'milk' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    await counter.ok('session.login', { userId: manager.id, pin: manager.pin });
    expect(await counter.who()).toEqual({ user: manager.id, manager: manager.id });
    // Nor does the tablet gain the manager's session-long access.
    expect(await tablet.who()).toEqual({ user: cashier.id, manager: null });
    expect(await tablet.call('stock.lowStock')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // A manager's PIN approves the tablet's cashier session only.
    const third = new Browser();
    await third.ok('session.login', { userId: cashier.id, pin: cashier.pin });
    await tablet.ok('session.elevate', { pin: manager.pin });
    expect(await tablet.who()).toEqual({ user: cashier.id, manager: manager.id });
    expect(await third.who()).toEqual({ user: cashier.id, manager: null });
    expect(await third.call('stock.lowStock')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // Logging out on one device logs out that device.
    await counter.ok('session.logout');
    expect(await counter.who()).toEqual({ user: null, manager: null });
    expect(await tablet.who()).toEqual({ user: cashier.id, manager: manager.id });

    // The desktop window (IPC: no device) has its own session, untouched by every browser.
    const desktop = (await backend.dispatch('session.current', {})) as BranchResult<SessionView>;
    expect(desktop).toMatchObject({ ok: true, value: { user: null, manager: null } });
  });

  it('writes a sale as the user of the browser that made it', async () => {
    const tablet = new Browser();
    const counter = new Browser();
    await tablet.ok('session.login', { userId: cashier.id, pin: cashier.pin });
    await counter.ok('session.login', { userId: manager.id, pin: manager.pin });
    const storeId = backend.db.config().storeId;
    const product = chain.products.find((p) => p.active && p.unit === 'each' && (readLevel(backend.db, p.id, storeId)?.onHand ?? 0) >= 1000)!;
    const saleId = uuidv7();
    await tablet.ok('sale.complete', { saleId, lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 10_000_000 }] });
    expect(backend.db.db.prepare('SELECT user_id FROM sales WHERE id = ?').pluck().get(saleId)).toBe(cashier.id);
  });

  it('calls without a cookie and many other logins log out neither the desktop nor the latest devices', async () => {
    expect(await backend.dispatch('session.login', { userId: manager.id, pin: manager.pin })).toMatchObject({ ok: true });
    const tablet = new Browser();
    await tablet.ok('session.login', { userId: cashier.id, pin: cashier.pin });
    // Each call from a client that keeps no cookie is a device the till does not know: logged out, and not kept.
    for (let i = 0; i < 100; i++) expect(await new Browser().who()).toEqual({ user: null, manager: null });
    expect(await tablet.who()).toEqual({ user: cashier.id, manager: null });
    // More devices log in than the registry keeps: the least recent go, the newest and the desktop stay.
    const devices: Browser[] = [];
    for (let i = 0; i < 70; i++) {
      const device = new Browser();
      await device.ok('session.login', { userId: cashier.id, pin: cashier.pin });
      devices.push(device);
    }
    expect(await devices[69]!.who()).toEqual({ user: cashier.id, manager: null });
    expect(await devices[0]!.who()).toEqual({ user: null, manager: null });
    expect(await backend.dispatch('session.current', {})).toMatchObject({ ok: true, value: { user: { id: manager.id } } });
    await backend.dispatch('session.logout', {});
  });

  it('counts wrong PINs for the whole till: a new browser does not get a fresh count', async () => {
    const guesser = new Browser();
    for (let i = 0; i < 5; i++) {
      expect(await guesser.call('session.login', { userId: cashier.id, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    }
    const fresh = new Browser();
    expect(await fresh.call('session.login', { userId: cashier.id, pin: cashier.pin })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('still refuses a browser that is not paired, cookie or not', async () => {
    const paired = new Browser();
    await paired.ok('session.current');
    const stranger = new Browser('not-the-pairing-token-0123456789');
    expect(await stranger.call('session.current')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
