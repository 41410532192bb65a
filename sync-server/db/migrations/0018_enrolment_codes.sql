-- Issue 11, first run: one-time enrolment codes (shared/sync/enrolment.ts). Head office makes one for a till of a
-- store; the till trades it once, before it lapses, for its terminal and token (POST /v1/enrol). Only the code's
-- hash is kept, as for tokens. A used code keeps which terminal it became.
CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  store_id uuid NOT NULL,
  till_name text NOT NULL,
  receipt_prefix text NOT NULL CHECK (receipt_prefix ~ '^[A-Z0-9]{1,6}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  terminal_id uuid,
  CHECK ((used_at IS NULL) = (terminal_id IS NULL)),
  FOREIGN KEY (tenant_id, store_id) REFERENCES locations (tenant_id, id)
);
