-- Issue 8: transfers between two locations of a tenant (shared/domain/transfer.ts has the rules). A transfer is
-- one row whose status is transferStatus() of its recorded events, recomputed by the server after every change
-- and stored with a fresh change stamp (chg) so the tills at both ends pull it. The events are what happened, in
-- the order the server learnt them: the request and its lines, each dispatch, each receipt, each resolution and
-- each step (approve, cancel, close), each with the op that carried it when it came from a till, or the admin
-- action when head office recorded it, who, when and why. Events are never edited or deleted.
--
-- The stock itself moves as movements (TRANSFER_OUT at both ends for a dispatch, TRANSFER_IN and QUARANTINE at the
-- destination for a receipt, REVERSAL for a resolution), like every other stock change.

CREATE TABLE transfers (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  source_id uuid NOT NULL,
  destination_id uuid NOT NULL,
  -- who created it: a till's user (request, or the first half to arrive), or head office (created_by_actor)
  created_by_user_id uuid,
  created_by_actor text,
  note text,
  approved boolean NOT NULL DEFAULT false,
  approved_at timestamptz,
  cancelled boolean NOT NULL DEFAULT false,
  cancelled_at timestamptz,
  closed boolean NOT NULL DEFAULT false,
  closed_at timestamptz,
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'cancelled', 'sent', 'received_unsent', 'discrepancy', 'received', 'closed')),
  created_at timestamptz NOT NULL,
  -- the first dispatch and the first receipt, by the recording side's trusted time
  sent_at timestamptz,
  received_at timestamptz,
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, source_id) REFERENCES locations (tenant_id, id),
  FOREIGN KEY (tenant_id, destination_id) REFERENCES locations (tenant_id, id),
  CHECK (source_id <> destination_id),
  CHECK ((created_by_user_id IS NULL) <> (created_by_actor IS NULL)),
  CHECK (approved = (approved_at IS NOT NULL)),
  CHECK (cancelled = (cancelled_at IS NOT NULL)),
  CHECK (closed = (closed_at IS NOT NULL))
);
-- A pull reads "transfers of this store changed after the cursor" from either end.
CREATE INDEX transfers_source_chg ON transfers (tenant_id, source_id, chg);
CREATE INDEX transfers_destination_chg ON transfers (tenant_id, destination_id, chg);
-- Head office lists the open ones first.
CREATE INDEX transfers_by_status ON transfers (tenant_id, status, created_at);

-- One row per thing that happened to a transfer. `id` is the document id the step carries (the transfer id for
-- its request, dispatchId, receivingId, resolutionId) or, for a step, the op id or head office's action id. It is
-- unique per kind, as an op's document is (applied_ops_document): a till cannot make two receipts out of one by
-- giving a receipt the id of some dispatch.
CREATE TABLE transfer_events (
  tenant_id uuid NOT NULL,
  transfer_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('request', 'approve', 'cancel', 'close', 'dispatch', 'receive', 'resolve')),
  -- set for write_off, return_to_source, complete_dispatch, found; its one product and quantity are its line
  resolution text CHECK (resolution IN ('write_off', 'return_to_source', 'complete_dispatch', 'found')),
  -- the till's op (NULL when head office recorded it: actor names who)
  op_id uuid,
  terminal_id uuid,
  -- the till's user who recorded it, and the manager who approved it when that is someone else
  by_user_id uuid,
  approved_by uuid,
  actor text,
  -- the recording side's trusted time (the op's ordered_at, or the server's clock for head office)
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  note text,
  -- the order the server recorded events in
  seq bigserial NOT NULL,
  PRIMARY KEY (tenant_id, kind, id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfers (tenant_id, id),
  CHECK ((kind = 'resolve') = (resolution IS NOT NULL)),
  CHECK ((op_id IS NULL) <> (actor IS NULL)),
  CHECK (op_id IS NULL OR by_user_id IS NOT NULL)
);
CREATE INDEX transfer_events_transfer ON transfer_events (tenant_id, transfer_id, seq);

-- The lines of an event: requested and dispatched quantities in qty; a receipt's good units in qty and its
-- damaged ones in damaged, with the reason given for accepting more than was sent; a resolution's quantity in qty.
-- Quantities keep to the one range of 0003_value_ranges.sql (named *_in_range, as sync/push.ts and
-- db/ranges.test.ts read them), and are never negative.
CREATE TABLE transfer_event_lines (
  tenant_id uuid NOT NULL,
  event_kind text NOT NULL,
  event_id uuid NOT NULL,
  product_id uuid NOT NULL,
  qty bigint NOT NULL,
  damaged bigint NOT NULL DEFAULT 0,
  over_reason text,
  note text,
  PRIMARY KEY (tenant_id, event_kind, event_id, product_id),
  FOREIGN KEY (tenant_id, event_kind, event_id) REFERENCES transfer_events (tenant_id, kind, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
  CONSTRAINT transfer_event_lines_qty_in_range CHECK (qty BETWEEN -1000000000000 AND 1000000000000),
  CONSTRAINT transfer_event_lines_damaged_in_range CHECK (damaged BETWEEN -1000000000000 AND 1000000000000),
  CONSTRAINT transfer_event_lines_not_negative CHECK (qty >= 0 AND damaged >= 0)
);

CREATE FUNCTION refuse_transfer_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'transfer events are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER transfer_events_append_only BEFORE UPDATE OR DELETE ON transfer_events
  FOR EACH ROW EXECUTE FUNCTION refuse_transfer_event_change();
CREATE TRIGGER transfer_events_no_truncate BEFORE TRUNCATE ON transfer_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_transfer_event_change();
CREATE TRIGGER transfer_event_lines_append_only BEFORE UPDATE OR DELETE ON transfer_event_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_transfer_event_change();
CREATE TRIGGER transfer_event_lines_no_truncate BEFORE TRUNCATE ON transfer_event_lines
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_transfer_event_change();

-- A server-only movement cause (shared/domain/movement-cause.ts SERVER_CAUSE_KINDS): head office's own action on
-- a transfer (its dispatch for the warehouse, a resolution), ref = the admin action's id. The new list is a
-- superset of the old one, which every existing row already satisfied, so it is added NOT VALID (no scan).
ALTER TABLE movements DROP CONSTRAINT movements_cause_kind_known;
ALTER TABLE movements
  ADD CONSTRAINT movements_cause_kind_known
    CHECK (cause_kind IN ('op', 'rebase_correction', 'opening_stock', 'reconciliation', 'count_offset', 'head_office')) NOT VALID;
