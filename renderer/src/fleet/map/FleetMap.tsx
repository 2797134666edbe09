import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { navigate, siteRoute } from '../../app/router.ts';
import type { FleetRow } from '../fleet-row.ts';
import type { SiteConfigState } from '../../../../shared/fleet-config.ts';
import { MapController, type MapLayer } from './map-controller.ts';
import { reloadWhenTilesBlocked } from './stale-policy.ts';
import type { TileSource } from './tiles.ts';

export interface FleetMapHandle {
  showSite: (id: number) => boolean;
  fitAll: () => void;
}

interface Props {
  rows: readonly FleetRow[];
  /** undefined while the setting loads; null for a plain background. */
  tiles: TileSource | null | undefined;
  onTilesFailed: () => void;
  handle: Ref<FleetMapHandle>;
  layer: MapLayer;
  configStates: ReadonlyMap<number, SiteConfigState>;
}

/** A thin React shell around MapController: React decides what to show, Leaflet draws it. */
export function FleetMap({ rows, tiles, onTilesFailed, handle, layer, configStates }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<MapController | null>(null);
  const failed = useRef(onTilesFailed);
  useEffect(() => {
    failed.current = onTilesFailed;
  }, [onTilesFailed]);

  useEffect(() => {
    if (!container.current) return;
    const c = new MapController(container.current, { openSite: (id) => navigate(siteRoute(id)), tilesFailed: () => failed.current() });
    controller.current = c;
    const resize = new ResizeObserver(() => c.invalidateSize());
    resize.observe(container.current);
    return () => {
      resize.disconnect();
      c.destroy();
      controller.current = null;
    };
  }, []);

  useEffect(() => {
    if (tiles !== undefined) controller.current?.setTiles(tiles);
    return tiles ? reloadWhenTilesBlocked(tiles.url) : undefined;
  }, [tiles]);

  useEffect(() => {
    controller.current?.sync(rows, (id) => configStates.get(id)?.state ?? 'unknown');
  }, [rows, configStates]);

  useEffect(() => {
    controller.current?.setLayer(layer);
  }, [layer]);

  useImperativeHandle(handle, () => ({
    showSite: (id) => controller.current?.showSite(id) ?? false,
    fitAll: () => controller.current?.fitAll(),
  }));

  return <div ref={container} className="fleet-map" data-testid="fleet-map" aria-label="Map of sites. Use the arrow keys to pan and plus or minus to zoom." role="region" />;
}
