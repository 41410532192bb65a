-- Issue 9, purchasing (head office's side first): suppliers and purchase orders. A PO goes draft -> sent ->
-- confirmed -> partial -> received, or is cancelled before anything arrived (shared/domain/replenishment.ts
-- assertPoTransition); its lines are ordered in the supplier's pack (cases of 24) at a unit cost in the supplier's
-- currency, and keep what has been received against them. Quantities in milli-units, money in minor units, each in
-- the project's one range.
CREATE TABLE suppliers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  contact text,
  lead_time_days integer NOT NULL CHECK (lead_time_days BETWEEN 0 AND 365),
  currency text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE purchase_orders (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  -- PO-000001, per tenant, never reused
  number integer NOT NULL CHECK (number >= 1),
  supplier_id uuid NOT NULL,
  location_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'sent', 'confirmed', 'partial', 'received', 'cancelled')),
  currency text NOT NULL,
  expected_on date NOT NULL,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX purchase_orders_open ON purchase_orders (tenant_id, location_id) WHERE status NOT IN ('received', 'cancelled');

CREATE TABLE po_lines (
  tenant_id uuid NOT NULL,
  po_id uuid NOT NULL,
  line_no integer NOT NULL CHECK (line_no >= 1),
  product_id uuid NOT NULL,
  -- units in the supplier's pack (24 for a case of 24; 1 for single units)
  pack_units integer NOT NULL CHECK (pack_units BETWEEN 1 AND 10000),
  ordered bigint NOT NULL CHECK (ordered BETWEEN 1 AND 1000000000000),
  received bigint NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND 1000000000000),
  -- per unit (not per pack), in the PO's currency
  unit_cost bigint NOT NULL CHECK (unit_cost BETWEEN 0 AND 1000000000000000),
  PRIMARY KEY (tenant_id, po_id, line_no),
  UNIQUE (tenant_id, po_id, product_id),
  FOREIGN KEY (tenant_id, po_id) REFERENCES purchase_orders (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
