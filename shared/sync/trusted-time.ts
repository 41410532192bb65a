/**
 * The time the server orders a till's op by, against other tills' ops and counts. A till's clock can be years
 * ahead or stuck in 1970 (a dead clock battery), so the server never uses it raw for stock arithmetic: it
 * clamps the till's claim into what the server has itself seen of that till.
 *
 * - never later than the moment the server received the op (nothing happens in the future), and
 * - never earlier than the trusted time of the till's previous op (a till's ops happen in seq order), or, for a
 *   till's first op, than the moment the till was enrolled.
 *
 * Per till the result is monotonic in seq; a correct clock passes through unchanged. The till's own claim is
 * kept verbatim in the op record for the audit.
 */
export function trustedTime(claimed: Date, floor: Date | null, receivedAt: Date): Date {
  const upper = Math.min(claimed.getTime(), receivedAt.getTime());
  // The floor wins over the receive time: if the server's own clock stepped back, the till's order still holds.
  return new Date(floor === null ? upper : Math.max(upper, floor.getTime()));
}

/** Trusted times of a till's consecutive ops, in seq order, starting from the trusted time of the op before them. */
export function trustedTimes(claims: readonly Date[], floor: Date | null, receivedAt: Date): Date[] {
  const out: Date[] = [];
  let previous = floor;
  for (const claimed of claims) {
    previous = trustedTime(claimed, previous, receivedAt);
    out.push(previous);
  }
  return out;
}
