-- The central ledger. The tenant comes first in every key so the data can later be distributed by tenant.
-- Quantities are bigint milli-units, money bigint minor units. `chg` columns are stamps from change_seq: a pull
-- returns rows whose stamp is above the till's cursor (docs/sync-protocol.md explains why it is gap-safe).

CREATE SEQUENCE change_seq;

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  currency text NOT NULL,
  policy jsonb NOT NULL DEFAULT '{"oversell":"reverse_later_sale"}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('warehouse', 'store')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE terminals (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  revoked boolean NOT NULL DEFAULT false,
  last_seq bigint NOT NULL DEFAULT 0,
  last_push_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES locations (tenant_id, id)
);

CREATE TABLE users (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('cashier', 'manager', 'head_office')),
  pin_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX users_chg ON users (tenant_id, chg);

CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL,
  pack_size integer,
  price bigint NOT NULL CHECK (price >= 0),
  currency text NOT NULL,
  low_stock_threshold bigint NOT NULL DEFAULT 0,
  reorder_point bigint NOT NULL DEFAULT 0,
  reorder_qty bigint NOT NULL DEFAULT 0,
  lead_time_days integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  -- a product deleted at head office: ops naming it are rejected, tills see it inactive
  deleted_at timestamptz,
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku)
);
CREATE INDEX products_chg ON products (tenant_id, chg);

CREATE TABLE barcodes (
  tenant_id uuid NOT NULL,
  code text NOT NULL,
  product_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, code),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE INDEX barcodes_product ON barcodes (tenant_id, product_id);

CREATE TABLE levels (
  tenant_id uuid NOT NULL,
  location_id uuid NOT NULL,
  product_id uuid NOT NULL,
  on_hand bigint NOT NULL DEFAULT 0,
  reserved bigint NOT NULL DEFAULT 0,
  in_transit bigint NOT NULL DEFAULT 0,
  quarantined bigint NOT NULL DEFAULT 0,
  -- when the latest applied count of this shelf was taken (the counting till's clock)
  counted_at timestamptz,
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, location_id, product_id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE INDEX levels_chg ON levels (tenant_id, location_id, chg);

CREATE TABLE applied_ops (
  tenant_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  seq bigint NOT NULL,
  op_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version integer NOT NULL,
  user_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  clock_skew boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'reversed', 'partially_reversed', 'rejected')),
  -- the op as the till sent it (before any upgrade), so a rejected op is never lost
  body jsonb NOT NULL,
  result jsonb NOT NULL,
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, terminal_id, seq),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id)
);
CREATE INDEX applied_ops_chg ON applied_ops (tenant_id, terminal_id, chg);

-- One row per business document (sale, receipt, waste, stocktake, adjustment): a second guard, besides the op id,
-- against applying the same document twice under a new op id.
CREATE TABLE documents (
  tenant_id uuid NOT NULL,
  kind text NOT NULL,
  document_id uuid NOT NULL,
  op_id uuid NOT NULL REFERENCES applied_ops (op_id),
  PRIMARY KEY (tenant_id, kind, document_id)
);

CREATE TABLE movements (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  location_id uuid NOT NULL,
  product_id uuid NOT NULL,
  kind text NOT NULL,
  qty bigint NOT NULL,
  before bigint,
  reverses text,
  d_on_hand bigint NOT NULL,
  d_reserved bigint NOT NULL DEFAULT 0,
  d_in_transit bigint NOT NULL DEFAULT 0,
  d_quarantined bigint NOT NULL DEFAULT 0,
  op_id uuid,
  line_id uuid,
  terminal_id uuid,
  user_id uuid,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  note text,
  FOREIGN KEY (tenant_id, location_id, product_id) REFERENCES levels (tenant_id, location_id, product_id)
);
CREATE INDEX movements_level_time ON movements (tenant_id, location_id, product_id, occurred_at);
CREATE INDEX movements_op ON movements (op_id);

CREATE FUNCTION refuse_movement_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'movements are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER movements_append_only BEFORE UPDATE OR DELETE ON movements
  FOR EACH ROW EXECUTE FUNCTION refuse_movement_change();
CREATE TRIGGER movements_no_truncate BEFORE TRUNCATE ON movements
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_movement_change();

CREATE TABLE conflicts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('contact_customer', 'stock_discrepancy')),
  state text NOT NULL CHECK (state IN ('open', 'contacted', 'resolved')),
  outcome text,
  op_id uuid NOT NULL REFERENCES applied_ops (op_id),
  sale_id uuid NOT NULL,
  line_id uuid NOT NULL,
  product_id uuid NOT NULL,
  qty bigint NOT NULL,
  available_at_replay bigint NOT NULL,
  reason text NOT NULL,
  customer_contact jsonb,
  terminal_id uuid NOT NULL,
  cashier_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, op_id, line_id)
);
CREATE INDEX conflicts_store_chg ON conflicts (tenant_id, store_id, chg);

-- Every state a conflict went through, with who and when (the open entry has no user: the server opened it).
CREATE TABLE conflict_history (
  tenant_id uuid NOT NULL,
  conflict_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL,
  outcome text,
  by_user_id uuid,
  note text,
  -- the till's click id: a retried update is recognised and not applied twice
  action_id uuid UNIQUE,
  FOREIGN KEY (tenant_id, conflict_id) REFERENCES conflicts (tenant_id, id)
);
CREATE INDEX conflict_history_conflict ON conflict_history (tenant_id, conflict_id, at);

CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  tenant_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_tenant ON audit (tenant_id, at);
