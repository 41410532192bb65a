import { describe, expect, it } from 'vitest';
import { DEFAULT_UPGRADE_CONFIG, isFutureVersion, upgradeOp } from './upgrade';
import type { RawOp } from './upgrade';
import { CURRENT_SCHEMA_VERSION } from '../ops/operations';

const op = (v: number): RawOp => ({ schemaVersion: v, type: 'sale', payload: { n: v } });

describe('op upgraders', () => {
  it('passes current ops through and spots future ones', () => {
    expect(upgradeOp(op(CURRENT_SCHEMA_VERSION))).toEqual(op(CURRENT_SCHEMA_VERSION));
    expect(isFutureVersion(CURRENT_SCHEMA_VERSION + 1)).toBe(true);
    expect(() => upgradeOp(op(CURRENT_SCHEMA_VERSION + 1))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_SCHEMA_VERSION' }));
  });

  it('chains steps one version at a time', () => {
    const config = {
      currentVersion: 3,
      upgraders: {
        1: (o: RawOp) => ({ ...o, schemaVersion: 2, payload: { n: 'two' } }),
        2: (o: RawOp) => ({ ...o, schemaVersion: 3, payload: { ...(o.payload as object), m: 'three' } }),
      },
    };
    expect(upgradeOp(op(1), config)).toEqual({ schemaVersion: 3, type: 'sale', payload: { n: 'two', m: 'three' } });
    expect(upgradeOp(op(2), config).payload).toEqual({ n: 2, m: 'three' });
  });

  it('refuses a missing step and a step that skips a version', () => {
    expect(() => upgradeOp(op(1), { currentVersion: 2, upgraders: {} })).toThrow(/no upgrader/);
    expect(() => upgradeOp(op(1), { currentVersion: 3, upgraders: { 1: (o) => ({ ...o, schemaVersion: 3 }) } })).toThrow(/must produce version 2/);
  });

  it('has a step for every version below the current one', () => {
    for (let v = 1; v < DEFAULT_UPGRADE_CONFIG.currentVersion; v++) expect(DEFAULT_UPGRADE_CONFIG.upgraders[v]).toBeTypeOf('function');
  });
});
