/**
 * Every error that crosses a boundary (branch API, sync protocol, admin CLI) carries one of these codes, so the
 * UI can translate it and a client can decide whether to retry without parsing English.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_QUANTITY',
  'INVALID_BARCODE',
  'UNKNOWN_BARCODE',
  'UNKNOWN_PRODUCT',
  'UNKNOWN_USER',
  'INACTIVE_PRODUCT',
  'INSUFFICIENT_STOCK',
  'GUARD_VIOLATION',
  'TENDER_SHORT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'WRONG_PIN',
  'NOT_FOUND',
  'CONFLICT_TRANSITION',
  'DUPLICATE',
  'ID_REUSED',
  'OUT_OF_RANGE',
  'CORRUPT_DATABASE',
  'SEQUENCE_GAP',
  'UNSUPPORTED_SCHEMA_VERSION',
  'PAYLOAD_TOO_LARGE',
  'INVALID_TEXT',
  'NESTING_TOO_DEEP',
  'UNSTORABLE',
  'RATE_LIMITED',
  'REQUEST_TIMEOUT',
  'HEADERS_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNSUPPORTED_PIN_HASH',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** A domain error: thrown inside the core, turned into an ErrorBody at the boundary. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
