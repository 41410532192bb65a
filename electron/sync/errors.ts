import type { SyncAttentionReason } from '../../shared/api/branch-api';

/**
 * Why a sync cycle stopped. The kind decides what the loop does next: a transient failure backs off and retries,
 * an auth failure waits for a new token, a fatal one needs a person (the till and the server disagree about
 * history), a lost lease means another window took over.
 */
export type SyncErrorKind = 'transient' | 'auth' | 'fatal' | 'lease_lost';

export class SyncError extends Error {
  readonly kind: SyncErrorKind;
  /** HTTP status when the server answered, null when it could not be reached */
  readonly status: number | null;
  /** what a person must look at, where the kind and status alone do not say it (see ./attention.ts) */
  readonly attention: SyncAttentionReason | null;

  constructor(kind: SyncErrorKind, message: string, status: number | null = null, attention: SyncAttentionReason | null = null) {
    super(message);
    this.name = 'SyncError';
    this.kind = kind;
    this.status = status;
    this.attention = attention;
  }
}

export const REVOKED_TOKEN_MESSAGE = "this till's token was revoked or is wrong: ask head office to enrol the till again";
