-- Issue 9, replenishment: a product's supplier and the supplier's pack (a case of 24), so the server can draft a
-- PO line when a location falls to the product's reorder point (sync/replenish.ts); and where a PO came from.
ALTER TABLE products ADD COLUMN supplier_id uuid;
ALTER TABLE products ADD COLUMN supplier_pack integer NOT NULL DEFAULT 1 CHECK (supplier_pack BETWEEN 1 AND 10000);
ALTER TABLE products ADD CONSTRAINT products_supplier_fk FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id);
ALTER TABLE purchase_orders ADD COLUMN origin text NOT NULL DEFAULT 'head_office' CHECK (origin IN ('head_office', 'replenishment'));
CREATE INDEX po_lines_by_product ON po_lines (tenant_id, product_id);
