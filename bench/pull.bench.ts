import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Figure } from './figures';
import { round } from './figures';
import { PULL_PAGE_BYTES, PULL_PAGE_MAX_BYTES, pullResponseSchema, SYNC_PATHS } from '../shared/sync/protocol';
import { createTestDatabase } from '../sync-server/test-support/test-db';
import { listenApp } from '../sync-server/test-support/harness';
import { seedDemo } from '../sync-server/admin/service';

/**
 * pull.*: the first sync of a till of the demo chain (2,500 products) over HTTP against the real PostgreSQL, page
 * by page, as a till on a slow link sees it: the bytes on the wire with each encoding, the pages, the largest page.
 * The reference is the measurement of the pull before paging and compression: one 673 KB answer.
 */
type Encoding = 'identity' | 'gzip' | 'br';
/** the catalog size of the measurement */
const CATALOG = 2500;

function get(url: string, token: string, encoding: Encoding): Promise<{ wire: number; json: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const coding = res.headers['content-encoding'];
        const json = coding === 'gzip' ? gunzipSync(body) : coding === 'br' ? brotliDecompressSync(body) : body;
        if (res.statusCode !== 200) reject(new Error(`pull answered ${res.statusCode}: ${json.toString('utf8').slice(0, 200)}`));
        else resolve({ wire: body.length, json: json.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function firstSync(base: string, token: string, encoding: Encoding, maxBytes: number): Promise<{ wire: number; raw: number; pages: number; largest: number; ms: number }> {
  let since = '0';
  const out = { wire: 0, raw: 0, pages: 0, largest: 0, ms: 0 };
  const started = performance.now();
  for (;;) {
    const { wire, json } = await get(`${base}${SYNC_PATHS.pull}?since=${since}&maxBytes=${maxBytes}`, token, encoding);
    const page = pullResponseSchema.parse(JSON.parse(json));
    out.wire += wire;
    out.raw += Buffer.byteLength(json);
    out.largest = Math.max(out.largest, Buffer.byteLength(json));
    out.pages += 1;
    since = page.cursor;
    if (page.more !== true) break;
  }
  out.ms = performance.now() - started;
  return out;
}

export async function run(): Promise<Figure[]> {
  const tdb = await createTestDatabase('till_bench_pull');
  try {
    const seeded = await seedDemo(tdb.db, { products: CATALOG });
    const { app, url } = await listenApp(tdb.db);
    try {
      const token = seeded.tills[0]!.token;
      // The whole catalog in one uncompressed answer: what every first sync cost before.
      const unpaged = await firstSync(url, token, 'identity', PULL_PAGE_MAX_BYTES);
      const gzip = await firstSync(url, token, 'gzip', PULL_PAGE_BYTES);
      const br = await firstSync(url, token, 'br', PULL_PAGE_BYTES);
      const kb = (bytes: number): number => round(bytes / 1024, 1);
      return [
        { name: 'pull.first_sync_bytes', value: kb(gzip.raw), unit: 'KB', target: `JSON of the ${CATALOG}-product first sync (was 673 KB)` },
        { name: 'pull.first_sync_unpaged_bytes', value: kb(unpaged.wire), unit: 'KB', target: 'one uncompressed answer, as before paging' },
        { name: 'pull.first_sync_gzip_bytes', value: kb(gzip.wire), unit: 'KB', target: '<= 25% of the unpaged answer, on the wire', met: gzip.wire <= unpaged.wire / 4 },
        { name: 'pull.first_sync_br_bytes', value: kb(br.wire), unit: 'KB', target: '<= 25% of the unpaged answer, on the wire', met: br.wire <= unpaged.wire / 4 },
        { name: 'pull.first_sync_pages', value: gzip.pages, unit: 'pages', target: `pages of <= ${PULL_PAGE_BYTES / 1024} KB of JSON (was 1)` },
        {
          name: 'pull.largest_page_bytes',
          value: kb(gzip.largest),
          unit: 'KB',
          target: `<= ${PULL_PAGE_BYTES / 1024} KB + header: a dropped link loses at most one page`,
          met: gzip.largest <= PULL_PAGE_BYTES + 4096,
        },
        { name: 'pull.first_sync_ms', value: round(gzip.ms, 0), unit: 'ms', target: 'all pages, gzip, local link' },
        { name: 'pull.first_sync_unpaged_ms', value: round(unpaged.ms, 0), unit: 'ms', target: 'one answer, uncompressed, local link' },
      ];
    } finally {
      await app.close();
    }
  } finally {
    await tdb.drop();
  }
}
