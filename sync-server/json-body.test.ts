import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText } from '../shared/domain/schemas';
import { MAX_JSON_DEPTH } from '../shared/sync/protocol';
import { findUnstorableJson, mayHoldUnstorableText } from './json-body';

/** A naive model of "PostgreSQL can store this text": walk the UTF-16 code units one by one. */
function naiveStorable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
      if (next < 0xdc00 || next > 0xdfff) return false;
      i++; // a well-formed pair
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** Strings of arbitrary UTF-16 code units, biased towards NUL and surrogates. */
const codeUnits = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D\uDE00', 'a', 'é', 'ع', '\\', 'u'),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 12,
});

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, codeUnits, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(codeUnits, tie('value'), { maxKeys: 4 }),
})).value;

function anyUnstorable(v: unknown): boolean {
  if (typeof v === 'string') return !naiveStorable(v);
  if (Array.isArray(v)) return v.some(anyUnstorable);
  if (typeof v === 'object' && v !== null) return Object.entries(v).some(([k, x]) => !naiveStorable(k) || anyUnstorable(x));
  return false;
}

describe('storable text and JSON bodies', () => {
  it('isStorableText agrees with a code-unit walk on arbitrary UTF-16', () => {
    fc.assert(fc.property(codeUnits, (s) => isStorableText(s) === naiveStorable(s)));
  });

  it('finds unstorable text anywhere in a body, keys included, exactly when the naive model does', () => {
    fc.assert(
      fc.property(jsonValue, (v) => {
        const found = findUnstorableJson(v, 1000);
        expect(found?.code === 'INVALID_TEXT').toBe(anyUnstorable(v));
      }),
    );
  });

  it('never skips the text check for JSON text that decodes to unstorable text (the fast path is safe)', () => {
    fc.assert(
      fc.property(jsonValue, (v) => {
        if (anyUnstorable(v)) expect(mayHoldUnstorableText(JSON.stringify(v))).toBe(true);
      }),
    );
  });

  it('bounds nesting at MAX_JSON_DEPTH', () => {
    const nested = (depth: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { k: v };
      return v;
    };
    const table: Array<[number, 'NESTING_TOO_DEEP' | null]> = [
      [1, null],
      [MAX_JSON_DEPTH, null],
      [MAX_JSON_DEPTH + 1, 'NESTING_TOO_DEEP'],
      [200_000, 'NESTING_TOO_DEEP'],
    ];
    for (const [depth, expected] of table) {
      expect(findUnstorableJson(nested(depth), MAX_JSON_DEPTH, { checkText: false })?.code ?? null, String(depth)).toBe(expected);
      expect(findUnstorableJson(nested(depth))?.code ?? null, String(depth)).toBe(expected);
    }
  });
});
