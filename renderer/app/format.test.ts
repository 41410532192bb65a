// @vitest-environment jsdom
/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { DisplaySettings } from '../../shared/api/branch-api';
import { parseMoneyInput } from '../../shared/domain/money-input';
import { applyDisplay, initI18n } from '../i18n/i18n';
import { formatters, qtyText, readNumber } from './format';

/**
 * The one formatting module (issue 11): money, quantities, dates and numbers in sentences in the till's language
 * and digits. The expected texts are written out by hand (CLDR's conventions for each language in Lebanon), and a
 * scan of the renderer fails when a screen formats a number or a date by itself.
 */
const EN: DisplaySettings = { language: 'en', digits: 'latin' };
const AR: DisplaySettings = { language: 'ar', digits: 'arab' };
const AR_LATIN: DisplaySettings = { language: 'ar', digits: 'latin' };
const FR: DisplaySettings = { language: 'fr', digits: 'latin' };
/** without bidi marks, with plain spaces: what the reader sees */
const plain = (s: string) => s.replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ');
const fmt = (d: DisplaySettings) => formatters(d, 'USD', i18next.getFixedT(d.language));

beforeAll(async () => {
  await initI18n('en');
});

describe('formatting in the till language and digits', () => {
  it('writes money by the language and digits', () => {
    expect(plain(fmt(EN).money(1_234_50))).toBe('$1,234.50');
    expect(plain(fmt(AR).money(1_234_50))).toBe('١٬٢٣٤٫٥٠ US$');
    expect(plain(fmt(AR_LATIN).money(1_234_50))).toBe('1.234,50 US$');
    expect(plain(fmt(FR).money(1_234_50))).toBe('1 234,50 $US');
    expect(plain(fmt(AR).money(89_500, 'LBP'))).toBe('٨٩٬٥٠٠ ل.ل.');
    // In Arabic an amount is one left-to-right island with no direction mark inside: otherwise a right-to-left line
    // puts the dollar sign before the letters ("$US").
    expect(fmt(AR).money(1_234_50)).toMatch(/^\u2066[^\u200e\u200f\u061c]+\u2069$/);
    expect(plain(fmt(EN).money(89_500, 'LBP'))).toBe('LBP 89,500');
  });

  it('writes quantities with their unit, weighed goods with three decimals, in the Arabic plural forms', () => {
    expect(fmt(EN).qty(1250, 'kg')).toBe('1.250 kg');
    expect(fmt(EN).qty(3000, 'each')).toBe('3 pcs');
    expect(fmt(EN).qty(1000, 'each')).toBe('1 pc');
    expect(fmt(FR).qty(1250, 'kg')).toBe('1,250 kg');
    expect(fmt(FR).qty(2000, 'pack')).toBe('2 paquets');
    expect(fmt(AR).qty(1250, 'kg')).toBe('١٫٢٥٠ كغ');
    // 3 to 10 take the plural, 11 and more the singular
    expect(fmt(AR).qty(3000, 'each')).toBe('٣ قطع');
    expect(fmt(AR).qty(11_000, 'each')).toBe('١١ قطعة');
    expect(fmt(AR).qty(1000, 'pack')).toBe('١ علبة');
  });

  it('writes dates day first (never the US month first) and times in the till digits', () => {
    const at = new Date(2026, 11, 2, 17, 4).toISOString();
    expect(plain(fmt(EN).time(at))).toBe('02/12/2026, 17:04');
    expect(plain(fmt(FR).time(at))).toBe('02/12/2026 17:04');
    const ar = plain(fmt(AR).time(at));
    expect(ar).toContain('٠٢/١٢/٢٠٢٦');
    expect(ar).not.toMatch(/[0-9]/);
    expect(plain(fmt(AR_LATIN).time(at))).toContain('02/12/2026');
    expect(plain(fmt(EN).clock(new Date(2026, 11, 2, 9, 5)))).toBe('09:05');
  });

  it('says how long ago in the language and digits', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    expect(fmt(EN).ago('2026-12-02T11:57:00Z', now)).toBe('3 minutes ago');
    expect(fmt(EN).ago('2026-12-02T12:00:00Z', now)).toBe('now');
    expect(fmt(FR).ago('2026-12-02T10:00:00Z', now)).toBe('il y a 2 heures');
    expect(fmt(AR).ago('2026-12-02T11:57:00Z', now)).toBe('قبل ٣ دقائق');
  });

  it('reads numbers typed in any digits back as the Latin decimal the parsers take', () => {
    expect(readNumber('١٫٢٥', '\u066B')).toBe('1.25');
    expect(readNumber('۱۲', '.')).toBe('12');
    expect(readNumber('1,25', ',')).toBe('1.25');
    // a comma in an English box is not silently a decimal point: the parser refuses it
    expect(readNumber('1,250', '.')).toBe('1,250');
    const ar = qtyText(AR);
    expect(ar.write(1250)).toBe('١٫٢٥');
    expect(ar.read(ar.write(1250))).toBe('1.25');
    expect(qtyText(FR).read(qtyText(FR).write(1250))).toBe('1.25');
    expect(fmt(AR).qtyInput(1250, 3)).toBe('١٫٢٥٠');
  });

  it('reads a typed cash amount the way the till writes amounts', () => {
    expect(parseMoneyInput('١٢٫٥٠', 'USD', fmt(AR).locale)).toEqual({ ok: true, amount: 1250 });
    expect(parseMoneyInput('1.234,50', 'USD', fmt(AR_LATIN).locale)).toEqual({ ok: true, amount: 123450 });
    expect(parseMoneyInput('12,50', 'USD', fmt(FR).locale)).toEqual({ ok: true, amount: 1250 });
    expect(parseMoneyInput('1,050', 'USD', fmt(EN).locale)).toEqual({ ok: true, amount: 105000 });
  });

  it('writes the numbers given to a sentence in the till digits, each isolated in a right-to-left page', async () => {
    await applyDisplay(AR);
    expect(i18next.t('pay.items', { count: 3 })).toBe('\u2068٣\u2069 بنود');
    expect(i18next.t('pay.items', { count: 1 })).toBe('بند واحد');
    expect(i18next.t('sync.progress', { done: 1200, total: 3000 })).toBe('جارٍ الإرسال: \u2068١٬٢٠٠\u2069 من \u2068٣٬٠٠٠\u2069');
    await applyDisplay(FR);
    expect(plain(i18next.t('pay.items', { count: 1200 }))).toBe('1 200 lignes');
    await applyDisplay(EN);
    expect(i18next.t('pay.items', { count: 1200 })).toBe('1,200 lines');
    expect(document.documentElement.dir).toBe('ltr');
  });
});

describe('the renderer formats through app/format.ts only', () => {
  it('has no formatting of numbers or dates outside it (and i18n.ts, which writes the numbers of sentences)', () => {
    const root = join(import.meta.dirname, '..');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (name === 'dist' || name === 'node_modules') return [];
        if (statSync(path).isDirectory()) return walk(path);
        return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
      });
    })(root);
    const allowed = new Set(['app/format.ts', 'i18n/i18n.ts']);
    const FORBIDDEN = /\.toLocale(String|DateString|TimeString)\(|Intl\.(NumberFormat|DateTimeFormat|RelativeTimeFormat|ListFormat)|\bformatMoney\b|\bformatQuantity\b|from 'date-fns'|\.toFixed\(/;
    const found = files
      .map((f) => ({ file: f.slice(root.length + 1), text: readFileSync(f, 'utf8') }))
      .filter(({ file, text }) => !allowed.has(file) && FORBIDDEN.test(text))
      .map(({ file }) => file);
    expect(files.length).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });
});
