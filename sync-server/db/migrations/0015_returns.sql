-- Issue 11: returns against a receipt, as the tills recorded them (sale_return ops, replayed by
-- sync/plan/returns.ts). A return may be of a sale of another till of the chain; the server holds what every
-- return took back of every sale line, so a second return of the same goods at another till is found here. Every
-- row is written once and never changed.
CREATE TABLE sale_returns (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  sale_id uuid NOT NULL,
  store_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  user_id uuid NOT NULL,
  approved_by uuid,
  occurred_at timestamptz NOT NULL,
  currency text NOT NULL,
  refund bigint NOT NULL CONSTRAINT sale_returns_refund_valid CHECK (refund BETWEEN 0 AND 1000000000000000),
  -- the refund's parts as the till paid them: tender, method, currency, base and own amounts (protocol: refundPartSchema)
  refunds jsonb NOT NULL,
  reason text NOT NULL,
  op_id uuid NOT NULL UNIQUE REFERENCES applied_ops (op_id),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX sale_returns_by_sale ON sale_returns (tenant_id, sale_id);
CREATE INDEX sale_returns_by_store ON sale_returns (tenant_id, store_id, occurred_at DESC);

CREATE TABLE sale_return_lines (
  tenant_id uuid NOT NULL,
  return_id uuid NOT NULL,
  sale_id uuid NOT NULL,
  line_id uuid NOT NULL,
  product_id uuid NOT NULL,
  qty bigint NOT NULL CONSTRAINT sale_return_lines_qty_valid CHECK (qty BETWEEN 1 AND 1000000000000),
  disposition text NOT NULL CHECK (disposition IN ('restock', 'waste')),
  refund bigint NOT NULL CONSTRAINT sale_return_lines_refund_valid CHECK (refund BETWEEN 0 AND 1000000000000000),
  -- what the conflict policy made of it (decideReturnLine): back on the shelf; already back through the line's
  -- reversal (no movement); or more than was left of the line (written, and a customer to contact)
  outcome text NOT NULL CHECK (outcome IN ('restock', 'already_back', 'restock_over')),
  PRIMARY KEY (tenant_id, return_id, line_id),
  FOREIGN KEY (tenant_id, return_id) REFERENCES sale_returns (tenant_id, id)
);
CREATE INDEX sale_return_lines_by_sale ON sale_return_lines (tenant_id, sale_id, line_id);

CREATE FUNCTION refuse_return_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are written once: a return never changes; record a new one', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER sale_returns_append_only BEFORE UPDATE OR DELETE ON sale_returns FOR EACH ROW EXECUTE FUNCTION refuse_return_change();
CREATE TRIGGER sale_returns_no_truncate BEFORE TRUNCATE ON sale_returns FOR EACH STATEMENT EXECUTE FUNCTION refuse_return_change();
CREATE TRIGGER sale_return_lines_append_only BEFORE UPDATE OR DELETE ON sale_return_lines FOR EACH ROW EXECUTE FUNCTION refuse_return_change();
CREATE TRIGGER sale_return_lines_no_truncate BEFORE TRUNCATE ON sale_return_lines FOR EACH STATEMENT EXECUTE FUNCTION refuse_return_change();
