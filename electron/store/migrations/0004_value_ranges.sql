-- One range for every quantity and level (shared/domain/quantity.ts MAX_QTY_MILLI = 1e12 milli-units) and for
-- every amount of money (shared/domain/money.ts MAX_MONEY_MINOR = 1e15 minor units), enforced by the database in
-- the transaction that writes the value. A statement that would take a level, a movement or a total outside its
-- range aborts, and the transaction with it: nothing of the change is committed (electron/store/database.ts turns
-- the abort into OUT_OF_RANGE). The zod schemas (shared/domain/schemas.ts) use the same constants; a test reads
-- these bounds back and compares them (electron/store/ranges.test.ts).
--
-- SQLite cannot add a CHECK to an existing table, so these are triggers (rebuilding movements would mean
-- dropping its append-only triggers). Each message is 'OUT_OF_RANGE: <table>', which the store
-- recognises and words for people. typeof() refuses a REAL that INTEGER affinity could not turn into a whole number.

CREATE TRIGGER levels_in_range_insert BEFORE INSERT ON levels
WHEN NEW.on_hand NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.on_hand) <> 'integer'
  OR NEW.reserved NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.reserved) <> 'integer'
  OR NEW.in_transit NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.in_transit) <> 'integer'
  OR NEW.quarantined NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.quarantined) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: levels');
END;

CREATE TRIGGER levels_in_range_update BEFORE UPDATE OF on_hand, reserved, in_transit, quarantined ON levels
WHEN NEW.on_hand NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.on_hand) <> 'integer'
  OR NEW.reserved NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.reserved) <> 'integer'
  OR NEW.in_transit NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.in_transit) <> 'integer'
  OR NEW.quarantined NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.quarantined) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: levels');
END;

CREATE TRIGGER movements_in_range_insert BEFORE INSERT ON movements
WHEN NEW.qty NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.qty) <> 'integer'
  OR (NEW.before IS NOT NULL AND (NEW.before NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.before) <> 'integer'))
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: movements');
END;

CREATE TRIGGER products_in_range_insert BEFORE INSERT ON products
WHEN NEW.price NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.price) <> 'integer'
  OR NEW.low_stock_threshold NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.low_stock_threshold) <> 'integer'
  OR NEW.reorder_point NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.reorder_point) <> 'integer'
  OR NEW.reorder_qty NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.reorder_qty) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: products');
END;

CREATE TRIGGER products_in_range_update BEFORE UPDATE OF price, low_stock_threshold, reorder_point, reorder_qty ON products
WHEN NEW.price NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.price) <> 'integer'
  OR NEW.low_stock_threshold NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.low_stock_threshold) <> 'integer'
  OR NEW.reorder_point NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.reorder_point) <> 'integer'
  OR NEW.reorder_qty NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.reorder_qty) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: products');
END;

CREATE TRIGGER sales_in_range_insert BEFORE INSERT ON sales
WHEN NEW.total NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.total) <> 'integer'
  OR NEW.change NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.change) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: sales');
END;

CREATE TRIGGER sale_lines_in_range_insert BEFORE INSERT ON sale_lines
WHEN NEW.qty NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.qty) <> 'integer'
  OR NEW.unit_price NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.unit_price) <> 'integer'
  OR NEW.total NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.total) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: sale_lines');
END;

CREATE TRIGGER sale_lines_in_range_update BEFORE UPDATE OF qty, unit_price, total ON sale_lines
WHEN NEW.qty NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.qty) <> 'integer'
  OR NEW.unit_price NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.unit_price) <> 'integer'
  OR NEW.total NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.total) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: sale_lines');
END;

CREATE TRIGGER tenders_in_range_insert BEFORE INSERT ON tenders
WHEN NEW.amount NOT BETWEEN -1000000000000000 AND 1000000000000000 OR typeof(NEW.amount) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: tenders');
END;

CREATE TRIGGER conflicts_in_range_insert BEFORE INSERT ON conflicts
WHEN NEW.qty NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.qty) <> 'integer'
  OR NEW.available_at_replay NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.available_at_replay) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: conflicts');
END;

CREATE TRIGGER conflicts_in_range_update BEFORE UPDATE OF qty, available_at_replay ON conflicts
WHEN NEW.qty NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.qty) <> 'integer'
  OR NEW.available_at_replay NOT BETWEEN -1000000000000 AND 1000000000000 OR typeof(NEW.available_at_replay) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, 'OUT_OF_RANGE: conflicts');
END;
