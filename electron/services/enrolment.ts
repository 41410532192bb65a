import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { TillInfo } from '../../shared/api/branch-api';
import { DomainError } from '../../shared/domain/errors';
import { ENROL_PATH, enrolResponseSchema, normaliseEnrolmentCode } from '../../shared/sync/enrolment';
import type { TillStore } from '../store';
import { insertEnrolledIdentity } from '../store/till-config-repo';
import type { SyncAgent } from './sync-status';
import { tillInfo } from './till-info';

/** The server answers an enrolment at once; a till on a bad line is told, not left waiting. */
const ENROL_TIMEOUT_MS = 15_000;

/**
 * Each attempt's id, by server and code: pressing the button again after a lost answer (a timeout on a bad line)
 * sends the same id, and the server answers that attempt again instead of the code being spent for nothing.
 */
const attempts = new Map<string, string>();

/** Tills being enrolled now: two screens pressing the button at once would spend two codes on one till. */
const enrolling = new WeakSet<TillStore>();

const serverUrlSchema = z.url({ protocol: /^https?$/, message: 'the server’s address starts with http:// or https://' });

/**
 * First run (issue 11): a fresh till, given the sync server's address and head office's one-time code
 * (shared/sync/enrolment.ts), asks the server who it is, keeps its identity and token in its database, and starts
 * its first sync, which brings the catalog, the users and the store's stock (the screen shows how far it is). Only
 * a till with no identity yet may be enrolled: an enrolled one refuses, so nobody can repoint a working till
 * from its screen.
 *
 * The server spends the code when it answers. Should the till lose that answer (a timeout on a bad line), pressing
 * the button again sends the same attempt's id and the server answers it again (sync-server/sync/enrol.ts); after a
 * restart of the till the attempt is forgotten and head office makes another code. Nothing is half written at the
 * till either way.
 */
export async function enrolThisTill(
  store: TillStore,
  agent: SyncAgent | undefined,
  input: { serverUrl: string; code: string },
  fetchImpl: typeof globalThis.fetch = globalThis.fetch,
): Promise<TillInfo> {
  if (store.configOrNull() !== null) throw new DomainError('DUPLICATE', 'this till is already enrolled; head office moves a till to another store', { reason: 'already_enrolled' });
  const url = serverUrlSchema.safeParse(input.serverUrl.trim());
  if (!url.success) throw new DomainError('INVALID_INPUT', 'the server’s address starts with http:// or https://', { reason: 'bad_server_url' });
  const code = normaliseEnrolmentCode(input.code);
  if (code === null) throw new DomainError('INVALID_INPUT', 'an enrolment code is 12 letters and digits, as XXXX-XXXX-XXXX', { reason: 'bad_code' });
  const serverUrl = url.data.replace(/\/+$/, '');
  if (enrolling.has(store)) throw new DomainError('CONFLICT_TRANSITION', 'this till is being enrolled already: wait for it', { reason: 'enrolment_running' });
  enrolling.add(store);
  try {
    return await enrolAt(store, agent, serverUrl, code, fetchImpl);
  } finally {
    enrolling.delete(store);
  }
}

async function enrolAt(store: TillStore, agent: SyncAgent | undefined, serverUrl: string, code: string, fetchImpl: typeof globalThis.fetch): Promise<TillInfo> {
  let response: Response;
  try {
    response = await fetchImpl(`${serverUrl}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, requestId: attemptId(serverUrl, code) }),
      signal: AbortSignal.timeout(ENROL_TIMEOUT_MS),
    });
  } catch (e) {
    throw new DomainError('UNAVAILABLE', `the server at ${serverUrl} cannot be reached: check the address and the network`, {
      reason: 'server_unreachable',
      cause: e instanceof Error ? e.message : String(e),
    });
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.status === 401) throw new DomainError('UNAUTHENTICATED', 'this enrolment code is unknown, already used or expired: ask head office for a new one', { reason: 'code_refused' });
  if (response.status === 429) throw new DomainError('RATE_LIMITED', 'too many wrong codes from this till: wait a few minutes, then try again', { reason: 'rate_limited' });
  const enrolled = enrolResponseSchema.safeParse(body);
  if (response.status !== 200 || !enrolled.success) {
    throw new DomainError('UNAVAILABLE', `the server at ${serverUrl} did not enrol this till (HTTP ${response.status}): is it a Till sync server?`, { reason: 'server_refused' });
  }
  const e = enrolled.data;
  store.transaction(() => {
    // two enrolments at once (two screens): the first to write wins, the other is refused
    if (store.configOrNull() !== null) throw new DomainError('DUPLICATE', 'this till was enrolled meanwhile', { reason: 'already_enrolled' });
    insertEnrolledIdentity(store, { ...e, locale: 'en', serverUrl, token: e.token });
  });
  store.invalidateConfig();
  attempts.delete(`${serverUrl} ${code}`);
  agent?.start?.();
  return tillInfo(store);
}

function attemptId(serverUrl: string, code: string): string {
  const key = `${serverUrl} ${code}`;
  let id = attempts.get(key);
  if (id === undefined) {
    id = uuidv7();
    attempts.set(key, id);
  }
  return id;
}
