import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import { isBranchMethod } from '../../shared/api/branch-api';
import type { BranchResult } from '../../shared/api/branch-api';
import type { ErrorCode } from '../../shared/domain/errors';
import { SECURITY_HEADERS } from './csp';
import { bearerToken, decidePairing, hostHeaderIsLoopback, tokensEqual } from './pairing';

/**
 * Web mode: the till's branch API over local HTTP, so the same renderer runs in any browser (a tablet at the
 * counter, the end-to-end tests) against the same backend. `POST /api/<method>` with the input as the JSON body;
 * the answer is always a BranchResult. Domain errors are 200 (the call happened and was refused); only transport
 * problems get another status, so a client can tell "the till said no" from "the till never heard me".
 */

/** The till backend's entry point; `session` names the calling browser's own session. */
export interface WebBackend {
  dispatch(method: string, input: unknown, session: string): Promise<BranchResult<unknown>>;
}

export interface WebServerOptions {
  /** the backend itself (not a wrapper of its dispatch): every call must carry the browser's session */
  backend: WebBackend;
  /** default 127.0.0.1 */
  host?: string;
  /** default 5174; 0 picks a free port */
  port?: number;
  /** required (and generated when absent) for any non-loopback host; optional on loopback */
  pairToken?: string;
  /** the renderer build to serve at /, usually renderer/dist */
  staticDir?: string;
  /** largest accepted request body in bytes */
  bodyLimit?: number;
  /** fastify's own pino logger: false (silent, the default), true, or a level */
  logger?: boolean | { level: string };
}

export interface WebServer {
  /** e.g. http://127.0.0.1:5174 */
  url: string;
  /** null when no token is required (loopback without one) */
  pairToken: string | null;
  pairTokenGenerated: boolean;
  /** the URL a browser opens, with ?pair= when a token is required */
  openUrl: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const DEFAULT_WEB_PORT = 5174;
export const DEFAULT_WEB_HOST = '127.0.0.1';
/** A stocktake of 20,000 counts is the largest legitimate call; it fits in well under 2 MB. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

class MalformedJsonError extends Error {
  readonly statusCode = 400;
}

function failure(code: ErrorCode, message: string): BranchResult<never> {
  return { ok: false, error: { code, message } };
}

function sendFailure(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send(failure(code, message));
}

/**
 * Each browser has a session of its own (issue 7 item 7: a paired tablet inherited whoever logged in last on any
 * device, manager approval included). The till gives every browser that passed the pairing check a random device
 * cookie on its first call; the cookie names its session (services/session-registry.ts), which the till keeps
 * only once that browser logs in, so cookie-less calls cannot crowd out logged-in devices. HttpOnly: the page's
 * scripts never see it; SameSite=Strict: no other site's page can make the browser send it.
 */
export const DEVICE_COOKIE = 'till_device';
const DEVICE_ID = /^[A-Za-z0-9_-]{32}$/;

function deviceSession(req: FastifyRequest, reply: FastifyReply): string {
  let device = req.cookies[DEVICE_COOKIE];
  if (device === undefined || !DEVICE_ID.test(device)) {
    device = randomBytes(24).toString('base64url');
    reply.setCookie(DEVICE_COOKIE, device, { path: '/api', httpOnly: true, sameSite: 'strict' });
  }
  return `web:${device}`;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? DEFAULT_WEB_HOST;
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const pairing = decidePairing(host, opts.pairToken);
  const app = buildWebApp({ ...opts, bodyLimit, pairToken: pairing.token });

  await app.listen({ host, port: opts.port ?? DEFAULT_WEB_PORT });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('web mode: the server has no TCP address');
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  const openUrl = pairing.token === null ? `${url}/` : `${url}/?pair=${encodeURIComponent(pairing.token)}`;
  return {
    url,
    openUrl,
    pairToken: pairing.token,
    pairTokenGenerated: pairing.generated,
    app,
    close: () => app.close(),
  };
}

/** The fastify app without listening: `pairToken` null means no token is checked (only valid on loopback). */
export function buildWebApp(
  opts: Omit<WebServerOptions, 'pairToken' | 'host' | 'port'> & { pairToken: string | null; bodyLimit: number },
): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit });
  const { pairToken } = opts;
  app.register(fastifyCookie);

  // Our own JSON parser so malformed JSON answers as a BranchResult, and an empty body means "no input".
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new MalformedJsonError('the request body is not valid JSON'), undefined);
    }
  });
  // Only application/json is accepted: a cross-site page can send text/plain without a CORS preflight, never JSON.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return sendFailure(reply, 413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${opts.bodyLimit} bytes`);
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return sendFailure(reply, 415, 'INVALID_INPUT', 'send the input as application/json');
    }
    if (err instanceof MalformedJsonError) return sendFailure(reply, 400, 'INVALID_INPUT', err.message);
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return sendFailure(reply, err.statusCode, 'INVALID_INPUT', err.message);
    }
    reply.log.error({ err }, 'web mode: unexpected error');
    return sendFailure(reply, 500, 'INTERNAL', 'the till could not handle this request');
  });

  // Attached to the API route itself, not matched on the URL: the router decodes paths (/%61pi/… is /api/…),
  // so a prefix check on the raw URL could be walked around.
  const requirePairing = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (pairToken === null) {
      if (!hostHeaderIsLoopback(req.headers.host)) {
        return sendFailure(reply, 401, 'UNAUTHENTICATED', 'this till only answers requests addressed to it on this computer');
      }
      return undefined;
    }
    const presented = bearerToken(req.headers.authorization);
    if (presented === null || !tokensEqual(presented, pairToken)) {
      return sendFailure(reply, 401, 'UNAUTHENTICATED', 'this device is not paired with the till: open the pairing link');
    }
    return undefined;
  };

  app.post<{ Params: { method: string } }>('/api/:method', { onRequest: requirePairing }, async (req, reply) => {
    const { method } = req.params;
    if (!isBranchMethod(method)) return sendFailure(reply, 404, 'INVALID_INPUT', `unknown method "${method}"`);
    let result: BranchResult<unknown>;
    try {
      result = await opts.backend.dispatch(method, req.body === undefined ? {} : req.body, deviceSession(req, reply));
    } catch (err) {
      // The dispatcher turns every failure into a BranchResult; reaching here is a bug, never the caller's fault.
      req.log.error({ err, method }, 'web mode: dispatch threw');
      return sendFailure(reply, 500, 'INTERNAL', 'the till could not handle this request');
    }
    return reply.code(200).header('cache-control', 'no-store').send(result);
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });

  app.setNotFoundHandler((_req, reply) => sendFailure(reply, 404, 'NOT_FOUND', 'no such page or method on this till'));

  if (opts.staticDir !== undefined && existsSync(opts.staticDir)) {
    app.register(fastifyStatic, { root: resolve(opts.staticDir), index: ['index.html'], cacheControl: false });
  } else {
    const where = opts.staticDir ?? '(none given)';
    app.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`The till's screens are not built (${where}): run npm run build:renderer`),
    );
  }
  return app;
}
