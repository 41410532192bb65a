import type { SyncAttentionReason } from '../../shared/api/branch-api';
import type { SyncError } from './errors';

/**
 * After how many cycles in a row that the server answered with a 5xx the till stops calling it "offline": the
 * server is there, it fails every time, and waiting alone will not fix it.
 */
export const SERVER_FAILING_AFTER = 3;

/**
 * Whether a failed sync cycle needs a person, and why; null while waiting is enough (the network is down, the
 * server was busy once, another window took over). A failure the throw site named keeps its name; otherwise the
 * kind and the HTTP status say it: a refused token, an answer the till cannot read (200 that failed its
 * schema), a refusal (any other 4xx), or a failure inside the till (no status at all).
 */
export function attentionOf(error: SyncError, consecutiveServerErrors: number): SyncAttentionReason | null {
  if (error.attention !== null) return error.attention;
  switch (error.kind) {
    case 'lease_lost':
      return null;
    case 'auth':
      return 'token_refused';
    case 'transient':
      return error.status !== null && error.status >= 500 && consecutiveServerErrors >= SERVER_FAILING_AFTER ? 'server_failing' : null;
    case 'fatal':
      if (error.status === null) return 'sync_failed';
      return error.status >= 200 && error.status < 300 ? 'unreadable_answer' : 'refused';
  }
}
