-- Which users may log in at which store (issue 7 item 18). A till receives the PIN verifier of a user only when
-- that user may log in at the till's store: head-office users anywhere, cashiers and managers at the stores they
-- are assigned to here. An assignment is never deleted: unassigning flips `assigned` and stamps `chg`, so the
-- tills of that store learn in their next pull that the user may no longer log in there.
CREATE TABLE user_stores (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  store_id uuid NOT NULL,
  assigned boolean NOT NULL DEFAULT true,
  chg bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (tenant_id, store_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES locations (tenant_id, id)
);

-- Users created before assignments existed could log in at every store; they keep that until head office
-- narrows it (`npm run admin -- unassign-user`), so upgrading the server locks nobody out of a running chain.
INSERT INTO user_stores (tenant_id, user_id, store_id)
SELECT u.tenant_id, u.id, l.id
  FROM users u JOIN locations l ON l.tenant_id = u.tenant_id AND l.kind = 'store'
 WHERE u.role <> 'head_office';
