import { STATUS_CODES } from 'node:http';
import type { ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody, ErrorCode } from '../shared/domain/errors';
import { MAX_PUSH_BYTES } from '../shared/sync/protocol';

/**
 * What the sync server allows a client before it cuts it off: how long headers, a whole request and an idle
 * connection may take, how large headers may be, and how many failed authentications one address gets.
 * A till on 3G sends a 5 MB push in about two minutes, so the request timeout leaves room for that; a client
 * that trickles its headers (slowloris) is cut off long before.
 */
export interface HttpLimits {
  /** the request line and headers must have arrived within this */
  headersTimeoutMs: number;
  /** the whole request, body included, must have arrived within this */
  requestTimeoutMs: number;
  /** a kept-alive connection waits this long for its next request */
  keepAliveTimeoutMs: number;
  /** total size of the request headers */
  maxHeaderBytes: number;
  /** failed authentications one address may make per window before it is answered 429 without a lookup */
  authFailuresPerWindow: number;
  authFailureWindowMs: number;
  /**
   * wrong enrolment codes per address, counted apart from wrong tokens: a new till mistyping its code behind the
   * shop's router must not stop the shop's other tills from syncing
   */
  enrolFailuresPerWindow: number;
  enrolFailureWindowMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 150_000,
  keepAliveTimeoutMs: 10_000,
  maxHeaderBytes: 16 * 1024,
  authFailuresPerWindow: 20,
  authFailureWindowMs: 60_000,
  enrolFailuresPerWindow: 10,
  enrolFailureWindowMs: 10 * 60_000,
};

/** Fastify and node:http options that enforce the limits; node checks its timers every `connectionsCheckingInterval`. */
export function serverOptions(limits: HttpLimits): {
  connectionTimeout: number;
  keepAliveTimeout: number;
  requestTimeout: number;
  http: ServerOptions;
  clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => void;
} {
  return {
    // No socket inactivity timer: it also runs while a request is being handled, so a large push that waits on
    // the database (a busy server, the op-by-op backstop) lost its connection mid-way and the till saw a
    // dropped link instead of an answer. Idle sockets are cut all the same: before the first request by the
    // headers timeout, between requests by the keep-alive timeout, during an upload by the request timeout.
    connectionTimeout: 0,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    clientErrorHandler,
  };
}

/** The code of each HTTP status the framework itself answers with (before any route runs). */
const FRAMEWORK_CODES: Record<number, ErrorCode> = {
  400: 'INVALID_INPUT',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

/**
 * An error fastify raised (bad JSON, an empty body, a wrong content type, a body over the limit, a bad URL...)
 * as the protocol's `{code, message}`; null for anything that is not a framework client error.
 */
export function frameworkErrorReply(error: unknown): { status: number; body: ErrorBody } | null {
  const e = error as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (typeof e?.statusCode !== 'number' || e.statusCode < 400 || e.statusCode >= 500) return null;
  const reason = typeof e.code === 'string' ? e.code : null;
  const code = FRAMEWORK_CODES[e.statusCode] ?? 'INVALID_INPUT';
  if (code === 'PAYLOAD_TOO_LARGE') {
    return { status: 413, body: { code, message: 'the request body is too large', details: { maxBytes: MAX_PUSH_BYTES } } };
  }
  const message = typeof e.message === 'string' && e.message.length > 0 ? e.message : (STATUS_CODES[e.statusCode] ?? 'bad request');
  return { status: e.statusCode, body: { code, message, details: { reason } } };
}

/**
 * Errors node:http raises before fastify sees a request (headers too large or too slow, a body too slow, a
 * malformed request) have no reply object: the answer is written to the socket, in the protocol's shape.
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body]: [number, ErrorBody] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, { code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time' }]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, { code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' }]
        : [400, { code: 'INVALID_INPUT', message: 'malformed HTTP request', details: { reason: error.code ?? null } }];
  // A response already under way (its headers sent) cannot be replaced: just drop the connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && inFlight?.headersSent !== true) {
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}
