/**
 * One Content-Security-Policy for the till's UI, in Electron and in web mode: only the app's own scripts run and
 * the page talks only to its own origin, so an injected product name or receipt field can never execute or
 * exfiltrate. Inline styles stay allowed because React and the receipt layout set style attributes; blob: and
 * mediastream: are for the camera scanner.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile WebAssembly (the camera's zxing decoder, served from 'self'); it
  // does not allow eval() or inline scripts.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // The pairing token arrives in the page URL (?pair=); never send it on to anyone in a Referer.
  'referrer-policy': 'no-referrer',
};
