-- Issue 11: the drawer opened without a sale ("no sale"), approved by a manager at the till (op drawer_open). It
-- moves no money; head office sees who opened it, who approved it, why and in which shift. Written once.
CREATE TABLE drawer_opens (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  shift_id uuid,
  reason text NOT NULL,
  user_id uuid NOT NULL,
  approved_by uuid,
  occurred_at timestamptz NOT NULL,
  op_id uuid NOT NULL UNIQUE REFERENCES applied_ops (op_id),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, shift_id) REFERENCES shifts (tenant_id, id),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id)
);
CREATE INDEX drawer_opens_by_shift ON drawer_opens (tenant_id, shift_id);
CREATE TRIGGER drawer_opens_append_only BEFORE UPDATE OR DELETE ON drawer_opens FOR EACH ROW EXECUTE FUNCTION refuse_shift_change();
CREATE TRIGGER drawer_opens_no_truncate BEFORE TRUNCATE ON drawer_opens FOR EACH STATEMENT EXECUTE FUNCTION refuse_shift_change();
