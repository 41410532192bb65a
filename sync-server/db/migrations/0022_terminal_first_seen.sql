-- Issue 11, first run: when a till's token was first used. Once a till has called with its token (its first pull),
-- the answer of its enrolment reached it, and a repeat of that enrolment attempt is refused (db/enrolment-repo.ts):
-- nobody who saw the attempt can take the working till's identity.
ALTER TABLE terminals ADD COLUMN first_seen_at timestamptz;
