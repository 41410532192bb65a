import { describe, expect, it } from 'vitest';
import { isUnstorableError } from './db';

/**
 * The backstop sets aside only what the database will refuse the same way on every try. A hand-written table of
 * errors: data exceptions and program limits are unstorable; an integrity violation or any other RangeError is a
 * server bug and must stay loud (a 500), never hidden as a rejected op.
 */
const pgError = (code: string): Error => Object.assign(new Error(`error ${code}`), { code });

describe('isUnstorableError', () => {
  it.each([
    ['22P05 untranslatable character (NUL in jsonb text)', pgError('22P05'), true],
    ['22021 invalid byte sequence', pgError('22021'), true],
    ['22003 numeric value out of range', pgError('22003'), true],
    ['54001 stack depth limit exceeded', pgError('54001'), true],
    ['a JS stack overflow serializing the value', new RangeError('Maximum call stack size exceeded'), true],
    ['23505 unique violation', pgError('23505'), false],
    ['23503 foreign key violation', pgError('23503'), false],
    ['23514 check violation', pgError('23514'), false],
    ['23502 not-null violation', pgError('23502'), false],
    ['42703 undefined column (a bug)', pgError('42703'), false],
    ['40P01 deadlock', pgError('40P01'), false],
    ['57P01 admin shutdown', pgError('57P01'), false],
    ['a RangeError of the server code', new RangeError('Invalid time value'), false],
    ['a RangeError of an array', new RangeError('Invalid array length'), false],
    ['a plain error', new Error('boom'), false],
  ])('%s -> %s', (_name, error, expected) => {
    expect(isUnstorableError(error)).toBe(expected);
  });
});
