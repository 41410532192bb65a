import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import type { TestChain } from './test-support/fixtures';
import { count, ledgerMismatches, onHand, seedTestChain } from './test-support/fixtures';
import { TestTill } from './test-support/client';
import { buildApp } from './app';
import { runCommand } from './admin/cli';
import { listRejectedOps } from './db/rejected-ops-repo';
import { applyPush, validatePush } from './sync/push';
import { errorBodySchema, MAX_JSON_DEPTH, SYNC_PATHS } from '../shared/sync/protocol';

/**
 * Issue 7 item 13: inputs that passed validation but could not be stored were answered 500 on every retry, and
 * the till's queue stayed blocked behind them. Each is now refused at validation with a 400 and a code; and an
 * op the database still refuses every time is set aside as rejected (raw body and reason kept for head office),
 * so the queue moves on.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
let chain: TestChain;

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await buildApp({ db: tdb.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  url = `http://127.0.0.1:${address.port}`;
  chain = await seedTestChain(tdb.db, { tillsPerStore: 6 });
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

let nextTill = 0;
function freshTill(): TestTill {
  const t = chain.tills[nextTill++];
  if (t === undefined) throw new Error('out of test tills');
  return new TestTill(url, t.tillId, t.token, chain.cashierId);
}

/** Pushes `bad` (one op at seq 1), expects the 400 and code, then proves the till's queue is not blocked. */
async function expectRefusedThenQueueMoves(till: TestTill, body: string, code: string): Promise<void> {
  const refused = await till.rawPush(body);
  expect(refused.status, JSON.stringify(refused.body)).toBe(400);
  expect(errorBodySchema.parse(refused.body).code).toBe(code);
  expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [till.tillId])).toBe(0);
  till.seq = 0;
  const ok = await till.push([till.sale([{ productId: chain.products[0]!.id, qty: 1000 }])]);
  expect(ok.ok && ok.body.ackSeq).toBe(1);
}

describe('unstorable input is refused at validation with a 400 and a code', () => {
  it('refuses NUL and lone surrogates anywhere in a push with INVALID_TEXT (payload text, extra fields, keys)', async () => {
    const cases: Array<(t: TestTill) => unknown> = [
      (t) => t.sale([{ productId: chain.products[0]!.id, qty: 1000 }], { customerContact: { name: 'Abou\u0000Nader' } }),
      (t) => t.sale([{ productId: chain.products[0]!.id, qty: 1000 }], { customerContact: { phone: '+961 1 234567', note: 'broken \uD800' } }),
      (t) => ({ ...t.sale([{ productId: chain.products[0]!.id, qty: 1000 }]), deviceNote: 'tail \uDC00' }),
      (t) => ({ ...t.sale([{ productId: chain.products[0]!.id, qty: 1000 }]), ['key\u0000']: 1 }),
      // an op from a newer app is only recorded, never read: its body was stored as sent
      (t) => ({ ...t.sale([{ productId: chain.products[0]!.id, qty: 1000 }]), schemaVersion: 99, payload: { future: '\u0000' } }),
    ];
    for (const make of cases) {
      const till = freshTill();
      await expectRefusedThenQueueMoves(till, JSON.stringify({ ops: [make(till)] }), 'INVALID_TEXT');
    }
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH with NESTING_TOO_DEEP, up to the depth that used to overflow', async () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      const till = freshTill();
      const op = { ...till.sale([{ productId: chain.products[0]!.id, qty: 1000 }]), schemaVersion: 99, payload: '__DEEP__' };
      const body = JSON.stringify({ ops: [op] }).replace('"__DEEP__"', '['.repeat(depth) + ']'.repeat(depth));
      await expectRefusedThenQueueMoves(till, body, 'NESTING_TOO_DEEP');
    }
  });

  it('refuses a conflict note the database cannot store with INVALID_TEXT', async () => {
    const t = chain.tills[0]!;
    const res = await fetch(url + SYNC_PATHS.conflict(uuidv7()), {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actionId: uuidv7(), userId: chain.managerId, action: 'contacted', note: 'called \u0000' }),
    });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(await res.json()).code).toBe('INVALID_TEXT');
  });

  it('refuses pull cursors beyond the change counter with 400 INVALID_INPUT, not a 500 on every retry', async () => {
    const t = chain.tills[0]!;
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    for (const since of ['9223372036854775807', '9223372036854775808', '9999999999999999999', String(Number.MAX_SAFE_INTEGER + 1)]) {
      const r = await till.pull(since);
      expect(r.status, since).toBe(400);
      expect(errorBodySchema.parse(r.body).code).toBe('INVALID_INPUT');
    }
    const ok = await till.pull(String(Number.MAX_SAFE_INTEGER));
    expect(ok.status).toBe(200);
  });

  it('refuses a stocktake whose snapshot cursor is beyond the change counter with 400 INVALID_INPUT, like a pull cursor', async () => {
    const t = chain.tills[10]!;
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    till.managerId = chain.managerId;
    const p = chain.products[0]!;
    // A count taken at a snapshot with this pull cursor, always as the till's first op.
    const countAt = (cursor: string) => {
      const op = { ...till.stocktake([{ productId: p.id, counted: 5000, before: 10_000 }]), seq: 1 };
      return { ...op, payload: { ...op.payload, snapshot: { tillSeq: 0, cursor, at: op.occurredAt } } };
    };
    for (const cursor of [String(Number.MAX_SAFE_INTEGER + 1), '9223372036854775808', '9999999999999999999']) {
      const r = await till.push([countAt(cursor)]);
      expect(r.status, cursor).toBe(400);
      expect(errorBodySchema.parse(r.body).code).toBe('INVALID_INPUT');
    }
    // At the bound the same count is applied.
    const ok = await till.push([countAt(String(Number.MAX_SAFE_INTEGER))]);
    expect(ok.ok && ok.body.results.map((r) => r.status)).toEqual(['accepted']);
  });
});

