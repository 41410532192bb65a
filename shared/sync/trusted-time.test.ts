import { describe, expect, it } from 'vitest';
import { trustedTime, trustedTimes } from './trusted-time';

const at = (iso: string): Date => new Date(iso);

describe('the time the server orders a till’s op by', () => {
  // Hand-worked: [the till's claim, the floor (previous op / enrolment), received] -> trusted.
  const table: Array<[string, string, string | null, string, string]> = [
    ['correct clock', '2026-03-01T09:00:00Z', '2026-03-01T08:00:00Z', '2026-03-01T10:00:00Z', '2026-03-01T09:00:00Z'],
    ['three years ahead', '2029-03-01T09:00:00Z', '2026-03-01T08:00:00Z', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'],
    ['dead battery (1970)', '1970-01-01T00:00:00Z', '2026-03-01T08:00:00Z', '2026-03-01T10:00:00Z', '2026-03-01T08:00:00Z'],
    ['no floor yet', '1970-01-01T00:00:00Z', null, '2026-03-01T10:00:00Z', '1970-01-01T00:00:00Z'],
    ['server clock stepped back below the floor', '2026-03-01T09:00:00Z', '2026-03-01T11:00:00Z', '2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z'],
  ];
  it.each(table)('%s', (_name, claimed, floor, received, expected) => {
    expect(trustedTime(at(claimed), floor === null ? null : at(floor), at(received)).toISOString()).toBe(at(expected).toISOString());
  });

  it('keeps a till’s ops in seq order whatever its clock did between them', () => {
    const claims = ['2026-03-01T09:00:00Z', '2026-03-01T08:30:00Z', '2030-01-01T00:00:00Z', '2026-03-01T09:15:00Z'].map(at);
    const times = trustedTimes(claims, at('2026-03-01T07:00:00Z'), at('2026-03-01T09:30:00Z')).map((d) => d.toISOString());
    expect(times).toEqual(['2026-03-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z', '2026-03-01T09:30:00.000Z', '2026-03-01T09:30:00.000Z']);
  });
});
