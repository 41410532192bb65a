import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Who may talk to a till's API in web mode. A till listening on the shop's Wi-Fi without a token would let anyone
 * on the network sell, receive or write off stock, so any non-loopback bind requires a pairing token.
 */

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  // The whole 127.0.0.0/8 block is loopback, not only 127.0.0.1.
  return isIP(h) === 4 && h.startsWith('127.');
}

export function generatePairingToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Hashing first gives equal-length buffers, so neither the content nor the length of the token leaks by timing. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export interface PairingDecision {
  /** null: loopback without a token, any local client may call */
  token: string | null;
  /** true when the token was made here and must be shown to whoever pairs the device */
  generated: boolean;
}

export function decidePairing(host: string, givenToken: string | undefined): PairingDecision {
  if (givenToken !== undefined && givenToken.length > 0) {
    if (givenToken.length < 16) throw new Error('a pairing token must be at least 16 characters');
    return { token: givenToken, generated: false };
  }
  if (isLoopbackHost(host)) return { token: null, generated: false };
  return { token: generatePairingToken(), generated: true };
}

/** `Authorization: Bearer <token>` → token, or null when absent or in another scheme. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

/**
 * A page on some other site can make the browser send requests to 127.0.0.1 through a DNS name it controls
 * (DNS rebinding). Without a token, only requests addressed to a loopback name are served.
 */
export function hostHeaderIsLoopback(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const withoutPort = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d+$/, '');
  return isLoopbackHost(withoutPort);
}
