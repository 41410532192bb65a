/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import { ERROR_CODES } from '../../shared/domain/errors';
import { UNITS } from '../../shared/domain/units';
import { ROLES } from '../../shared/domain/schemas';
import { WASTE_REASONS, TENDER_METHODS } from '../../shared/ops/operations';
import { CONFLICT_OUTCOMES, CONFLICT_STATES } from '../../shared/policy/conflict-lifecycle';
import { SALE_STATUSES, SYNC_ATTENTION_REASONS } from '../../shared/api/branch-api';

/** Every key the screens ask for exists in English, so no screen ever shows a raw key to a cashier. */

function has(key: string): boolean {
  let node: unknown = en;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node === 'string') return true;
  // a plural key exists as key_one / key_other
  const parent = key.split('.').slice(0, -1);
  const last = key.split('.').at(-1)!;
  let p: unknown = en;
  for (const part of parent) p = (p as Record<string, unknown>)[part];
  const obj = p as Record<string, unknown>;
  return typeof obj?.[`${last}_one`] === 'string' && typeof obj?.[`${last}_other`] === 'string';
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('English strings', () => {
  it('has every literal key used by the renderer', () => {
    const root = join(import.meta.dirname, '..');
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        seen++;
        if (!has(m[1]!)) missing.push(`${m[1]} (${file.slice(root.length + 1)})`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('has every key built from a domain enum', () => {
    const keys = [
      ...ERROR_CODES.map((c) => `errors.${c}`),
      ...UNITS.map((u) => `units.${u}`),
      ...ROLES.map((r) => `roles.${r}`),
      ...WASTE_REASONS.map((r) => `waste.reasons.${r}`),
      ...TENDER_METHODS.map((m) => `pay.method.${m}`),
      ...CONFLICT_STATES.flatMap((s) => [`conflicts.state.${s}`, `conflicts.filter.${s}`]),
      ...CONFLICT_OUTCOMES.map((o) => `conflicts.outcome.${o}`),
      ...['contact_customer', 'stock_discrepancy'].map((k) => `conflicts.kind.${k}`),
      ...SALE_STATUSES.map((s) => `receipt.status.${s}`),
      ...['online', 'offline', 'unreachable'].map((s) => `sync.${s}`),
      ...SYNC_ATTENTION_REASONS.flatMap((r) => [`sync.attention.${r}.what`, `sync.attention.${r}.todo`]),
      ...['receive', 'waste', 'stocktake', 'lowStock', 'conflicts'].map((tab) => `manager.tab.${tab}`),
    ];
    expect(keys.filter((k) => !has(k))).toEqual([]);
  });
});
