import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../web/csp';
import { APP_HOST, APP_SCHEME, contentTypeFor, resolveInside } from './static-files';

export { APP_SCHEME, isAppUrl } from './static-files';

/**
 * The renderer is served from app://till/ rather than file://: a real origin, so the CSP header applies, 'self'
 * means only the app's own files, and the IPC handler can recognise the app's page by its exact origin.
 */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveRendererBuild(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveInside(rendererDir, url.pathname) : null;
    if (file === null) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: { 'content-type': contentTypeFor(file), ...SECURITY_HEADERS } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
