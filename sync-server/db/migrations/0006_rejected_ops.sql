-- Ops the server could not store (a storage error that repeats on the same op, such as text or nesting that
-- slipped past validation). Each is recorded here with the body exactly as it arrived, as JSON text (NUL and
-- lone surrogates stay escaped, so any body fits), and the reason; the op gets a 'rejected' result with code
-- UNSTORABLE in applied_ops and the till's cursor moves on, so one bad op never blocks its till. Head office
-- lists them with `npm run admin -- rejected-ops`.
CREATE TABLE rejected_ops (
  tenant_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  seq bigint NOT NULL,
  op_id uuid NOT NULL,
  raw_body text NOT NULL,
  reason text NOT NULL,
  sqlstate text,
  rejected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, terminal_id, seq),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id)
);
CREATE INDEX rejected_ops_by_time ON rejected_ops (tenant_id, rejected_at);
