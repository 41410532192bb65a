-- Issue 11: the tenant's exchange rates (shared/domain/exchange.ts), the quote currency's minor units per ONE whole
-- unit of the base (89,500 LBP per USD). A rate is posted by a manager at a till (a rate_post op, replayed like
-- any other: op_id, terminal_id and the user who posted it) or by head office (the admin CLI: all three NULL,
-- `actor` names it). posted_at is the server's trusted time of the post, never a till's claim. A row is written
-- once and never changed; its change stamp (chg) is the server's order of posts, which every till of the tenant
-- pulls and follows: the latest by chg is the rate in force.
CREATE TABLE exchange_rates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  base text NOT NULL,
  quote text NOT NULL,
  -- exchange.ts MAX_RATE: beyond it a typing slip is likelier than a rate
  rate bigint NOT NULL CONSTRAINT exchange_rates_rate_valid CHECK (rate BETWEEN 1 AND 100000000),
  note text,
  op_id uuid UNIQUE REFERENCES applied_ops (op_id),
  terminal_id uuid,
  posted_by uuid,
  actor text,
  posted_at timestamptz NOT NULL,
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id),
  CHECK (base <> quote),
  -- a till's post names its op, its till and its user; head office's names none of them, and says who it was
  CHECK ((op_id IS NOT NULL AND terminal_id IS NOT NULL AND posted_by IS NOT NULL AND actor IS NULL)
      OR (op_id IS NULL AND terminal_id IS NULL AND posted_by IS NULL AND actor IS NOT NULL))
);
-- A pull: "the tenant's rates posted after the cursor", in stamp order.
CREATE INDEX exchange_rates_chg ON exchange_rates (tenant_id, chg);
