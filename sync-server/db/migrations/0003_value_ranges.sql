-- One range for every quantity and level (shared/domain/quantity.ts MAX_QTY_MILLI = 1e12 milli-units) and every
-- amount of money (shared/domain/money.ts MAX_MONEY_MINOR = 1e15 minor units), the same as the till's
-- (electron/store/migrations/0004_value_ranges.sql) and the zod schemas'. A replay that would take a level, a
-- movement or a conflict outside it fails its statement (SQLSTATE 23514); sync-server/sync/push.ts then records that
-- op alone as rejected with OUT_OF_RANGE, so a till's queue never blocks on it and no pulled level can break a
-- till's range check. sync-server/db/ranges.test.ts reads these bounds back and compares them.
--
-- The movement deltas are not bounded separately: a stocktake's delta (count minus before) is bounded by the two
-- values it joins, and every level it lands on is bounded here.
--
-- Every constraint is added NOT VALID: it holds for every row written or updated from now on, but the rows already
-- there are not checked. A server that took a 10^12-unit receipt before this migration (the very bug it closes)
-- holds such a level and its movement; a plain ADD CONSTRAINT would fail on them and the server could never
-- migrate, and a movement is never edited (a correction is a new movement), so the old rows cannot be fixed first.
-- sync-server/db/ranges-migration.test.ts migrates over such rows.

ALTER TABLE levels
  ADD CONSTRAINT levels_on_hand_in_range CHECK (on_hand BETWEEN -1000000000000 AND 1000000000000) NOT VALID,
  ADD CONSTRAINT levels_reserved_in_range CHECK (reserved BETWEEN -1000000000000 AND 1000000000000) NOT VALID,
  ADD CONSTRAINT levels_in_transit_in_range CHECK (in_transit BETWEEN -1000000000000 AND 1000000000000) NOT VALID,
  ADD CONSTRAINT levels_quarantined_in_range CHECK (quarantined BETWEEN -1000000000000 AND 1000000000000) NOT VALID;

ALTER TABLE movements
  ADD CONSTRAINT movements_qty_in_range CHECK (qty BETWEEN -1000000000000 AND 1000000000000) NOT VALID,
  ADD CONSTRAINT movements_before_in_range CHECK (before BETWEEN -1000000000000 AND 1000000000000) NOT VALID;

ALTER TABLE products
  ADD CONSTRAINT products_price_in_range CHECK (price BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
  ADD CONSTRAINT products_low_stock_threshold_in_range CHECK (low_stock_threshold BETWEEN -1000000000000 AND 1000000000000) NOT VALID,
  ADD CONSTRAINT products_reorder_point_in_range CHECK (reorder_point BETWEEN -1000000000000 AND 1000000000000) NOT VALID,
  ADD CONSTRAINT products_reorder_qty_in_range CHECK (reorder_qty BETWEEN -1000000000000 AND 1000000000000) NOT VALID;

ALTER TABLE conflicts
  ADD CONSTRAINT conflicts_qty_in_range CHECK (qty BETWEEN -1000000000000 AND 1000000000000) NOT VALID,
  ADD CONSTRAINT conflicts_available_at_replay_in_range CHECK (available_at_replay BETWEEN -1000000000000 AND 1000000000000) NOT VALID;
