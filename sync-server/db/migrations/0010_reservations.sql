-- Issue 8: reservations (shared/domain/reservation.ts). A customer order taken at a store (a phone order,
-- click-and-collect) sets stock aside there: its held lines are RESERVE movements, and the hold ends by FULFIL and
-- RELEASE (a till's fulfilment or release), or RELEASE with cause reservation_expiry (the server's expiry job).
-- The stock itself lives in levels and movements like every other stock change; this is the order: who took it
-- for whom, until when, and per line what was asked, what is held now, what left with the customer, and whether
-- the line was refused at replay (it no longer fitted: the customer is to be called). A row changes only by the
-- replay of a till's op or by the expiry job, each with a fresh change stamp (chg) so the store's tills pull it.

CREATE TABLE reservations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  location_id uuid NOT NULL,
  -- the reservation_create op that made it, the till and the user who took the order
  op_id uuid NOT NULL REFERENCES applied_ops (op_id),
  terminal_id uuid NOT NULL,
  created_by uuid NOT NULL,
  -- the create op's trusted time (shared/sync/trusted-time.ts)
  created_at timestamptz NOT NULL,
  customer_contact jsonb NOT NULL,
  note text,
  -- when an open reservation lapses (the till's clock plus the hold), judged by the server's clock
  expires_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'fulfilled', 'released', 'expired', 'refused')),
  -- when it stopped holding stock (refused: when it was replayed), by the trusted time of the op that ended it or
  -- the expiry job's clock; end_op_id is that op, NULL when the job expired it
  ended_at timestamptz,
  end_op_id uuid REFERENCES applied_ops (op_id),
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (op_id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
  FOREIGN KEY (tenant_id, terminal_id) REFERENCES terminals (tenant_id, id),
  CHECK ((status = 'open') = (ended_at IS NULL)),
  CHECK (end_op_id IS NULL OR status <> 'open')
);
-- The expiry job: open reservations by when they lapse, across tenants (a partial index: ended ones drop out).
CREATE INDEX reservations_open_by_expiry ON reservations (expires_at) WHERE status = 'open';
-- A pull: "reservations of this store changed after the cursor".
CREATE INDEX reservations_location_chg ON reservations (tenant_id, location_id, chg);

-- requested: what the customer asked for; held: what the reservation holds now (RESERVE minus what FULFIL and
-- RELEASE gave back; all or nothing per line at replay, 0 once it ended); fulfilled: what left with the customer;
-- refused: the line did not fit at replay and nothing was held for it. A line fulfilled after its hold ended took
-- its goods off the shelf (conflict-policy.ts decideFulfilment()), so fulfilled may be set on a refused line.
CREATE TABLE reservation_lines (
  tenant_id uuid NOT NULL,
  reservation_id uuid NOT NULL,
  line_id uuid NOT NULL,
  -- the line's place in the order as the till wrote it
  position integer NOT NULL CHECK (position >= 0),
  product_id uuid NOT NULL,
  requested bigint NOT NULL,
  held bigint NOT NULL DEFAULT 0,
  fulfilled bigint NOT NULL DEFAULT 0,
  refused boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, reservation_id, line_id),
  UNIQUE (tenant_id, reservation_id, position),
  FOREIGN KEY (tenant_id, reservation_id) REFERENCES reservations (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
  -- the one range of every quantity, as in 0003_value_ranges.sql (named *_in_range, as sync/push.ts and
  -- db/ranges.test.ts read them), and what a line's quantities are to each other
  CONSTRAINT reservation_lines_requested_in_range CHECK (requested BETWEEN -1000000000000 AND 1000000000000),
  CONSTRAINT reservation_lines_held_in_range CHECK (held BETWEEN -1000000000000 AND 1000000000000),
  CONSTRAINT reservation_lines_fulfilled_in_range CHECK (fulfilled BETWEEN -1000000000000 AND 1000000000000),
  CONSTRAINT reservation_lines_quantities CHECK (requested > 0 AND held >= 0 AND fulfilled >= 0 AND held + fulfilled <= requested),
  CONSTRAINT reservation_lines_refused_holds_nothing CHECK (NOT refused OR held = 0)
);

-- A server-only movement cause (shared/domain/movement-cause.ts SERVER_CAUSE_KINDS): the server's expiry job
-- released the hold of a reservation nobody collected, ref = the reservation id. A superset of 0009's list, which
-- every existing row already satisfies, so it is added NOT VALID (no scan).
ALTER TABLE movements DROP CONSTRAINT movements_cause_kind_known;
ALTER TABLE movements
  ADD CONSTRAINT movements_cause_kind_known
    CHECK (cause_kind IN ('op', 'rebase_correction', 'opening_stock', 'reconciliation', 'count_offset', 'head_office', 'reservation_expiry')) NOT VALID;
