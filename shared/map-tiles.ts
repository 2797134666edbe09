// Where basemap tiles come from, for the map setting. Shared because the renderer draws
// from the template and the shell's Content Security Policy lets images load from its host only.
import type { Settings } from './settings.ts';

export const OSM_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** The tile URL template for the setting; null draws a plain background (none, or OS without a key). */
export function tileUrlTemplate(map: Settings['map']): string | null {
  if (map.tiles === 'osm') return OSM_TILE_URL;
  if (map.tiles === 'os' && map.osApiKey) return `https://api.os.uk/maps/raster/v1/zxy/Light_3857/{z}/{x}/{y}.png?key=${encodeURIComponent(map.osApiKey)}`;
  return null;
}

// https, a DNS name of letters, digits, dots and dashes, an optional port, then the path.
// Anything else (another scheme, spaces, quotes, ';', '*', user info) yields no source, so a
// template can never add a CSP directive or widen img-src beyond one host.
const HTTPS_ORIGIN = /^https:\/\/((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(:\d{1,5})?(?=[/?#]|$)/i;

/** The CSP source for a tile template's host ("https://host[:port]"), or null if it is not a plain https URL. */
export function tileImageSource(template: string | null): string | null {
  const [, host, port = ''] = (template === null ? null : HTTPS_ORIGIN.exec(template)) ?? [];
  if (!host || (port && Number(port.slice(1)) > 65535)) return null;
  return `https://${host.toLowerCase()}${port}`;
}

/**
 * img-src for a tile template: our own files, data: (Vite inlines small images such as
 * Leaflet's control icons as data: URIs) and the tile host. No blob: (nothing renders one
 * as an image) and no scheme-wide https:.
 */
export function imgSources(template: string | null): string[] {
  const host = tileImageSource(template);
  return ["'self'", 'data:', ...(host ? [host] : [])];
}
