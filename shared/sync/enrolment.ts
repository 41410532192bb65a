import { z } from 'zod';
import { currency, id } from '../domain/schemas';

/**
 * First run of a till: head office makes a one-time enrolment code for a till of a store (`admin enrolment-code`),
 * someone types it at the new till with the server's address, and the till trades it for its identity and its
 * long-lived token (`POST /v1/enrol`). The code is short enough to read over the phone, works once, and lapses
 * (24 hours by default); the token never appears on a screen.
 *
 * Codes are 12 letters and digits of Crockford's base 32 (no I, L, O or U: nothing to misread), shown in groups of
 * four. Typed in any case, with or without the dashes, I and L read as 1 and O as 0.
 */
export const ENROL_PATH = '/v1/enrol';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ENROLMENT_CODE_LENGTH = 12;

/** The code as stored and compared: 12 characters of the alphabet, or null when the text cannot be one. */
export function normaliseEnrolmentCode(text: string): string | null {
  const code = text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (code.length !== ENROLMENT_CODE_LENGTH) return null;
  for (const ch of code) if (!ALPHABET.includes(ch)) return null;
  return code;
}

/** "K7QF9M2PXW4D" as "K7QF-9M2P-XW4D". */
export function formatEnrolmentCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** A fresh code from `randomBytes` (12 bytes or more): 60 bits, each character from 5 of them. */
export function enrolmentCodeFrom(random: Uint8Array): string {
  if (random.length < ENROLMENT_CODE_LENGTH) throw new Error('an enrolment code needs 12 random bytes');
  let code = '';
  for (let i = 0; i < ENROLMENT_CODE_LENGTH; i++) code += ALPHABET[random[i]! & 31];
  return code;
}

export const enrolRequestSchema = z.object({
  /** the till's name for this attempt: the same attempt again gets the same terminal (its answer was lost) */
  requestId: id.optional(),
  code: z.string().max(40).transform((text, ctx) => {
    const code = normaliseEnrolmentCode(text);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: 'an enrolment code is 12 letters and digits, as XXXX-XXXX-XXXX' });
      return z.NEVER;
    }
    return code;
  }),
});

/** What the till becomes: who and where it is, and the token it syncs with from now on. */
export const enrolResponseSchema = z.object({
  tillId: id,
  tillName: z.string().min(1).max(200),
  /** the start of its receipt numbers, "H3" in H3-000001 */
  receiptPrefix: z.string().regex(/^[A-Z0-9]{1,6}$/),
  storeId: id,
  storeName: z.string().min(1).max(200),
  tenantId: id,
  currency,
  token: z.string().min(16).max(512),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;
