-- Issue 11: two currencies at the till (shared/domain/exchange.ts). Money stays an integer of each currency's
-- minor unit within the one range of 0004 (±1e15); a rate is the quote's minor units per ONE whole unit of the
-- base (89,500 LBP per USD), 1 .. exchange.ts MAX_RATE. New tables and new columns carry their range as CHECKs.

-- How this till takes a second currency (electron/store/exchange-repo.ts): which one, which cash it takes, and how
-- amounts of it are rounded when handed over. The till's own choice like display_settings (0007), made by a
-- manager here, never sent to the server. No row: the tenant's currency only, LBP shown beside it once a rate is
-- posted, rounded to the nearest 5,000.
CREATE TABLE exchange_settings (
  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
  quote      TEXT NOT NULL,
  -- JSON array of the cash currencies taken (shared/api/branch-api.ts exchangeSettings)
  accepts    TEXT NOT NULL,
  quote_step INTEGER NOT NULL CHECK (typeof(quote_step) = 'integer' AND quote_step BETWEEN 1 AND 1000000000000000),
  rounding   TEXT NOT NULL CHECK (rounding IN ('nearest', 'down', 'up')),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The tenant's posted rates as this till knows them: pulled from the server (server_order set: the server's order
-- of posts) and this till's own posts (op_seq set), which count as the newest until the server has them. A row is
-- never deleted and its rate never changes; the server's answer only fills in its order and time, or refuses it.
CREATE TABLE exchange_rates (
  id             TEXT PRIMARY KEY,
  base           TEXT NOT NULL,
  quote          TEXT NOT NULL,
  rate           INTEGER NOT NULL CHECK (typeof(rate) = 'integer' AND rate BETWEEN 1 AND 100000000),
  note           TEXT,
  posted_by_name TEXT NOT NULL,
  -- the server's trusted time once it sent the rate; this till's clock while its own post waits
  posted_at      TEXT NOT NULL,
  server_order   INTEGER CHECK (server_order IS NULL OR (typeof(server_order) = 'integer' AND server_order >= 1)),
  op_seq         INTEGER UNIQUE REFERENCES ops (seq),
  -- the server rejected this till's post: it never applies
  refused        INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1)),
  -- store/idempotency.ts requestFingerprint of the exchange.postRate request; NULL for a rate from elsewhere
  request_fingerprint TEXT,
  CHECK (base <> quote),
  CHECK (server_order IS NOT NULL OR op_seq IS NOT NULL)
) WITHOUT ROWID;
CREATE UNIQUE INDEX exchange_rates_by_order ON exchange_rates (server_order) WHERE server_order IS NOT NULL;
CREATE INDEX exchange_rates_waiting ON exchange_rates (op_seq) WHERE server_order IS NULL AND refused = 0;

-- What a sale locked (its op carries the same): the rate it used, how its change was handed back, the change in
-- the quote currency and the rounding line (quote minor units, +: the shop kept it). NULL for a sale without a
-- rate, as every sale before this migration. `change` stays the change in the sale's own currency.
ALTER TABLE sales ADD COLUMN rate_id TEXT REFERENCES exchange_rates (id);
ALTER TABLE sales ADD COLUMN rate_quote TEXT;
ALTER TABLE sales ADD COLUMN rate INTEGER CHECK (rate IS NULL OR (typeof(rate) = 'integer' AND rate BETWEEN 1 AND 100000000));
ALTER TABLE sales ADD COLUMN change_in TEXT CHECK (change_in IS NULL OR change_in IN ('base', 'quote', 'split'));
ALTER TABLE sales ADD COLUMN change_quote INTEGER CHECK (change_quote IS NULL OR (typeof(change_quote) = 'integer' AND change_quote BETWEEN 0 AND 1000000000000000));
ALTER TABLE sales ADD COLUMN rounding INTEGER CHECK (rounding IS NULL OR (typeof(rounding) = 'integer' AND rounding BETWEEN -1000000000000000 AND 1000000000000000));
-- the currency a tender was handed over in; NULL: the sale's own
ALTER TABLE tenders ADD COLUMN currency TEXT;
