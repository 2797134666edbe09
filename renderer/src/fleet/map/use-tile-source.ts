import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { tileSource, type TileSource } from './tiles.ts';

/** The basemap from settings: undefined while loading, null for none. */
export function useTileSource(): { source: TileSource | null | undefined; configured: 'osm' | 'os' | 'none' | null } {
  const api = useApi();
  const [state, setState] = useState<{ source: TileSource | null | undefined; configured: 'osm' | 'os' | 'none' | null }>({ source: undefined, configured: null });
  useEffect(() => {
    let live = true;
    void api.call('settings.get', {}).then((r) => {
      if (!live) return;
      // Settings unreadable: still show the sites, on a plain background.
      setState(r.ok ? { source: tileSource(r.data.map), configured: r.data.map.tiles } : { source: null, configured: null });
    });
    return () => {
      live = false;
    };
  }, [api]);
  return state;
}
