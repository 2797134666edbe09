// The window's security settings as plain values, so tests can read them without Electron.
// Only types come from `electron` (erased at build time).
import type { WebPreferences } from 'electron';
import { imgSources, tileUrlTemplate } from '../../shared/map-tiles.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';

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

/** The tiles the map draws until main has heard the configured ones from the core. */
export const DEFAULT_TILE_TEMPLATE = tileUrlTemplate(DEFAULT_SETTINGS.map);

/**
 * The renderer's Content Security Policy. Scripts only from our own origin (no inline
 * script, no eval); images also from data: (icons Vite inlines) and the configured tile
 * host only (see cspDirectives); the page talks to nothing but its own origin
 * (the core is reached over IPC, not the network). Inline styles are allowed because
 * Leaflet writes style attributes into the markup it builds, and renderer/index.html's
 * meta policy (the one browser mode is tested under) allows them: a page obeys both
 * policies, so this one must not forbid what the UI is tested with.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': imgSources(DEFAULT_TILE_TEMPLATE),
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

/** The policy for a tile URL template: img-src names that template's host and no other. */
export function cspDirectives(tileTemplate: string | null): Readonly<Record<string, readonly string[]>> {
  return { ...CSP_DIRECTIVES, 'img-src': imgSources(tileTemplate) };
}

export function contentSecurityPolicy(directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers sent with every page and asset we serve, for the tile template configured now. */
export function securityHeaders(tileTemplate: string | null = DEFAULT_TILE_TEMPLATE): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(cspDirectives(tileTemplate)),
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
