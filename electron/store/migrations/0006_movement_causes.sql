-- Every movement says where it came from (issue 8; shared/domain/movement-cause.ts), so an auditor can follow each
-- change of a level back to its reason:
-- - cause_kind 'op': written by a local operation, named by op_seq (the op's id and content are in ops);
-- - any other kind: system bookkeeping (the rebase correction after a pull, opening stock from seeding or a
--   pull, a reconciliation, a count offset), with cause_ref to follow (the pull's cursor, "demo"...).
ALTER TABLE movements ADD COLUMN cause_kind TEXT NOT NULL DEFAULT 'op'
  CHECK (cause_kind IN ('op', 'rebase_correction', 'opening_stock', 'reconciliation', 'count_offset'));
ALTER TABLE movements ADD COLUMN cause_ref TEXT;

-- Movements written before this migration without an op: until now only two writers did that. Seeding wrote the
-- opening stock as RECEIVE; the rebase after a pull wrote its corrections, never as RECEIVE (ADJUST, RESERVE,
-- RELEASE, QUARANTINE, RELEASE_QUARANTINE, a transfer's destination leg or its reversal: electron/sync/rebase.ts
-- correctionsFor, in every version). Their reference is lost, so it says when they were written: before 0006.
-- Movements are append-only, so the trigger refusing an UPDATE is lifted for this backfill alone and put back
-- exactly as migration 0001 created it, in this migration's transaction.
DROP TRIGGER movements_no_update;
UPDATE movements SET cause_kind = CASE WHEN kind = 'RECEIVE' THEN 'opening_stock' ELSE 'rebase_correction' END, cause_ref = 'before-0006'
WHERE op_seq IS NULL;
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements are append-only: write a correcting movement instead');
END;

-- SQLite cannot add a table CHECK to an existing table, so this is a trigger: an op movement names its op and
-- nothing else; a system movement names no op and has a reference (at most 200 characters, as movementCauseSchema).
CREATE TRIGGER movements_have_a_cause BEFORE INSERT ON movements
WHEN (NEW.cause_kind = 'op' AND (NEW.op_seq IS NULL OR NEW.cause_ref IS NOT NULL))
  OR (NEW.cause_kind <> 'op' AND (NEW.op_seq IS NOT NULL OR NEW.cause_ref IS NULL OR length(NEW.cause_ref) NOT BETWEEN 1 AND 200))
BEGIN
  SELECT RAISE(ABORT, 'MOVEMENT_CAUSE: a movement must name its op (cause_kind op, op_seq) or its system cause (cause_kind, cause_ref)');
END;
