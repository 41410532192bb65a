import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import type { DemoChain, DemoUser } from '../../shared/demo';
import type { ReceiptView } from '../../shared/api/branch-api';
import { seedDemo } from '../../sync-server/admin/service';
import { startServer, type RunningServer } from '../../sync-server/server';
import { createTestDatabase, type TestDatabase } from '../../sync-server/test-support/test-db';
import { completeSale, recordStocktake } from '../services';
import { configureSyncServer, createSyncAgent, type SyncAgentOptions, type TillSyncAgent } from '../sync';
import { createTempTill, demoChain, type TempTill } from './temp-till';

/**
 * Cross-process sync tests: a real sync server on a fresh PostgreSQL database seeded with the demo chain, a
 * proxy in front of it that a test can take down, make drop answers, or count requests at, and real till
 * database files seeded from the same demo chain and pointed at the proxy.
 */
export const HARNESS_DEMO = { products: 12 } as const;

export type ProxyMode = 'forward' | 'refuse' | 'drop_response';

export interface ProxyRequest {
  method: string;
  path: string;
  status: number | null;
  dropped: boolean;
  /** the seqs of the ops a push carried */
  seqs: number[];
  /** the query string (`since=...`) */
  query: string;
  /** bytes of the answer as they crossed the wire (compressed if the server compressed it) */
  responseBytes: number;
  /** the request body's content-encoding (gzip for a compressed push) */
  contentEncoding: string | null;
}

/**
 * A tiny HTTP proxy. `refuse` cuts every connection (the server looks unreachable); `drop_response` forwards
 * the request, lets the server finish it, then cuts the connection before the till reads the answer.
 */
export class SyncProxy {
  mode: ProxyMode = 'forward';
  /** when set, decides per request and overrides `mode` */
  decide: ((req: { method: string; path: string; index: number }) => ProxyMode) | null = null;
  readonly requests: ProxyRequest[] = [];
  /** pushes in flight right now, and the most there ever were at once */
  inFlightPushes = 0;
  maxConcurrentPushes = 0;
  private readonly server: Server;
  private upstream: URL;

  private constructor(upstream: string) {
    this.upstream = new URL(upstream);
    this.server = createServer((req, res) => this.handle(req, res));
  }

  static async start(upstream: string): Promise<SyncProxy> {
    const proxy = new SyncProxy(upstream);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  pushes(): ProxyRequest[] {
    return this.requests.filter((r) => r.path === '/v1/sync/push');
  }

  setUpstream(upstream: string): void {
    this.upstream = new URL(upstream);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const mode = this.decide?.({ method: req.method ?? 'GET', path, index: this.requests.length }) ?? this.mode;
    const query = (req.url ?? '').split('?')[1] ?? '';
    const record: ProxyRequest = { method: req.method ?? 'GET', path, status: null, dropped: mode !== 'forward', seqs: [], query, responseBytes: 0, contentEncoding: req.headers['content-encoding'] ?? null };
    this.requests.push(record);
    if (mode === 'refuse') {
      req.socket.destroy();
      return;
    }
    const isPush = path === '/v1/sync/push';
    if (isPush) {
      this.inFlightPushes += 1;
      this.maxConcurrentPushes = Math.max(this.maxConcurrentPushes, this.inFlightPushes);
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (isPush) record.seqs = pushedSeqs(req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body);
      const headers = { ...req.headers, host: this.upstream.host, 'content-length': String(body.length) };
      const upstreamReq = httpRequest(
        { host: this.upstream.hostname, port: this.upstream.port, path: req.url, method: req.method, headers },
        (upstreamRes) => {
          const answer: Buffer[] = [];
          upstreamRes.on('data', (c: Buffer) => answer.push(c));
          upstreamRes.on('end', () => {
            if (isPush) this.inFlightPushes -= 1;
            record.status = upstreamRes.statusCode ?? null;
            record.responseBytes = answer.reduce((n, c) => n + c.length, 0);
            if (mode === 'drop_response') {
              // The server did the work; the till never hears about it.
              req.socket.destroy();
              return;
            }
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(Buffer.concat(answer));
          });
        },
      );
      upstreamReq.on('error', () => {
        if (isPush) this.inFlightPushes -= 1;
        req.socket.destroy();
      });
      upstreamReq.end(body);
    });
  }
}

function pushedSeqs(body: Buffer): number[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { ops?: Array<{ seq?: unknown }> };
    return (parsed.ops ?? []).map((o) => Number(o.seq));
  } catch {
    return [];
  }
}

