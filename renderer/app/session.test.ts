import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../shared/api/branch-api';
import type { User } from '../../shared/domain/schemas';
import { managerAccess, managerApproved } from './session';

const cashier: User = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000001', name: 'Rania Haddad', role: 'cashier' };
const manager: User = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000002', name: 'Maya Khoury', role: 'manager' };
const headOffice: User = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000003', name: 'Ziad Saleh', role: 'head_office' };

const now = new Date('2026-03-01T10:00:00.000Z');
const inFiveMinutes = '2026-03-01T10:05:00.000Z';
const aMinuteAgo = '2026-03-01T09:59:00.000Z';

/**
 * The session views the backend (electron/services/sessions.ts) answers, worked out by hand from its rules: a
 * manager or head-office user who logs in holds manager access for the whole session (manager = themself,
 * managerUntil null); a cashier's session is elevated until an expiry; a lapsed elevation is gone.
 */
const table: Array<{ what: string; session: SessionView | null; gate: 'open' | 'shut'; kind: 'none' | 'session' | 'until' }> = [
  { what: 'nothing loaded yet', session: null, gate: 'shut', kind: 'none' },
  { what: 'nobody logged in', session: { user: null, manager: null, managerUntil: null }, gate: 'shut', kind: 'none' },
  { what: 'a cashier, not elevated', session: { user: cashier, manager: null, managerUntil: null }, gate: 'shut', kind: 'none' },
  { what: 'a cashier elevated by a manager for 5 min', session: { user: cashier, manager, managerUntil: inFiveMinutes }, gate: 'open', kind: 'until' },
  { what: "a cashier whose elevation lapsed a minute ago", session: { user: cashier, manager, managerUntil: aMinuteAgo }, gate: 'shut', kind: 'none' },
  { what: 'an elevation that ends exactly now', session: { user: cashier, manager, managerUntil: now.toISOString() }, gate: 'shut', kind: 'none' },
  { what: 'a manager logged in with their own PIN', session: { user: manager, manager, managerUntil: null }, gate: 'open', kind: 'session' },
  { what: 'head office logged in with their own PIN', session: { user: headOffice, manager: headOffice, managerUntil: null }, gate: 'open', kind: 'session' },
  { what: 'a cashier elevated by head office', session: { user: cashier, manager: headOffice, managerUntil: inFiveMinutes }, gate: 'open', kind: 'until' },
];

describe('the manager gate', () => {
  for (const row of table) {
    it(`${row.what}: the gate is ${row.gate}`, () => {
      expect(managerApproved(row.session, now)).toBe(row.gate === 'open');
      expect(managerAccess(row.session, now).kind).toBe(row.kind);
    });
  }

  it('names who holds the access and, for an elevation, until when', () => {
    expect(managerAccess({ user: manager, manager, managerUntil: null }, now)).toEqual({ kind: 'session', manager });
    expect(managerAccess({ user: cashier, manager, managerUntil: inFiveMinutes }, now)).toEqual({ kind: 'until', manager, until: new Date(inFiveMinutes) });
  });
});
