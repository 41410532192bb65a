import { describe, expect, it } from 'vitest';
import { enrolRequestSchema, enrolmentCodeFrom, formatEnrolmentCode, normaliseEnrolmentCode } from './enrolment';

describe('enrolment codes', () => {
  it('read back however they are typed: any case, dashes or spaces, I/L as 1 and O as 0', () => {
    expect(normaliseEnrolmentCode('k7qf-9m2p-xw4d')).toBe('K7QF9M2PXW4D');
    expect(normaliseEnrolmentCode(' K7QF 9M2P XW4D ')).toBe('K7QF9M2PXW4D');
    expect(normaliseEnrolmentCode('OILO-0000-0000')).toBe('0110' + '00000000');
    expect(formatEnrolmentCode('K7QF9M2PXW4D')).toBe('K7QF-9M2P-XW4D');
  });
  it('refuse what cannot be a code: too short, too long, U or punctuation', () => {
    for (const bad of ['', 'K7QF-9M2P', 'K7QF-9M2P-XW4D-1', 'K7QF-9M2P-XW4U', 'K7QF-9M2P-XW4!']) expect(normaliseEnrolmentCode(bad)).toBeNull();
    expect(enrolRequestSchema.safeParse({ code: 'K7QF-9M2P' }).success).toBe(false);
    expect(enrolRequestSchema.parse({ code: 'k7qf-9m2p-xw4d' })).toEqual({ code: 'K7QF9M2PXW4D' });
  });
  it('are made of the alphabet only, from any random bytes', () => {
    const all = new Uint8Array(12).map((_, i) => i * 23 + 255);
    const code = enrolmentCodeFrom(all);
    expect(normaliseEnrolmentCode(code)).toBe(code);
    expect(enrolmentCodeFrom(new Uint8Array(12).fill(255))).toBe('ZZZZZZZZZZZZ');
  });
});
