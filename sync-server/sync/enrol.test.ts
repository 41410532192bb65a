import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { runCommand } from '../admin/cli';
import { createEnrolmentCode } from '../admin/tills';
import { enrolResponseSchema, ENROL_PATH } from '../../shared/sync/enrolment';
import { SYNC_PATHS } from '../../shared/sync/protocol';
import { count, seedTestChain, type TestChain } from '../test-support/fixtures';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { tillsOf } from '../test-support/harness';

/**
 * First run of a till (issue 11) over HTTP against PostgreSQL: head office's one-time code is traded once for a
 * terminal of the code's store and a token that syncs; a used, lapsed, unknown or malformed code is refused with
 * nothing made; two tills racing with one code make one terminal; wrong codes count against the address.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
let chain: TestChain;

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await buildApp({ db: tdb.db, logger: false, limits: { enrolFailuresPerWindow: 50, enrolFailureWindowMs: 60_000 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  chain = await seedTestChain(tdb.db, { tillsPerStore: 2 });
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

const enrol = (code: unknown, base = url) => fetch(`${base}${ENROL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
const terminals = () => count(tdb.db, 'SELECT count(*) AS n FROM terminals WHERE tenant_id = $1', [chain.tenantId]);
const newCode = async (over: Record<string, string> = {}) =>
  (await runCommand(tdb.db, ['enrolment-code', '--tenant', chain.tenantId, '--store', chain.storeA, '--name', 'Hamra Till 3', ...Object.entries(over).flat()])) as {
    code: string;
    receiptPrefix: string;
    expiresAt: Date;
  };

describe('enrolment by a one-time code', () => {
  it('makes a terminal of the code’s store whose token syncs, and names its receipts after the store', async () => {
    const before = await terminals();
    const made = await newCode();
    expect(made.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // the store has two tills: the third prints H3
    expect(made.receiptPrefix).toBe('H3');
    const res = await enrol(made.code.toLowerCase());
    expect(res.status).toBe(200);
    const body = enrolResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ tillName: 'Hamra Till 3', receiptPrefix: 'H3', storeId: chain.storeA, storeName: 'Hamra', tenantId: chain.tenantId, currency: 'USD' });
    expect(await terminals()).toBe(before + 1);
    const pull = await fetch(`${url}${SYNC_PATHS.pull}?since=0`, { headers: { authorization: `Bearer ${body.token}` } });
    expect(pull.status).toBe(200);
    // the next code for the store is H4, not H3 again
    expect((await newCode()).receiptPrefix).toBe('H4');
  });

  it('works once: a second use, a lapsed code, an unknown one and a malformed one make nothing', async () => {
    const made = await newCode({ '--prefix': 'HX' });
    expect((await enrol(made.code)).status).toBe(200);
    const before = await terminals();
    const again = await enrol(made.code);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toMatch(/unknown, already used or expired/);
    const lapsed = await createEnrolmentCode(tdb.db, { tenantId: chain.tenantId, storeId: chain.storeA, name: 'Old', hours: 1 }, new Date(Date.now() - 2 * 3_600_000));
    expect((await enrol(lapsed.code)).status).toBe(401);
    expect((await enrol('ZZZZ-ZZZZ-ZZZZ')).status).toBe(401);
    expect((await enrol('not a code')).status).toBe(400);
    expect((await enrol(42)).status).toBe(400);
    expect(await terminals()).toBe(before);
  });

  it('answers the same attempt again when its answer was lost, with a new token for the same terminal, until the till uses it', async () => {
    const made = await newCode();
    const before = await terminals();
    const requestId = '0193a0b2-7c3d-7e4f-8a5b-00000000e001';
    const send = (id: string) => fetch(`${url}${ENROL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: made.code, requestId: id }) });
    const first = enrolResponseSchema.parse(await (await send(requestId)).json());
    const again = enrolResponseSchema.parse(await (await send(requestId)).json());
    expect(again.tillId).toBe(first.tillId);
    expect(again.token).not.toBe(first.token);
    expect(await terminals()).toBe(before + 1);
    // only the last answer's token works: the lost one was never the till's
    const pullWith = (token: string) => fetch(`${url}${SYNC_PATHS.pull}?since=0`, { headers: { authorization: `Bearer ${token}` } });
    expect((await pullWith(first.token)).status).toBe(401);
    expect((await pullWith(again.token)).status).toBe(200);
    // another attempt with the code is refused; and once the till has used its token (the pull above), so is the
    // same attempt: whoever saw it cannot take the working till's identity
    expect((await send('0193a0b2-7c3d-7e4f-8a5b-00000000e002')).status).toBe(401);
    expect((await send(requestId)).status).toBe(401);
    expect((await pullWith(again.token)).status).toBe(200);
  });

  it('makes one terminal when five tills race with the same code', async () => {
    const made = await newCode();
    const before = await terminals();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => enrol(made.code)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401]);
    expect(await terminals()).toBe(before + 1);
  });

  it('gives receipt prefixes unique in the chain, and refuses one another till has', async () => {
    // storeB is Achrafieh (A); a store whose name starts like Hamra's gets the next free H number
    const { locationId: hazmieh } = (await runCommand(tdb.db, ['create-location', '--tenant', chain.tenantId, '--name', 'Hazmieh', '--kind', 'store'])) as { locationId: string };
    const taken = (await tdb.db.query<{ p: string }>('SELECT receipt_prefix AS p FROM enrolment_codes WHERE tenant_id = $1', [chain.tenantId])).rows.map((r) => r.p);
    const first = (await runCommand(tdb.db, ['enrolment-code', '--tenant', chain.tenantId, '--store', hazmieh, '--name', 'Hazmieh Till 1'])) as { receiptPrefix: string };
    expect(first.receiptPrefix).toMatch(/^H\d+$/);
    expect(taken).not.toContain(first.receiptPrefix);
    await expect(runCommand(tdb.db, ['enrolment-code', '--tenant', chain.tenantId, '--store', hazmieh, '--name', 'T', '--prefix', first.receiptPrefix])).rejects.toMatchObject({ code: 'DUPLICATE' });
  });

  it('refuses a code for a warehouse or an unknown store, and an absurd prefix', async () => {
    await expect(runCommand(tdb.db, ['enrolment-code', '--tenant', chain.tenantId, '--store', chain.warehouse, '--name', 'W'])).rejects.toThrow(/no store/);
    await expect(runCommand(tdb.db, ['enrolment-code', '--tenant', chain.tenantId, '--store', chain.storeA, '--name', 'T', '--prefix', 'h-1'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('answers wrong codes from one address with 429 once they pass the limit, even a right one after', async () => {
    const strict = await buildApp({ db: tdb.db, logger: false, limits: { enrolFailuresPerWindow: 3, enrolFailureWindowMs: 60_000, authFailuresPerWindow: 3 } });
    await strict.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = strict.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      for (let i = 0; i < 3; i++) expect((await enrol('ZZZZ-ZZZZ-ZZZ' + String(i), base)).status).toBe(401);
      const made = await newCode();
      const limited = await enrol(made.code, base);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).not.toBeNull();
      // the code was not spent: it still works from elsewhere
      expect((await enrol(made.code)).status).toBe(200);
      // and the shop's working tills, behind the same address, still sync: wrong codes are counted apart
      const [till] = tillsOf(chain, base);
      expect((await till!.pull()).ok).toBe(true);
    } finally {
      await strict.close();
    }
  });
});
