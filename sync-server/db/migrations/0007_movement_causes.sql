-- Issue 8: every movement says where it came from (shared/domain/movement-cause.ts). A movement an op caused
-- names the op (op_id, as before) and has cause_kind 'op'. A movement the system wrote as its own bookkeeping names
-- the kind of bookkeeping and a reference to follow: the replay's count offset (the ADJUST after a change that a
-- count taken later already saw) is 'count_offset' with the count's op id, opening stock is 'opening_stock' with
-- what seeded it.
ALTER TABLE movements
  ADD COLUMN cause_kind text NOT NULL DEFAULT 'op',
  ADD COLUMN cause_ref text;

ALTER TABLE movements
  ADD CONSTRAINT movements_cause_kind_known
    CHECK (cause_kind IN ('op', 'rebase_correction', 'opening_stock', 'reconciliation', 'count_offset'));

-- An op's movement names its op, a system movement its reference. NOT VALID, as in 0003: it holds for every row
-- written from now on, and the rows already there are not checked. Before this migration the only movements
-- without an op were opening stock (note 'opening stock'), and a movement is never edited, so they keep reading
-- as they were written (cause_kind 'op' by the column default, op_id NULL) rather than being rewritten here.
ALTER TABLE movements
  ADD CONSTRAINT movements_cause_named
    CHECK (CASE WHEN cause_kind = 'op' THEN op_id IS NOT NULL ELSE cause_ref IS NOT NULL END) NOT VALID;

-- The op id of the count that set counted_at: a later count offset refers to it. Levels counted before this
-- migration take the op of their latest STOCKTAKE movement that applied (a superseded count changes nothing and
-- says so in its note), levels never counted stay NULL.
ALTER TABLE levels ADD COLUMN counted_by uuid;

UPDATE levels AS l
   SET counted_by = (SELECT m.op_id FROM movements m
                      WHERE m.tenant_id = l.tenant_id AND m.location_id = l.location_id AND m.product_id = l.product_id
                        AND m.kind = 'STOCKTAKE' AND m.op_id IS NOT NULL AND m.note IS DISTINCT FROM 'superseded by a later count'
                      ORDER BY m.id DESC LIMIT 1)
 WHERE l.counted_at IS NOT NULL;
