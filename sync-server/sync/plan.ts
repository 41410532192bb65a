/**
 * The replay planner (sync/plan/): what a chunk of a till's ops does to the ledger, decided in memory against the
 * locked levels before anything is written.
 * - types.ts: the plan and its input;
 * - trusted-order.ts: the trusted time of each op and where a count's sheet stood;
 * - op-subjects.ts, document-reuse.ts, admission.ts: whether an op may apply at all (users, products, documents);
 * - level-book.ts: the ledger engine, every movement through the one rule of shared/domain/movement.ts;
 * - line-writes.ts: one line's movements and the count offset after a change the count already saw;
 * - sales.ts (via the conflict policy), stock-documents.ts (receipts, waste, adjustments), counts.ts;
 * - plan-ops.ts: the chunk, op by op.
 */
export type { LevelKey, LevelMap, LockedLevel, LockedLevels, Plan, PlanInput, PlannedConflict, PlannedLevel, PlannedMovement, PlannedOp, PreparedOp } from './plan/types';
export { orderOps, countPositionOf, snapshotSeqsOf } from './plan/trusted-order';
export { actorsOf, documentOf, productIdsOf, userIdsOf } from './plan/op-subjects';
export { NOT_SEEN, documentReuse } from './plan/document-reuse';
export type { MovementMeta } from './plan/level-book';
export { LevelBook, LevelOutOfRange, eachLevel } from './plan/level-book';
export { planOps } from './plan/plan-ops';