export interface HarnessTill {
  temp: TempTill;
  tillId: string;
  token: string;
  agent: TillSyncAgent;
  cashier: DemoUser;
  manager: DemoUser;
  sell(productId: string, qty: number, options?: { customerPhone?: string }): ReceiptView;
  count(productId: string, counted: number): void;
  onHand(productId: string): number;
}

export interface SyncHarness {
  database: TestDatabase;
  server: RunningServer;
  proxy: SyncProxy;
  chain: DemoChain;
  tenantId: string;
  tokens: Map<string, string>;
  till(tillId: string, agentOptions?: Partial<SyncAgentOptions>): HarnessTill;
  /** the first till of the demo store of that name ("Hamra", "Achrafieh"), as till() makes it */
  tillAt(storeName: string): HarnessTill;
  serverOnHand(locationId: string, productId: string): Promise<number>;
  close(): Promise<void>;
}

/** Quick, deterministic-enough agent settings for tests: short backoff, no background loop unless started. */
export const FAST_AGENT: Partial<SyncAgentOptions> = {
  intervalMs: 50,
  backoff: { baseMs: 10, capMs: 200 },
  requestTimeoutMs: 10_000,
};

export async function startSyncHarness(): Promise<SyncHarness> {
  const database = await createTestDatabase('till_sync_client');
  const chain = demoChain(HARNESS_DEMO);
  const seeded = await seedDemo(database.db, HARNESS_DEMO);
  const server = await startServer({ databaseUrl: database.url, port: 0, poolSize: 4 });
  const proxy = await SyncProxy.start(server.url);
  const tokens = new Map(seeded.tills.map((t) => [t.tillId, t.token]));
  const tills: HarnessTill[] = [];

  const cashier = chain.users.find((u) => u.role === 'cashier') as DemoUser;
  const manager = chain.users.find((u) => u.role === 'manager') as DemoUser;

  function till(tillId: string, agentOptions: Partial<SyncAgentOptions> = {}): HarnessTill {
    const temp = createTempTill({ demo: HARNESS_DEMO, tillId });
    const token = tokens.get(tillId);
    if (token === undefined) throw new Error(`no token for till ${tillId}`);
    const store = temp.backend.db;
    configureSyncServer(store, { serverUrl: proxy.url, token });
    const agent = createSyncAgent({ store, ...FAST_AGENT, ...agentOptions });
    const storeId = store.config().storeId;
    const harnessTill: HarnessTill = {
      temp,
      tillId,
      token,
      agent,
      cashier,
      manager,
      sell(productId, qty, options = {}) {
        const price = store.stmt<[string], { price: number }>('SELECT price FROM products WHERE id = ?').get(productId)?.price ?? 0;
        const amount = Math.max(1, Math.ceil((price * qty) / 1000));
        return completeSale(
          store,
          {
            saleId: uuidv7(),
            lines: [{ productId, qty }],
            tenders: [{ method: 'cash', amount }],
            ...(options.customerPhone === undefined ? {} : { customerContact: { phone: options.customerPhone } }),
          },
          { userId: cashier.id, managerId: null },
          new Date(),
        );
      },
      count(productId, counted) {
        recordStocktake(store, { stocktakeId: uuidv7(), counts: [{ productId, counted }] }, { userId: manager.id, managerId: manager.id }, new Date());
      },
      onHand(productId) {
        return store.stmt<[string, string], { on_hand: number }>('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').get(productId, storeId)?.on_hand ?? 0;
      },
    };
    tills.push(harnessTill);
    return harnessTill;
  }

  return {
    database,
    server,
    proxy,
    chain,
    tenantId: seeded.tenantId,
    tokens,
    till,
    tillAt(storeName) {
      const store = chain.stores.find((st) => st.name === storeName);
      const tillId = chain.tills.find((t) => t.storeId === store?.id)?.id;
      if (tillId === undefined) throw new Error(`no till at ${storeName}`);
      return till(tillId);
    },
    async serverOnHand(locationId, productId) {
      const r = await database.db.query<{ on_hand: number }>('SELECT on_hand FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3', [
        seeded.tenantId,
        locationId,
        productId,
      ]);
      return Number(r.rows[0]?.on_hand ?? 0);
    },
    async close() {
      for (const t of tills) {
        await t.agent.close();
        t.temp.cleanup();
      }
      await proxy.close();
      await server.close();
      await database.drop();
    },
  };
}
