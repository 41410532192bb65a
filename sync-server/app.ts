import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { ENROL_PATH, enrolRequestSchema } from '../shared/sync/enrolment';
import { enrolWithCode } from './sync/enrol';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ErrorCode } from '../shared/domain/errors';
import { DomainError, isDomainError } from '../shared/domain/errors';
import { id } from '../shared/domain/schemas';
import type { UpgradeConfig } from '../shared/sync/upgrade';
import { DEFAULT_UPGRADE_CONFIG } from '../shared/sync/upgrade';
import { conflictUpdateRequestSchema, MAX_PUSH_BYTES, pullQuerySchema, SYNC_PATHS, SYNC_PROTOCOL_VERSION } from '../shared/sync/protocol';
import { bearerToken, hashToken } from './auth';
import type { Db } from './db/db';
import { isTransientDbError } from './db/db';
import { findTerminalByTokenHash, markTerminalSeen } from './db/catalog-repo';
import { updateConflict } from './sync/conflicts';
import { saleForReturn } from './sync/sale-lookup';
import { pull } from './sync/pull';
import type { TillIdentity } from './sync/push';
import { applyPush, DEFAULT_CHUNK_OPS, validatePush, zodDetails } from './sync/push';
import type { HttpLimits } from './http-guards';
import { DEFAULT_HTTP_LIMITS, frameworkErrorReply, serverOptions } from './http-guards';
import { useStorableJsonBodies } from './json-body';

export interface AppOptions {
  db: Db;
  /** pino logger options; false in tests */
  logger?: boolean | Record<string, unknown>;
  upgrade?: UpgradeConfig;
  pushChunkSize?: number;
  bodyLimit?: number;
  /** timeouts, header size and the failed-authentication limit (tests shorten them) */
  limits?: Partial<HttpLimits>;
  /**
   * Behind a reverse proxy the failed-authentication limit must count the till's address, not the proxy's:
   * fastify's trustProxy (true, or the proxy's addresses, comma-separated). Off by default: X-Forwarded-For from an
   * untrusted client would let a guesser pick a fresh address per request.
   */
  trustProxy?: boolean | string;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_QUANTITY: 400,
  INVALID_BARCODE: 400,
  UNAUTHENTICATED: 401,
  WRONG_PIN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SEQUENCE_GAP: 409,
  DUPLICATE: 409,
  ID_REUSED: 409,
  CONFLICT_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_TEXT: 400,
  NESTING_TOO_DEEP: 400,
  REQUEST_TIMEOUT: 408,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_SCHEMA_VERSION: 422,
  UNAVAILABLE: 503,
};

declare module 'fastify' {
  interface FastifyRequest {
    till: TillIdentity | null;
  }
}

/**
 * A request that reaches the server while it shuts down (a deploy, a restart) is answered 503 UNAVAILABLE in the
 * protocol's error body, with Retry-After and Connection: close, before any work: the till backs off and retries
 * against the next process, as it does for any UNAVAILABLE.
 */
function answerUnavailableWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    void reply.header('connection', 'close').header('retry-after', 1);
    void send(reply, 503, { code: 'UNAVAILABLE', message: 'the server is restarting; retry in a moment' });
  });
}

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.code(status).send(body);
}

