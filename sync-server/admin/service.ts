/**
 * Head-office operations behind the admin CLI (and the test fixtures, so tests exercise the same code), one module
 * per job. Every input is validated; every write is one transaction with an audit row; SQL lives in sync-server/db.
 */
export * from './tenants';
export * from './people';
export * from './tills';
export * from './catalog';
export * from './demo';
export * from './ops-import';
export * from './reconcile';
export * from './transfers';