describe('an op the database refuses every time is set aside, not retried forever', () => {
  it('records it rejected (UNSTORABLE) with its raw body and reason, applies the ops around it, and answers repeats the same', async () => {
    const t = chain.tills[8]!;
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    const [good, poisoned] = chain.products as [TestChain['products'][number], TestChain['products'][number]];
    // What validation does not know about: every movement of this product fails with a data exception (22012, a
    // division by zero in the CHECK; CASE keeps it to that product). An integrity violation would stay a 500.
    await tdb.db.query(
      `ALTER TABLE movements ADD CONSTRAINT test_poisoned_product CHECK (CASE WHEN product_id = '${poisoned.id}' THEN 1 / (length(kind) - length(kind)) = 0 ELSE true END) NOT VALID`,
    );
    try {
      const ops = [
        till.sale([{ productId: good.id, qty: 1000 }]),
        till.sale([{ productId: poisoned.id, qty: 1000 }], { customerContact: { name: 'Maya' } }),
        till.sale([{ productId: good.id, qty: 2000 }]),
      ];
      const goodBefore = await onHand(tdb.db, chain.tenantId, t.storeId, good.id);
      const first = await till.push(ops);
      if (!first.ok) throw new Error(JSON.stringify(first.body));
      expect(first.body.ackSeq).toBe(3);
      expect(first.body.results.map((r) => [r.seq, r.status, r.code])).toEqual([
        [1, 'accepted', null],
        [2, 'rejected', 'UNSTORABLE'],
        [3, 'accepted', null],
      ]);
      expect(first.body.results[1]?.reason).toContain('22012');
      expect(await onHand(tdb.db, chain.tenantId, t.storeId, good.id)).toBe(goodBefore - 3000);
      expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE op_id = $1', [ops[1]!.id])).toBe(0);

      // A retry of the same push changes nothing and answers the stored results.
      const again = await till.push(ops);
      if (!again.ok) throw new Error(JSON.stringify(again.body));
      expect(again.body.results.map((r) => [r.status, r.code, r.duplicate])).toEqual([
        ['accepted', null, true],
        ['rejected', 'UNSTORABLE', true],
        ['accepted', null, true],
      ]);

      // Head office sees it, with the op exactly as sent.
      const listed = (await listRejectedOps(tdb.db, chain.tenantId)).filter((r) => r.tillId === t.tillId);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ seq: 2, opId: ops[1]!.id, sqlstate: '22012' });
      expect(JSON.parse(listed[0]!.rawBody)).toEqual(ops[1]);
      const cli = (await runCommand(tdb.db, ['rejected-ops', '--tenant', chain.tenantId])) as { rejected: Array<{ opId: string; reason: string }> };
      expect(cli.rejected.map((r) => r.opId)).toContain(ops[1]!.id);
    } finally {
      await tdb.db.query('ALTER TABLE movements DROP CONSTRAINT test_poisoned_product');
    }
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });

  it('keeps text that cannot be stored at all (a NUL that slipped past validation) escaped in the raw body', async () => {
    const t = chain.tills[9]!;
    const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
    const ops = [till.sale([{ productId: chain.products[0]!.id, qty: 1000 }]), till.sale([{ productId: chain.products[0]!.id, qty: 1000 }])];
    const identity = { tenantId: chain.tenantId, terminalId: t.tillId, storeId: t.storeId, name: 'till' };
    const prepared = validatePush({ ops }, identity);
    // What a validation gap would let through: the op as read is fine, its raw body (stored as jsonb) is not.
    const slipped = prepared.map((p, i) => (i === 0 ? { ...p, raw: { ...p.raw, deviceNote: 'a\u0000b' } } : p));
    const r = await applyPush(tdb.db, identity, slipped);
    expect(r.ackSeq).toBe(2);
    expect(r.results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'UNSTORABLE'],
      ['accepted', null],
    ]);
    const listed = (await listRejectedOps(tdb.db, chain.tenantId)).filter((x) => x.tillId === t.tillId);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.rawBody).toContain('a\\u0000b');
    expect((JSON.parse(listed[0]!.rawBody) as { deviceNote: string }).deviceNote).toBe('a\u0000b');
  });
});