/** Maps whatever went wrong to the protocol's error body; only unexpected errors are logged as errors. */
function toErrorReply(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isDomainError(error)) {
    const retryAfterMs = error.details?.retryAfterMs;
    if (error.code === 'RATE_LIMITED' && typeof retryAfterMs === 'number') void reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
    return send(reply, STATUS[error.code] ?? 500, error.toBody());
  }
  if (isTransientDbError(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return send(reply, 503, { code: 'UNAVAILABLE', message: 'the database is unreachable; retry later' });
  }
  const framework = frameworkErrorReply(error);
  if (framework !== null) return send(reply, framework.status, framework.body);
  request.log.error({ err: error }, 'unexpected error');
  return send(reply, 500, { code: 'INTERNAL', message: 'internal error' });
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { db } = opts;
  const upgrade = opts.upgrade ?? DEFAULT_UPGRADE_CONFIG;
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...opts.limits };
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? MAX_PUSH_BYTES,
    ...serverOptions(limits),
    trustProxy: opts.trustProxy ?? false,
    // Fastify's own 503 while closing is not the protocol's {code, message}; the hook below answers instead.
    return503OnClosing: false,
  });
  answerUnavailableWhileClosing(app);
  useStorableJsonBodies(app);
  app.decorateRequest('till', null);
  app.setErrorHandler((error, request, reply) => toErrorReply(error, request, reply));
  app.setNotFoundHandler((request, reply) => send(reply, 404, { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` }));
  // Answers go out compressed (br or gzip, as the till accepts); a push may come gzipped. The body limit counts the
  // inflated bytes, so a small compressed push cannot smuggle in more than MAX_PUSH_BYTES.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], requestEncodings: ['gzip'], threshold: 1024 });

  // Failed authentications per address: a token guesser is answered 429 before its guess costs a lookup.
  await app.register(rateLimit, { global: false });
  const authFailures = app.createRateLimit({ max: limits.authFailuresPerWindow, timeWindow: limits.authFailureWindowMs });
  const enrolFailures = app.createRateLimit({ max: limits.enrolFailuresPerWindow, timeWindow: limits.enrolFailureWindowMs });
  const refuse = async (request: FastifyRequest, message: string): Promise<never> => {
    await authFailures(request);
    throw new DomainError('UNAUTHENTICATED', message);
  };

  /** Tenant, store and till come from the token alone. */
  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const failures = await authFailures(request, { increment: false });
    if (!failures.isAllowed && failures.remaining === 0) {
      throw new DomainError('RATE_LIMITED', 'too many failed authentications from this address; wait, then retry', { retryAfterMs: failures.ttl });
    }
    const token = bearerToken(request.headers.authorization);
    if (token === null) return refuse(request, 'a till bearer token is required');
    const terminal = await findTerminalByTokenHash(db, hashToken(token));
    if (terminal === null || terminal.revoked) return refuse(request, 'unknown or revoked till token');
    if (terminal.firstSeen === false) await markTerminalSeen(db, terminal.tenantId, terminal.id);
    request.till = { tenantId: terminal.tenantId, terminalId: terminal.id, storeId: terminal.storeId, name: terminal.name };
  };
  const tillOf = (request: FastifyRequest): TillIdentity => {
    if (request.till === null) throw new DomainError('UNAUTHENTICATED', 'not authenticated');
    return request.till;
  };

  app.get(SYNC_PATHS.health, async () => {
    await db.query('SELECT 1');
    return { ok: true, protocolVersion: SYNC_PROTOCOL_VERSION, database: db.kind };
  });

  app.post(SYNC_PATHS.push, { preHandler: authenticate }, async (request) => {
    const till = tillOf(request);
    const prepared = validatePush(request.body, till, upgrade);
    const response = await applyPush(db, till, prepared, { chunkSize: opts.pushChunkSize ?? DEFAULT_CHUNK_OPS });
    const counts = response.results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    request.log.info({ tillId: till.terminalId, ops: prepared.length, ackSeq: response.ackSeq, counts }, 'push applied');
    return response;
  });

  app.get(SYNC_PATHS.pull, { preHandler: authenticate }, async (request) => {
    const till = tillOf(request);
    const query = pullQuerySchema.safeParse(request.query);
    if (!query.success) throw new DomainError('INVALID_INPUT', 'bad pull cursor', zodDetails(query.error));
    return pull(db, till, Number(query.data.since), query.data.maxBytes === undefined ? {} : { maxBytes: query.data.maxBytes });
  });

  // A sale of any till of the tenant, for a return at this one (shared/sync/sale-lookup.ts).
  app.get('/v1/sales/:id', { preHandler: authenticate }, async (request) => {
    const saleId = id.safeParse((request.params as { id?: unknown }).id);
    if (!saleId.success) throw new DomainError('INVALID_INPUT', 'a sale id is a UUID');
    return saleForReturn(db, tillOf(request), saleId.data);
  });

  // A new till's first call: its one-time code for its identity and token (shared/sync/enrolment.ts). Wrong codes
  // count against the address (apart from wrong tokens), so codes cannot be guessed at speed.
  app.post(ENROL_PATH, async (request) => {
    const failures = await enrolFailures(request, { increment: false });
    if (!failures.isAllowed && failures.remaining === 0) {
      throw new DomainError('RATE_LIMITED', 'too many failed enrolments from this address; wait, then retry', { retryAfterMs: failures.ttl });
    }
    const body = enrolRequestSchema.safeParse(request.body);
    if (!body.success) throw new DomainError('INVALID_INPUT', 'an enrolment code is 12 letters and digits, as XXXX-XXXX-XXXX', zodDetails(body.error));
    try {
      const enrolled = await enrolWithCode(db, body.data.code, body.data.requestId ?? null);
      request.log.info({ tillId: enrolled.tillId, storeId: enrolled.storeId }, 'till enrolled by code');
      return enrolled;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'UNAUTHENTICATED') await enrolFailures(request);
      throw e;
    }
  });

  app.post('/v1/conflicts/:id', { preHandler: authenticate }, async (request) => {
    const till = tillOf(request);
    const conflictId = id.safeParse((request.params as { id?: unknown }).id);
    if (!conflictId.success) throw new DomainError('INVALID_INPUT', 'a conflict id is a UUID');
    const body = conflictUpdateRequestSchema.safeParse(request.body);
    if (!body.success) throw new DomainError('INVALID_INPUT', 'bad conflict update', zodDetails(body.error));
    return { conflict: await updateConflict(db, till, conflictId.data, body.data) };
  });

  return app;
}
