-- The sync client's own bookkeeping (electron/sync/). Kept apart from the ledger tables: nothing here is a fact
-- about stock, only where the till stands with the server.

-- One row: the pull cursor the till applied last and when it last talked to the server successfully.
CREATE TABLE sync_state (
  singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
  -- opaque decimal cursor of the server's change counter; stored only in the transaction that applied the pull
  pull_cursor  TEXT NOT NULL DEFAULT '0',
  last_sync_at TEXT
);
INSERT INTO sync_state (singleton) VALUES (1);

-- Who may push right now. Two windows, a restarted app and a stale process share the file: the holder renews
-- it while it works; a crashed holder's lease simply runs out. Acquired by one conditional UPDATE.
CREATE TABLE sync_lease (
  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
  owner      TEXT,
  -- epoch milliseconds
  expires_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_lease (singleton) VALUES (1);

-- A manager's conflict actions at this till, waiting to reach the server. The action id is made once, when the
-- manager clicks, and reused on every retry so the server applies it once.
CREATE TABLE conflict_actions (
  seq         INTEGER PRIMARY KEY,
  action_id   TEXT NOT NULL UNIQUE,
  conflict_id TEXT NOT NULL REFERENCES conflicts (id),
  user_id     TEXT NOT NULL,
  -- JSON of shared/policy/conflict-lifecycle conflictActionSchema
  action      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused')),
  -- the server's refusal, for a refused action
  error       TEXT
);
CREATE INDEX conflict_actions_pending ON conflict_actions (state, seq);
