import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchResult, DisplaySettings } from '../../shared/api/branch-api';
import { createTillBackend } from '../backend';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Issue 11: the till's language and digits are the till's own, set by a manager at the till, kept in its database
 * through a restart, and refused to a cashier and to values outside the lists.
 */
let till: TempTill;
beforeEach(() => {
  till = createTempTill({ demo: { products: 5 } });
});
afterEach(() => till.cleanup());

describe('the till display settings', () => {
  it('start from the locale of the till (the demo till is "en") with Latin digits', async () => {
    expect(await till.call<DisplaySettings>('till.settings')).toEqual({ language: 'en', digits: 'latin' });
  });

  it('start in the language of an Arabic or French till locale ("ar-LB", "fr_LB"), English for any other', async () => {
    for (const [locale, language] of [['ar-LB', 'ar'], ['fr_LB', 'fr'], ['de-DE', 'en'], ['AR', 'ar']] as const) {
      till.backend.db.stmt('UPDATE till_config SET locale = ?').run(locale);
      till.backend.db.invalidateConfig();
      expect(await till.call<DisplaySettings>('till.settings'), locale).toEqual({ language, digits: 'latin' });
    }
  });

  it('are set by a manager and survive a restart of the till store', async () => {
    await till.loginAs('manager');
    expect(await till.call<DisplaySettings>('till.setDisplay', { language: 'ar', digits: 'arab' })).toEqual({ language: 'ar', digits: 'arab' });
    // A power cut: only the file is left. A new backend opens it as the restarted till does.
    till.backend.close();
    const restarted = createTillBackend({ dbPath: till.dbPath, validateOutputs: true });
    try {
      const r = (await restarted.dispatch('till.settings', {})) as BranchResult<DisplaySettings>;
      // read before anyone logs in: the login screen is already in Arabic
      expect(r).toEqual({ ok: true, value: { language: 'ar', digits: 'arab' } });
    } finally {
      restarted.close();
    }
    // The row says who changed it.
    const manager = till.chain.users.find((u) => u.role === 'manager')!;
    const reopened = createTillBackend({ dbPath: till.dbPath });
    try {
      expect(reopened.db.stmt('SELECT updated_by FROM display_settings').get()).toEqual({ updated_by: manager.id });
    } finally {
      reopened.close();
    }
  });

  it('cannot be changed by a cashier (FORBIDDEN), nor without a login (UNAUTHENTICATED)', async () => {
    const anonymous = (await till.backend.dispatch('till.setDisplay', { language: 'fr', digits: 'latin' })) as BranchResult<unknown>;
    expect(anonymous.ok ? null : anonymous.error.code).toBe('UNAUTHENTICATED');
    await till.loginAs('cashier');
    const r = (await till.backend.dispatch('till.setDisplay', { language: 'fr', digits: 'latin' })) as BranchResult<unknown>;
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
    expect(await till.call<DisplaySettings>('till.settings')).toEqual({ language: 'en', digits: 'latin' });
  });

  it('refuse unknown languages, digit systems and extra fields (INVALID_INPUT), keeping what was set', async () => {
    await till.loginAs('manager');
    await till.call('till.setDisplay', { language: 'fr', digits: 'latin' });
    for (const input of [
      { language: 'de', digits: 'latin' },
      { language: 'ar', digits: 'persian' },
      { language: 'AR', digits: 'arab' },
      { language: 'ar' },
      { language: 'ar', digits: 'arab', locale: 'ar-LB' },
    ]) {
      const r = (await till.backend.dispatch('till.setDisplay', input)) as BranchResult<unknown>;
      expect(r.ok ? null : r.error.code, JSON.stringify(input)).toBe('INVALID_INPUT');
    }
    expect(await till.call<DisplaySettings>('till.settings')).toEqual({ language: 'fr', digits: 'latin' });
  });

  it('are refused by the database itself outside the lists (the CHECKs hold the same lists as zod)', () => {
    expect(() =>
      till.backend.db.stmt("INSERT INTO display_settings (singleton, language, digits, updated_by, updated_at) VALUES (1, 'de', 'latin', 'x', 'y')").run(),
    ).toThrow(/CHECK/);
  });
});
