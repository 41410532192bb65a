import { describe, expect, it } from 'vitest';
import type { Currency } from './money';
import { decimalSymbolOf, isImplausibleTender, parseMoneyInput, plausibleTenderLimit, type MoneyInputError } from './money-input';

/**
 * Hand-worked: what a cashier types, the till's locale and currency, and the amount in minor units they meant
 * (or why it is refused). Worked out from the rules in money-input.ts, not from the code.
 */
const table: Array<[text: string, currency: Currency, locale: string, expected: number | MoneyInputError['kind']]> = [
  // the case: a decimal comma is never read as grouping when two digits follow it
  ['10,50', 'USD', 'en', 1050],
  ['10,50', 'USD', 'fr', 1050],
  ['10,50', 'EUR', 'de', 1050],
  ['10,5', 'USD', 'en', 1050],
  ['10.50', 'USD', 'en', 1050],
  ['10.50', 'USD', 'de', 1050],
  ['10', 'USD', 'en', 1000],
  ['0.05', 'USD', 'en', 5],
  ['.5', 'USD', 'en', 50],
  ['5.', 'USD', 'en', 500],
  ['  20  ', 'USD', 'en', 2000],
  ['+20', 'USD', 'en', 2000],
  ['007', 'USD', 'en', 700],
  // grouping and decimal both present: the last one is the decimal separator, in any locale
  ['1,050.00', 'USD', 'en', 105000],
  ['1.050,00', 'USD', 'de', 105000],
  ['1.050,00', 'USD', 'en', 105000],
  ['1,050.00', 'EUR', 'de', 105000],
  ['1,234,567.89', 'USD', 'en', 123456789],
  // one separator before exactly three digits: the locale decides
  ['1,050', 'USD', 'en', 105000],
  ['1.050', 'EUR', 'de', 105000],
  ['1,050', 'EUR', 'fr', 'too_many_decimals'],
  ['1.050', 'USD', 'en', 'too_many_decimals'],
  ['0,500', 'USD', 'en', 'too_many_decimals'],
  // repeated separators only group
  ['1,000,000', 'USD', 'en', 100000000],
  ['1.000.000', 'EUR', 'de', 100000000],
  ['1.000.000', 'USD', 'en', 100000000],
  // spaces (fr uses a narrow no-break space) and apostrophes (de-CH) only group
  ['1 050,00', 'EUR', 'fr', 105000],
  ['1\u202F050,00', 'EUR', 'fr', 105000],
  ["1'050.50", 'EUR', 'de-CH', 105050],
  ['12 345', 'USD', 'en', 1234500],
  // invalid grouping is refused, not guessed
  ['1,00,000', 'USD', 'en', 'bad_grouping'],
  ['10,00,0', 'USD', 'en', 'bad_grouping'],
  ['1.000.50', 'USD', 'en', 'bad_grouping'],
  ['1,000.000,50', 'USD', 'en', 'bad_grouping'],
  ['1 05', 'USD', 'en', 'bad_grouping'],
  // currencies without decimals (LBP) and with three (JOD)
  ['5.000', 'LBP', 'en', 5000],
  ['5,000', 'LBP', 'en', 5000],
  ['89,500', 'LBP', 'en', 89500],
  ['1.500.000', 'LBP', 'de', 1500000],
  ['10,5', 'LBP', 'en', 'too_many_decimals'],
  ['100', 'LBP', 'en', 100],
  ['10.500', 'JOD', 'en', 10500],
  ['10,500', 'JOD', 'fr', 10500],
  ['10,500', 'JOD', 'en', 10500000],
  ['1.2345', 'JOD', 'en', 'too_many_decimals'],
  ['12.345', 'USD', 'en', 'too_many_decimals'],
  // Arabic-Indic digits and the Arabic decimal mark
  ['١٠٫٥٠', 'USD', 'ar-LB', 1050],
  ['١٬٠٥٠٫٠٠', 'USD', 'ar-LB', 105000],
  ['۲۰', 'USD', 'en', 2000],
  ['10.50', 'USD', 'ar-LB', 1050],
  // not amounts
  ['', 'USD', 'en', 'empty'],
  ['   ', 'USD', 'en', 'empty'],
  ['-5', 'USD', 'en', 'negative'],
  ['\u22125', 'USD', 'en', 'negative'],
  ['abc', 'USD', 'en', 'not_an_amount'],
  ['10$', 'USD', 'en', 'not_an_amount'],
  ['1e5', 'USD', 'en', 'not_an_amount'],
  [',', 'USD', 'en', 'not_an_amount'],
  ['0x10', 'USD', 'en', 'not_an_amount'],
  // the one money range (1e15 minor units)
  ['10000000000000', 'USD', 'en', 1_000_000_000_000_000],
  ['10000000000000.01', 'USD', 'en', 'too_large'],
  ['99999999999999999999', 'USD', 'en', 'too_large'],
];

describe('parseMoneyInput', () => {
  for (const [text, currency, locale, expected] of table) {
    it(`"${text}" in ${currency}, locale ${locale} → ${String(expected)}`, () => {
      const r = parseMoneyInput(text, currency, locale);
      if (typeof expected === 'number') expect(r).toEqual({ ok: true, amount: expected });
      else expect(r.ok ? `ok ${r.amount}` : r.error.kind).toBe(expected);
    });
  }

  it('says how many decimals the currency allows', () => {
    expect(parseMoneyInput('1.234', 'USD', 'en')).toEqual({ ok: false, error: { kind: 'too_many_decimals', allowed: 2 } });
    expect(parseMoneyInput('1.5', 'LBP', 'en')).toEqual({ ok: false, error: { kind: 'too_many_decimals', allowed: 0 } });
  });

  it("reads each locale's decimal symbol as typed on a keyboard", () => {
    expect([decimalSymbolOf('en'), decimalSymbolOf('fr'), decimalSymbolOf('de'), decimalSymbolOf('ar-LB'), decimalSymbolOf('not a locale!')]).toEqual([
      '.',
      ',',
      ',',
      '.',
      '.',
    ]);
  });
});

describe('an implausible cash tender', () => {
  // What is due plus the largest note: USD 100.00, LBP 1,000,000 (the largest Lebanese note), JOD 50.000.
  const cases: Array<[amount: number, due: number, currency: Currency, implausible: boolean]> = [
    [2000, 1250, 'USD', false],
    [11250, 1250, 'USD', false],
    [11251, 1250, 'USD', true],
    [9_999_999_999_900, 1250, 'USD', true],
    [10000, 0, 'USD', false],
    [10001, 0, 'USD', true],
    [189_500, 89_500, 'LBP', false],
    [1_089_500, 89_500, 'LBP', false],
    [1_089_501, 89_500, 'LBP', true],
    [60_000, 10_000, 'JOD', false],
    [60_001, 10_000, 'JOD', true],
  ];
  for (const [amount, due, currency, implausible] of cases) {
    it(`${amount} against ${due} due in ${currency}: ${implausible ? 'asks first' : 'taken'}`, () => {
      expect(isImplausibleTender(amount, due, currency)).toBe(implausible);
    });
  }
  it('the limit is what is due plus one largest note', () => {
    expect(plausibleTenderLimit(1250, 'USD')).toBe(11250);
    expect(plausibleTenderLimit(-5, 'USD')).toBe(10000);
  });
});
