import { v7 as uuidv7 } from 'uuid';
import type { Operation, SalePayload, CustomerContact } from '../../shared/ops/operations';
import { CURRENT_SCHEMA_VERSION } from '../../shared/ops/operations';
import type { Milli } from '../../shared/domain/quantity';
import type { ConflictUpdateRequest, PullResponse, PushResponse } from '../../shared/sync/protocol';
import { conflictUpdateResponseSchema, pullResponseSchema, pushResponseSchema, SYNC_PATHS } from '../../shared/sync/protocol';
import type { ErrorBody } from '../../shared/domain/errors';

/**
 * A minimal till for tests and benchmarks: builds valid ops with its own gap-free seq and talks the protocol
 * over real HTTP. Responses are checked against the protocol schemas, so a test also proves the wire format.
 */
export type OpOf<T extends Operation['type']> = Extract<Operation, { type: T }>;
export type HttpResult<T> = { status: number; ok: true; body: T } | { status: number; ok: false; body: ErrorBody };

export interface SaleLineSpec {
  productId: string;
  qty: Milli;
  unitPrice?: number;
}

export class TestTill {
  seq = 0;
  /** who records receipts, waste, counts and adjustments (a manager's ops); the user itself unless set */
  managerId: string;
  constructor(
    readonly baseUrl: string,
    readonly tillId: string,
    readonly token: string,
    readonly userId: string,
    /** false in benchmarks: checking every response against the protocol schema is the client's cost, not the server's */
    readonly validateResponses = true,
  ) {
    this.managerId = userId;
  }

  private envelope(at?: Date, userId = this.userId): { id: string; tillId: string; seq: number; userId: string; occurredAt: string; schemaVersion: number } {
    this.seq += 1;
    return {
      id: uuidv7(),
      tillId: this.tillId,
      seq: this.seq,
      userId,
      occurredAt: (at ?? new Date()).toISOString(),
      schemaVersion: CURRENT_SCHEMA_VERSION,
    };
  }

  sale(lines: readonly SaleLineSpec[], opts: { at?: Date; customerContact?: CustomerContact; override?: SalePayload['override'] } = {}): OpOf<'sale'> {
    const saleLines = lines.map((l) => {
      const unitPrice = l.unitPrice ?? 100;
      return { lineId: uuidv7(), productId: l.productId, qty: l.qty, unitPrice, total: Math.round((unitPrice * l.qty) / 1000) };
    });
    const total = saleLines.reduce((s, l) => s + l.total, 0);
    return {
      ...this.envelope(opts.at),
      type: 'sale',
      payload: {
        saleId: uuidv7(),
        currency: 'USD',
        lines: saleLines,
        tenders: total > 0 ? [{ method: 'cash', amount: total }] : [],
        total,
        change: 0,
        ...(opts.customerContact ? { customerContact: opts.customerContact } : {}),
        ...(opts.override ? { override: opts.override } : {}),
      },
    };
  }

  receipt(lines: ReadonlyArray<{ productId: string; qty: Milli }>, at?: Date): OpOf<'receipt'> {
    return { ...this.envelope(at, this.managerId), type: 'receipt', payload: { receiptId: uuidv7(), lines: [...lines] } };
  }

  waste(lines: ReadonlyArray<{ productId: string; qty: Milli }>, at?: Date): OpOf<'waste'> {
    return { ...this.envelope(at, this.managerId), type: 'waste', payload: { wasteId: uuidv7(), lines: lines.map((l) => ({ ...l, reason: 'damaged' as const })) } };
  }

  stocktake(counts: ReadonlyArray<{ productId: string; counted: Milli; before: Milli }>, at?: Date): OpOf<'stocktake'> {
    return { ...this.envelope(at, this.managerId), type: 'stocktake', payload: { stocktakeId: uuidv7(), counts: [...counts] } };
  }

  adjustment(lines: ReadonlyArray<{ productId: string; delta: Milli }>, at?: Date): OpOf<'adjustment'> {
    return { ...this.envelope(at, this.managerId), type: 'adjustment', payload: { adjustmentId: uuidv7(), lines: lines.map((l) => ({ ...l, reason: 'found in back room' })) } };
  }

  async push(ops: readonly unknown[]): Promise<HttpResult<PushResponse>> {
    return this.request('POST', SYNC_PATHS.push, JSON.stringify({ ops }), (b) => pushResponseSchema.parse(b));
  }

  async pull(since = '0'): Promise<HttpResult<PullResponse>> {
    return this.request('GET', `${SYNC_PATHS.pull}?since=${encodeURIComponent(since)}`, undefined, (b) => pullResponseSchema.parse(b));
  }

  async updateConflict(conflictId: string, req: ConflictUpdateRequest): Promise<HttpResult<{ conflict: PullResponse['conflicts'][number] }>> {
    return this.request('POST', SYNC_PATHS.conflict(conflictId), JSON.stringify(req), (b) => conflictUpdateResponseSchema.parse(b));
  }

  /** Sends a raw body (malformed-input tests). */
  async rawPush(body: string, contentType = 'application/json'): Promise<HttpResult<PushResponse>> {
    return this.request('POST', SYNC_PATHS.push, body, (b) => pushResponseSchema.parse(b), contentType);
  }

  private async request<T>(method: string, path: string, body: string | undefined, parse: (b: unknown) => T, contentType = 'application/json'): Promise<HttpResult<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    const json = (await res.json()) as unknown;
    if (res.ok) return { status: res.status, ok: true, body: this.validateResponses ? parse(json) : (json as T) };
    return { status: res.status, ok: false, body: json as ErrorBody };
  }
}
