// The window's security settings as plain values, so tests can read them without Electron.
// Only types come from `electron` (erased at build time).
import type { WebPreferences } from 'electron';

/** Our pages are served from app://console/ (see app-protocol.ts): a stable, secure origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function secureWebPreferences(preloadPath: string, { devTools = false }: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    // Packaged builds have no developer tools at all, not just no menu item for them.
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * The renderer's Content Security Policy. Scripts only from our own origin (no inline
 * script, no eval); images may also come from https (OpenStreetMap tiles), data: and
 * blob: (Leaflet's icons, exported charts); the page talks to nothing but its own origin
 * (the core is reached over IPC, not the network). Inline styles are allowed because
 * Leaflet writes style attributes into the markup it builds, and renderer/index.html's
 * meta policy (the one browser mode is tested under) allows them: a page obeys both
 * policies, so this one must not forbid what the UI is tested with.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'worker-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function contentSecurityPolicy(directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers sent with every page and asset we serve. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Hosts a link in the app may open in the user's browser. Everything else is ignored. */
export const EXTERNAL_HOSTS: readonly string[] = [
  'www.openstreetmap.org',
  'openstreetmap.org',
  'get-information-schools.service.gov.uk',
];

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && EXTERNAL_HOSTS.includes(parsed.hostname);
}

/** True when the URL is one of our own pages (app://console/…). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Permissions our pages may have; every other request is denied. */
export const ALLOWED_PERMISSIONS: readonly string[] = ['notifications'];

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.includes(permission) && isAppUrl(requestingUrl);
}
