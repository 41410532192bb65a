-- Issue 7 items 5, 6, 14: what the replay needs to compare repeats, order ops by a time the server trusts, and
-- tell which movements a counting till had already seen.

-- sha256 of the canonical JSON of the op as the till sent it: a repeat of (seq, op id) must carry the same content.
-- NULL for ops recorded before this migration (their body is compared instead).
ALTER TABLE applied_ops ADD COLUMN content_hash text;

-- The time the server orders this op by: the till's occurred_at clamped into [the till's previous op's
-- ordered_at, the receive time] (shared/sync/trusted-time.ts). occurred_at keeps the till's own claim.
ALTER TABLE applied_ops ADD COLUMN ordered_at timestamptz;
ALTER TABLE terminals ADD COLUMN last_ordered_at timestamptz;

-- movements.occurred_at of replayed ops is written from ordered_at from now on (the ledger orders by it); the
-- till's clock stays in applied_ops.occurred_at and the op body.
--
-- The change stamp of the transaction that wrote a movement: a till whose pull cursor is at or above it had this
-- movement in its levels. NULL for movements written before this migration (they are ordered by time only).
ALTER TABLE movements ADD COLUMN chg bigint;
ALTER TABLE movements ALTER COLUMN chg SET DEFAULT nextval('change_seq');
