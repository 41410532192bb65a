import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncHttp } from './http';
import { SyncError } from './errors';

/**
 * Two real HTTP servers: one as the sync server is now (compressed answers, gzipped bodies accepted) and one as
 * it was before (plain JSON only). The till's HTTP door must work with both.
 */
const servers: FastifyInstance[] = [];
const received: Array<{ server: string; encoding: string | null; ops: number }> = [];
const big = JSON.stringify({ ops: Array.from({ length: 200 }, (_, i) => ({ seq: i + 1, note: 'x'.repeat(20) })) });

async function start(name: string, compress: boolean): Promise<string> {
  const app = Fastify();
  if (compress) await app.register(fastifyCompress, { encodings: ['br', 'gzip'], requestEncodings: ['gzip'] });
  app.post('/echo', async (request) => {
    const ops = (request.body as { ops: unknown[] }).ops;
    received.push({ server: name, encoding: (request.headers['content-encoding'] as string | undefined) ?? null, ops: ops.length });
    return { ops: ops.length, pad: 'y'.repeat(4000) };
  });
  // Refuses what the body says (it was read fine): the server's schema answer to a push it could parse.
  app.post('/refuse', async (request, reply) => {
    received.push({ server: name, encoding: (request.headers['content-encoding'] as string | undefined) ?? null, ops: (request.body as { ops: unknown[] }).ops.length });
    return reply.code(400).send({ code: 'INVALID_INPUT', message: 'the push does not match the protocol', details: { issues: [] } });
  });
  app.get('/status/:code', async (request, reply) => {
    const code = Number((request.params as { code: string }).code);
    return reply.code(code).send({ code: 'INTERNAL', message: `answered ${code}` });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  servers.push(app);
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

let current: string;
let old: string;
beforeAll(async () => {
  current = await start('current', true);
  old = await start('old', false);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('the till’s HTTP door and compression', () => {
  it('sends a large body gzipped to a server that accepts it, and reads its compressed answer', async () => {
    received.length = 0;
    const http = new SyncHttp({ serverUrl: current, token: 't' });
    const answer = await http.post('/echo', big);
    expect(answer).toMatchObject({ status: 200, json: { ops: 200 } });
    expect(received).toEqual([{ server: 'current', encoding: 'gzip', ops: 200 }]);
  });

  it('falls back to a plain body, once, with a server from before compressed pushes', async () => {
    received.length = 0;
    const http = new SyncHttp({ serverUrl: old, token: 't' });
    expect(await http.post('/echo', big)).toMatchObject({ status: 200, json: { ops: 200 } });
    expect(await http.post('/echo', big)).toMatchObject({ status: 200, json: { ops: 200 } });
    // the gzipped attempt never reached the handler; every later body goes plain
    expect(received).toEqual([
      { server: 'old', encoding: null, ops: 200 },
      { server: 'old', encoding: null, ops: 200 },
    ]);
  });

  it('sends a small body plain', async () => {
    received.length = 0;
    await new SyncHttp({ serverUrl: current, token: 't' }).post('/echo', JSON.stringify({ ops: [1] }));
    expect(received).toEqual([{ server: 'current', encoding: null, ops: 1 }]);
  });

  it('keeps gzip on when a 400 refuses what a gzipped body said, rather than failing to read it', async () => {
    received.length = 0;
    const http = new SyncHttp({ serverUrl: current, token: 't' });
    const refused = await http.post('/refuse', big);
    expect(refused).toMatchObject({ status: 400, error: { code: 'INVALID_INPUT' } });
    expect(await http.post('/echo', big)).toMatchObject({ status: 200 });
    // the refusal was not sent again plainly, and the next large body still goes gzipped
    expect(received).toEqual([
      { server: 'current', encoding: 'gzip', ops: 200 },
      { server: 'current', encoding: 'gzip', ops: 200 },
    ]);
  });
});

describe('which statuses the till retries later', () => {
  // docs/sync-protocol.md: 408, 429, 500 and the gateway statuses are retried; anything else will not change.
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [505, false],
    [404, false],
    [409, false],
  ])('HTTP %i -> transient %s', async (code, transient) => {
    const http = new SyncHttp({ serverUrl: current, token: 't' });
    const outcome = await http.get(`/status/${code}`).then(
      (answer) => ({ thrown: null, status: answer.status }),
      (e: unknown) => ({ thrown: e instanceof SyncError ? e.kind : 'other', status: null }),
    );
    expect(outcome).toEqual(transient ? { thrown: 'transient', status: null } : { thrown: null, status: code });
  });
});
