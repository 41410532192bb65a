-- Issue 11, faster selling: discounts at the till (shared/domain/discounts.ts discountLines()).
-- What a sale line took off its shelf total: its own discount and its share of the cart's, in minor units. The
-- line's total stays what the customer paid for it.
ALTER TABLE sale_lines ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (typeof(discount) = 'integer' AND discount BETWEEN 0 AND 1000000000000000);
-- The shelf's unit price when the cashier sold the line at another (a price override; unit_price is what it sold
-- at); NULL for a line at the shelf's price.
ALTER TABLE sale_lines ADD COLUMN shelf_unit_price INTEGER CHECK (shelf_unit_price IS NULL OR (typeof(shelf_unit_price) = 'integer' AND shelf_unit_price BETWEEN 0 AND 1000000000000000));

-- The shop's limit for a discount (or a line taken down) without a manager, in basis points of the line's shelf
-- total; set by a manager at the till. No row: 10%.
CREATE TABLE selling_settings (
  singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
  discount_limit_bp INTEGER NOT NULL CHECK (typeof(discount_limit_bp) = 'integer' AND discount_limit_bp BETWEEN 0 AND 10000),
  updated_by        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
