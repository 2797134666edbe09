// Which basemap to draw, from the map setting. 'none' (or OS without a key) is a plain background.
import { OSM_TILE_URL, tileUrlTemplate } from '../../../../shared/map-tiles.ts';
import type { Settings } from '../../../../shared/settings.ts';

export interface TileSource {
  url: string;
  attribution: string;
  maxZoom: number;
  /** Beyond this the tiles are scaled up rather than fetched (OS's premium zooms need a paid plan). */
  maxNativeZoom: number;
}

const OSM: TileSource = {
  url: OSM_TILE_URL,
  attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  maxZoom: 19,
  maxNativeZoom: 19,
};

export function tileSource(map: Settings['map']): TileSource | null {
  if (map.tiles === 'osm') return OSM;
  const url = tileUrlTemplate(map);
  if (map.tiles === 'os' && url) {
    return {
      url,
      attribution: 'Contains OS data &copy; Crown copyright and database rights',
      maxZoom: 19,
      maxNativeZoom: 16,
    };
  }
  return null;
}
