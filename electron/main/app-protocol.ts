// Serves the built renderer at app://console/ so our pages have a stable, secure origin
// (CSP 'self', storage, and the IPC sender check all key on it) instead of file://.
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { mimeTypeOf, resolveAppFile } from './app-files.ts';
import { APP_SCHEME, securityHeaders } from './security.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** `tileTemplate` is read per response: the CSP follows the map setting. */
export function handleAppProtocol(rootDir: string, tileTemplate: () => string | null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rootDir, request.url);
    if (file && request.method === 'GET') {
      try {
        // Electron's fs reads inside app.asar; the renderer's files are small.
        const body = await fs.readFile(file);
        return new Response(body, { status: 200, headers: { ...securityHeaders(tileTemplate()), 'Content-Type': mimeTypeOf(file) } });
      } catch {
        // Missing file or a folder: fall through to 404.
      }
    }
    return new Response('Not found', { status: 404, headers: { ...securityHeaders(tileTemplate()), 'Content-Type': 'text/plain; charset=utf-8' } });
  });
}
