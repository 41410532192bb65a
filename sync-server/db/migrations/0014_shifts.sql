-- Issue 11: cash drawers, shifts and Z reports, as the tills recorded them (shift_open, cash_move, shift_close
-- ops, replayed by sync/plan/shifts.ts). Head office reads them (admin shifts / z-reports). Every row is written
-- once and never changed: a shift is closed by its Z report's row, not by an update of its own, and a Z report,
-- numbered per till from 1 without gaps, keeps the figures it was printed with at the till.
CREATE TABLE shifts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  opened_by uuid NOT NULL,
  opened_at timestamptz NOT NULL,
  -- currency -> float in its minor units
  float jsonb NOT NULL,
  note text,
  op_id uuid NOT NULL UNIQUE REFERENCES applied_ops (op_id),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX shifts_by_store ON shifts (tenant_id, store_id, opened_at DESC);

CREATE TABLE cash_moves (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  shift_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  currency text NOT NULL,
  amount bigint NOT NULL CONSTRAINT cash_moves_amount_valid CHECK (amount BETWEEN 1 AND 1000000000000000),
  reason text NOT NULL,
  user_id uuid NOT NULL,
  approved_by uuid,
  occurred_at timestamptz NOT NULL,
  op_id uuid NOT NULL UNIQUE REFERENCES applied_ops (op_id),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, shift_id) REFERENCES shifts (tenant_id, id)
);
CREATE INDEX cash_moves_by_shift ON cash_moves (tenant_id, shift_id);

CREATE TABLE z_reports (
  tenant_id uuid NOT NULL,
  shift_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  number integer NOT NULL CHECK (number >= 1),
  closed_by uuid NOT NULL,
  closed_at timestamptz NOT NULL,
  -- the till's printed figures: counted, expected and difference per currency, card apart (protocol: zReportFigures)
  figures jsonb NOT NULL,
  op_id uuid NOT NULL UNIQUE REFERENCES applied_ops (op_id),
  PRIMARY KEY (tenant_id, shift_id),
  UNIQUE (tenant_id, terminal_id, number),
  FOREIGN KEY (tenant_id, shift_id) REFERENCES shifts (tenant_id, id),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id)
);

CREATE FUNCTION refuse_shift_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are written once: a closed shift and its Z report never change', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER shifts_append_only BEFORE UPDATE OR DELETE ON shifts FOR EACH ROW EXECUTE FUNCTION refuse_shift_change();
CREATE TRIGGER shifts_no_truncate BEFORE TRUNCATE ON shifts FOR EACH STATEMENT EXECUTE FUNCTION refuse_shift_change();
CREATE TRIGGER cash_moves_append_only BEFORE UPDATE OR DELETE ON cash_moves FOR EACH ROW EXECUTE FUNCTION refuse_shift_change();
CREATE TRIGGER cash_moves_no_truncate BEFORE TRUNCATE ON cash_moves FOR EACH STATEMENT EXECUTE FUNCTION refuse_shift_change();
CREATE TRIGGER z_reports_append_only BEFORE UPDATE OR DELETE ON z_reports FOR EACH ROW EXECUTE FUNCTION refuse_shift_change();
CREATE TRIGGER z_reports_no_truncate BEFORE TRUNCATE ON z_reports FOR EACH STATEMENT EXECUTE FUNCTION refuse_shift_change();
