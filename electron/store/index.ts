export { TillStore, openTillStore, type OpenOptions, type TillConfig } from './database';
export {
  applyMovement,
  readLevel,
  movementFromRow,
  opCause,
  systemCause,
  auditedMovements,
  type MovementTarget,
  type MovementResult,
  type MovementRow,
  type TillMovementCause,
  type AuditedMovement,
} from './ledger';
export { appendOp, pendingOps, pendingOpRows, storedOpToWireJson, countPendingOps, type NewOp, type StoredOp } from './outbox';
export { seedTillFromDemo, type SeedOptions } from './seed';
export { upsertProducts, upsertLocations, upsertUsers, revokeUsers, searchText, type UserWithPinHash } from './catalog-writes';
export { hashPin, verifyPin, checkPinHash, type PinCheck } from './pin-hash';
export { loadMigrations, migrate, defaultMigrationsDir, type Migration } from './migrations';
