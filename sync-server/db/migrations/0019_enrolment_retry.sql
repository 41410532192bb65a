-- Issue 11, first run on a bad line: the till names each enrolment attempt (request_id). When its answer was lost
-- (the server spent the code, the till never heard), the same attempt again within 15 minutes, from a till that
-- has not synced yet, is answered again, with a fresh token for the same terminal, instead of the code being gone.
ALTER TABLE enrolment_codes ADD COLUMN request_id uuid;
