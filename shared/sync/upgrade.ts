import { DomainError } from '../domain/errors';
import { CURRENT_SCHEMA_VERSION } from '../ops/operations';

/**
 * Ops carry the schema version of the app that wrote them. A till offline across an app update still holds ops
 * of the old shape, so the server upgrades each op one version at a time with pure functions before it
 * validates it against the current operationSchema. Version n's upgrader turns a version-n op into n+1.
 *
 * Version 1 is the first shipped shape, so the production table is empty; the next change to an op's shape adds
 * `1: (op) => ...` here in the same commit that bumps CURRENT_SCHEMA_VERSION.
 */
export type RawOp = Record<string, unknown> & { schemaVersion: number };
export type OpUpgrader = (op: RawOp) => RawOp;
export type UpgraderTable = Readonly<Record<number, OpUpgrader>>;

export const OP_UPGRADERS: UpgraderTable = Object.freeze({});

export interface UpgradeConfig {
  upgraders: UpgraderTable;
  currentVersion: number;
}
export const DEFAULT_UPGRADE_CONFIG: UpgradeConfig = { upgraders: OP_UPGRADERS, currentVersion: CURRENT_SCHEMA_VERSION };

/** True when the op was written by an app newer than this server: nobody here knows its shape. */
export function isFutureVersion(version: number, config: UpgradeConfig = DEFAULT_UPGRADE_CONFIG): boolean {
  return version > config.currentVersion;
}

/**
 * Upgrades an op to the current version. Throws UNSUPPORTED_SCHEMA_VERSION for a future version or a missing
 * step (a gap in the table is a server bug, not the till's).
 */
export function upgradeOp(op: RawOp, config: UpgradeConfig = DEFAULT_UPGRADE_CONFIG): RawOp {
  if (isFutureVersion(op.schemaVersion, config)) {
    throw new DomainError('UNSUPPORTED_SCHEMA_VERSION', `schema version ${op.schemaVersion} is newer than this server (${config.currentVersion})`, {
      schemaVersion: op.schemaVersion,
      supported: config.currentVersion,
    });
  }
  let current = op;
  while (current.schemaVersion < config.currentVersion) {
    const step = config.upgraders[current.schemaVersion];
    if (step === undefined) {
      throw new DomainError('UNSUPPORTED_SCHEMA_VERSION', `no upgrader from schema version ${current.schemaVersion}`, {
        schemaVersion: current.schemaVersion,
      });
    }
    const next = step(current);
    if (next.schemaVersion !== current.schemaVersion + 1) {
      throw new DomainError('INTERNAL', `the upgrader from version ${current.schemaVersion} must produce version ${current.schemaVersion + 1}`);
    }
    current = next;
  }
  return current;
}
