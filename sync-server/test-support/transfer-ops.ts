import { v7 as uuidv7 } from 'uuid';
import { CURRENT_SCHEMA_VERSION } from '../../shared/ops/operations';
import type { Milli } from '../../shared/domain/quantity';
import type { ResolutionKind } from '../../shared/domain/transfer';
import type { OpOf, TestTill } from './client';

/** Transfer ops as a till writes them (shared/ops/operations.ts), continuing a TestTill's own seq; a manager records them. */

function envelope(till: TestTill, at: Date | undefined): { id: string; tillId: string; seq: number; userId: string; occurredAt: string; schemaVersion: number } {
  till.seq += 1;
  return { id: uuidv7(), tillId: till.tillId, seq: till.seq, userId: till.managerId, occurredAt: (at ?? new Date()).toISOString(), schemaVersion: CURRENT_SCHEMA_VERSION };
}

type Lines = ReadonlyArray<{ productId: string; qty: Milli }>;

export function transferRequest(
  till: TestTill,
  p: { transferId?: string; sourceId: string; destinationId: string; lines: Lines; note?: string },
  at?: Date,
): OpOf<'transfer_request'> {
  return {
    ...envelope(till, at),
    type: 'transfer_request',
    payload: { transferId: p.transferId ?? uuidv7(), sourceId: p.sourceId, destinationId: p.destinationId, lines: [...p.lines], ...(p.note === undefined ? {} : { note: p.note }) },
  };
}

export function transferStep(till: TestTill, transferId: string, step: 'approve' | 'cancel' | 'close', at?: Date): OpOf<'transfer_step'> {
  return { ...envelope(till, at), type: 'transfer_step', payload: { transferId, step } };
}

export function transferDispatch(till: TestTill, p: { transferId?: string; destinationId: string; lines: Lines }, at?: Date): OpOf<'transfer_dispatch'> {
  return { ...envelope(till, at), type: 'transfer_dispatch', payload: { dispatchId: uuidv7(), transferId: p.transferId ?? uuidv7(), destinationId: p.destinationId, lines: [...p.lines] } };
}

export interface ReceivedLine {
  productId: string;
  received: Milli;
  damaged?: Milli;
  over?: string;
}

export function transferReceive(till: TestTill, p: { transferId: string; sourceId: string; lines: readonly ReceivedLine[] }, at?: Date): OpOf<'transfer_receive'> {
  return {
    ...envelope(till, at),
    type: 'transfer_receive',
    payload: {
      receivingId: uuidv7(),
      transferId: p.transferId,
      sourceId: p.sourceId,
      lines: p.lines.map((l) => ({ productId: l.productId, received: l.received, damaged: l.damaged ?? 0, ...(l.over === undefined ? {} : { over: { reason: l.over } }) })),
    },
  };
}

export function transferResolve(
  till: TestTill,
  p: { transferId: string; kind: ResolutionKind; productId: string; qty: Milli; reason?: string },
  at?: Date,
): OpOf<'transfer_resolve'> {
  return {
    ...envelope(till, at),
    type: 'transfer_resolve',
    payload: { resolutionId: uuidv7(), transferId: p.transferId, kind: p.kind, productId: p.productId, qty: p.qty, reason: p.reason ?? 'broken on the road' },
  };
}
