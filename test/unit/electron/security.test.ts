import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeOf, resolveAppFile } from '../../../electron/main/app-files.ts';
import {
  APP_ENTRY_URL,
  contentSecurityPolicy,
  cspDirectives,
  isAllowedExternalUrl,
  isAppUrl,
  isPermissionAllowed,
  secureWebPreferences,
  securityHeaders,
} from '../../../electron/main/security.ts';

/** Parses "a x y; b z" into { a: ['x', 'y'], b: ['z'] }. */
function parseCsp(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('window webPreferences', () => {
  it('isolates the renderer from Node and Electron', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });
});

describe('Content Security Policy', () => {
  const csp = parseCsp(contentSecurityPolicy());

  it('denies by default and allows scripts only from our origin: no inline script, no eval', () => {
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    for (const [name, sources] of Object.entries(csp)) {
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources).not.toContain('*');
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
  });

  it('lets map tiles load from the default tile host only, and nothing else leave the app', () => {
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'https://tile.openstreetmap.org']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['form-action']).toEqual(["'none'"]);
  });

  it('blocks plugins, frames, base rewriting and being framed', () => {
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });

  it('rides on every response we serve, for the configured tile host', () => {
    expect(securityHeaders()).toMatchObject({ 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' });
    const os = parseCsp(securityHeaders('https://api.os.uk/maps/raster/v1/zxy/Light_3857/{z}/{x}/{y}.png?key=abc')['Content-Security-Policy'] ?? '');
    expect(os['img-src']).toEqual(["'self'", 'data:', 'https://api.os.uk']);
    expect(parseCsp(securityHeaders(null)['Content-Security-Policy'] ?? '')['img-src']).toEqual(["'self'", 'data:']);
  });
});

describe('img-src built from a tile URL template', () => {
  const imgSrc = (template: string | null) => cspDirectives(template)['img-src'];

  it('names only the template host, with its port, lower-cased', () => {
    expect(imgSrc('https://Tiles.Example.org:8443/{z}/{x}/{y}.png')).toEqual(["'self'", 'data:', 'https://tiles.example.org:8443']);
    // What follows the host (path, query) never reaches the policy.
    expect(imgSrc('https://a.tile.example.org/{z}/{x}/{y}.png?key=k;x')).toEqual(["'self'", 'data:', 'https://a.tile.example.org']);
    expect(imgSrc('https://tile.example.org/{z};default-src *')).toEqual(["'self'", 'data:', 'https://tile.example.org']);
  });

  it('cannot be made to inject directives or widen the policy', () => {
    const hostile = [
      "https://evil.example; script-src 'unsafe-inline'",
      'https://evil.example script-src *',
      "https://'unsafe-inline'/x",
      'https://*.example.org/{z}/{x}/{y}.png',
      'https://user:pw@tile.example.org/{z}',
      'http://tile.example.org/{z}/{x}/{y}.png',
      'javascript:alert(1)//tile.example.org',
      'data:image/png;base64,AAAA',
      'https://tile.example.org:99999/{z}',
      'https://tile.example.org"/{z}',
      'https:',
      '',
    ];
    for (const t of hostile) {
      const policy = contentSecurityPolicy(cspDirectives(t));
      expect(imgSrc(t), t).toEqual(["'self'", 'data:']);
      expect(policy.split(';').length, t).toBe(contentSecurityPolicy().split(';').length);
      expect(parseCsp(policy)['script-src'], t).toEqual(["'self'"]);
    }
  });
});

describe('navigation and links', () => {
  it('recognises only our own pages', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://console/assets/x.js')).toBe(true);
    expect(isAppUrl('app://elsewhere/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('https://console/')).toBe(false);
  });

  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalUrl('https://www.openstreetmap.org/copyright')).toBe(true);
    expect(isAllowedExternalUrl('https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/100000')).toBe(true);
    expect(isAllowedExternalUrl('http://www.openstreetmap.org/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.openstreetmap.org.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@www.openstreetmap.org/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});

describe('permissions', () => {
  it('grants notifications to our pages and nothing else to anyone', () => {
    expect(isPermissionAllowed('notifications', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://tile.openstreetmap.org/')).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      expect(isPermissionAllowed(p, APP_ENTRY_URL)).toBe(false);
    }
  });
});

describe('app:// files', () => {
  const root = path.resolve('/srv/renderer');

  it('maps our URLs to files under the renderer folder', () => {
    expect(resolveAppFile(root, 'app://console/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://console/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://console/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'app://console/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it('refuses anything outside it', () => {
    // URL parsing clamps plain and %2e dot segments at the root; what is left is still inside.
    for (const attack of ['app://console/../../etc/passwd', 'app://console/%2e%2e/%2e%2e/etc/passwd']) {
      expect(resolveAppFile(root, attack)).toBe(path.join(root, 'etc', 'passwd'));
    }
    // Encoded slashes survive parsing and are decoded by us: these must not climb out.
    expect(resolveAppFile(root, 'app://console/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://console/assets%2f..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://console/a%00.js')).toBeNull();
    expect(resolveAppFile(root, 'app://console/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///srv/renderer/index.html')).toBeNull();
  });

  it('names module scripts as JavaScript', () => {
    expect(mimeTypeOf('/x/index-abc.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeOf('/x/index.CSS')).toMatch(/^text\/css/);
    expect(mimeTypeOf('/x/blob.bin')).toBe('application/octet-stream');
  });
});
