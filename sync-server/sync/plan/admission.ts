import type { ErrorCode } from '../../../shared/domain/errors';
import type { Operation } from '../../../shared/ops/operations';
import { decideOpActors } from '../../../shared/policy/conflict-policy';
import type { CountPosition } from '../../../shared/sync/stocktake';
import { NOT_SEEN, documentReuse } from './document-reuse';
import { actorsOf, documentOf, productIdsOf } from './op-subjects';
import { countPositionOf } from './trusted-order';
import type { PlanInput, PreparedOp } from './types';

/**
 * Whether an op of the chunk may be applied at all, before it touches stock: readable, done by users who may
 * do it, about products the tenant has, a document not already applied, and (a count) a snapshot from before it.
 * A refused op is recorded as rejected with its code and nothing else of it is written.
 */
export type Admission =
  | { admitted: true; op: Operation; document: { kind: string; id: string }; count: CountPosition | null }
  | { admitted: false; code: ErrorCode; reason: string };

/** `seenDocuments` holds the documents of this chunk so far; an admitted op's document is added to it. */
export function admit(prepared: PreparedOp, input: PlanInput, seenDocuments: Map<string, unknown>): Admission {
  if (prepared.preRejection !== null || prepared.op === null) {
    return { admitted: false, code: prepared.preRejection?.code ?? 'INVALID_INPUT', reason: prepared.preRejection?.reason ?? 'op could not be read' };
  }
  const op = prepared.op;
  const actors = decideOpActors(actorsOf(op), input.users);
  if (!actors.ok) return { admitted: false, code: actors.code, reason: actors.reason };
  const unknown = [...new Set(productIdsOf(op))].filter((p) => !input.knownProducts.has(p));
  if (unknown.length > 0) return { admitted: false, code: 'UNKNOWN_PRODUCT', reason: `product(s) unknown to this tenant: ${unknown.join(', ')}` };
  const document = documentOf(op);
  const key = `${document.kind}/${document.id}`;
  const prior = input.existingDocuments.has(key) ? input.existingDocuments.get(key) : seenDocuments.has(key) ? seenDocuments.get(key) : NOT_SEEN;
  const reuse = documentReuse(prior, prepared.raw.payload);
  if (reuse !== null) {
    return {
      admitted: false,
      code: reuse,
      reason: reuse === 'DUPLICATE' ? `${document.kind} ${document.id} was already applied by another op` : `${document.kind} ${document.id} was already applied with different contents`,
    };
  }
  const count = op.type === 'stocktake' ? countPositionOf(op, input.orderedAt, input.enrolledAt) : null;
  if (op.type === 'stocktake' && count === null) {
    return { admitted: false, code: 'INVALID_INPUT', reason: `the count's snapshot names till seq ${op.payload.snapshot?.tillSeq}, not before the count itself (${op.seq})` };
  }
  seenDocuments.set(key, prepared.raw.payload);
  return { admitted: true, op, document, count };
}
