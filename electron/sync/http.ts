import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { errorBodySchema, RETRYABLE_STATUS } from '../../shared/sync/protocol';
import type { ErrorBody } from '../../shared/domain/errors';
import { SyncError, REVOKED_TOKEN_MESSAGE } from './errors';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal }) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface SyncHttpOptions {
  serverUrl: string;
  token: string;
  fetch?: FetchLike;
  /** a request that takes longer is treated as a network failure (and must stay well under the lease) */
  timeoutMs?: number;
  /** request bodies at least this long go gzipped (the server inflates them); Infinity sends every body plain */
  gzipFromBytes?: number;
}

const gzipAsync = promisify(gzip);
/** Below this a gzip header costs about what it saves. */
const DEFAULT_GZIP_FROM_BYTES = 1024;

export interface HttpAnswer {
  status: number;
  /** the parsed JSON body; undefined when the body was empty or not JSON */
  json: unknown;
  /** the server's error body when it answered with one */
  error: ErrorBody | null;
}

/**
 * The till's only door to the server: bearer token, JSON, a timeout. It throws only for what every caller treats
 * the same way (unreachable, RETRYABLE_STATUS, 401); other statuses are returned for the caller to interpret.
 */
export class SyncHttp {
  private readonly base: string;
  private readonly token: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  /** Infinity once the server refused a gzipped body (a server from before compression): plain from then on */
  private gzipFromBytes: number;

  constructor(options: SyncHttpOptions) {
    this.base = options.serverUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.gzipFromBytes = options.gzipFromBytes ?? DEFAULT_GZIP_FROM_BYTES;
  }

  /** `timeoutMs` overrides the default for a request that may carry a lot (a first pull of the whole catalog). */
  get(path: string, timeoutMs?: number): Promise<HttpAnswer> {
    return this.request('GET', path, undefined, timeoutMs);
  }

  post(path: string, body: string): Promise<HttpAnswer> {
    return this.request('POST', path, body);
  }

  private async request(method: string, path: string, body?: string, timeoutMs = this.timeoutMs): Promise<HttpAnswer> {
    // Answers come compressed (the fetch inflates them); a large body goes out gzipped, off the event loop.
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json', 'accept-encoding': 'br, gzip' };
    let payload: string | Uint8Array | undefined = body;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      if (body.length >= this.gzipFromBytes) {
        payload = await gzipAsync(body);
        headers['content-encoding'] = 'gzip';
      }
    }
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new SyncError('transient', `the server could not be reached (${describe(error)})`);
    }
    const json = parseJson(text);
    const parsedError = errorBodySchema.safeParse(json);
    const error = parsedError.success ? parsedError.data : null;
    if (status === 401) throw new SyncError('auth', REVOKED_TOKEN_MESSAGE, status);
    // A server older than compressed pushes reads the gzip as bad JSON (400) or an unknown encoding (415): say it
    // again plainly. Nothing of a refused body was applied, and a repeated op changes nothing anyway. Only then: a
    // 400 that refuses what the body said (a schema error) is the caller's, and gzip stays on.
    if (headers['content-encoding'] === 'gzip' && bodyUnreadable(status, json)) {
      this.gzipFromBytes = Number.POSITIVE_INFINITY;
      return this.request(method, path, body, timeoutMs);
    }
    // 408 (the request arrived too slowly), 429 (this address is rate limited), 500 and the gateway statuses pass:
    // retry later. Other statuses, 501 included, are returned for the caller to interpret.
    if (RETRYABLE_STATUS.includes(status)) {
      throw new SyncError('transient', `the server is unavailable (${status}${error === null ? '' : ` ${error.code}: ${error.message}`})`, status);
    }
    return { status, json, error };
  }
}

/**
 * Did the server fail to read the body itself (its encoding or its JSON), rather than refuse what it said?
 * 415 is an encoding it does not know; a 400 counts only when its code (fastify's, or ours with fastify's as
 * `details.reason`) or its message names the body's JSON or encoding.
 */
function bodyUnreadable(status: number, json: unknown): boolean {
  if (status === 415) return true;
  if (status !== 400 || typeof json !== 'object' || json === null) return false;
  const answer = json as { code?: unknown; message?: unknown; details?: { reason?: unknown } };
  const codes = [answer.code, answer.details?.reason].filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => /^FST_ERR_CTP_|^FST_CP_ERR_|JSON|ENCODING/i.test(c))) return true;
  return typeof answer.message === 'string' && /\bJSON\b|encoding/i.test(answer.message);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${causeText}`;
  }
  return String(error);
}

/** A 4xx the caller did not expect: the server refused what the till sent, and retrying as-is will not help. */
export function refusal(what: string, answer: HttpAnswer): SyncError {
  const detail = answer.error === null ? `HTTP ${answer.status}` : `${answer.error.code}: ${answer.error.message}`;
  return new SyncError('fatal', `the server refused the ${what} (${detail})`, answer.status);
}
