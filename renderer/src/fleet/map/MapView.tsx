import { useCallback, useMemo, useRef, useState } from 'react';
import { needsTriage } from '../../../../shared/triage.ts';
import { routeHref } from '../../app/router.ts';
import { ActOnSites } from '../ActOnSites.tsx';
import { useConfigStates } from '../config-states.tsx';
import { useFleetRows } from '../use-fleet.ts';
import { FleetMap, type FleetMapHandle } from './FleetMap.tsx';
import { MapLegend } from './MapLegend.tsx';
import { MapSearch } from './MapSearch.tsx';
import { useTileSource } from './use-tile-source.ts';

export function MapView() {
  const rows = useFleetRows();
  const { source, configured } = useTileSource();
  const [failingOnly, setFailingOnly] = useState(false);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [byConfig, setByConfig] = useState(false);
  const config = useConfigStates();
  const map = useRef<FleetMapHandle>(null);
  const shown = useMemo(() => (failingOnly ? rows.filter((r) => r.status !== null && needsTriage(r.status)) : rows), [rows, failingOnly]);
  const placed = useMemo(() => shown.filter((r) => r.site.latitude !== null && r.site.longitude !== null).length, [shown]);
  const onTilesFailed = useCallback(() => setTilesFailed(true), []);
  const tiles = tilesFailed ? null : source;

  return (
    <section className="fleet-view map-view" aria-labelledby="map-title">
      <div className="view-header">
        <h2 id="map-title">Map</h2>
        <div className="map-toolbar">
          <MapSearch rows={shown} onPick={(r) => map.current?.showSite(r.id)} />
          <label className="toggle">
            <input type="checkbox" checked={failingOnly} onChange={(e) => setFailingOnly(e.target.checked)} data-testid="failing-only" />
            Only sites needing attention
          </label>
          <label className="toggle">
            <input type="checkbox" checked={byConfig} onChange={(e) => setByConfig(e.target.checked)} data-testid="map-config-layer" />
            Colour by config state
          </label>
          <ActOnSites rows={shown} whole={!failingOnly} />
          <button type="button" onClick={() => map.current?.fitAll()}>
            Fit all
          </button>
          <a href={routeHref({ view: 'table' })} className="button-link" data-testid="map-list-link">
            List view (table)
          </a>
        </div>
      </div>
      {tilesFailed && (
        <p className="notice" role="status" data-testid="tiles-unavailable">
          Map tiles unavailable — showing sites on a plain background.{' '}
          <button type="button" className="link-button" onClick={() => setTilesFailed(false)}>
            Try again
          </button>
        </p>
      )}
      {configured === 'os' && source === null && (
        <p className="notice" role="status">
          Ordnance Survey tiles need an API key (Settings). Showing sites on a plain background.
        </p>
      )}
      <div className={`map-frame${tiles ? '' : ' plain'}`} data-testid="map-frame" data-placed={placed} data-tiles={tiles ? 'on' : 'off'} data-layer={byConfig ? 'config' : 'verdict'}>
        <FleetMap rows={shown} tiles={tiles} onTilesFailed={onTilesFailed} handle={map} layer={byConfig ? 'config' : 'verdict'} configStates={config.bySite} />
        <MapLegend layer={byConfig ? 'config' : 'verdict'} />
        {shown.length === 0 && (
          <div className="map-empty" role="status" data-testid="map-empty">
            {failingOnly ? 'No site needs attention right now.' : 'No sites to show.'}
          </div>
        )}
      </div>
      <p className="muted small">
        {placed} of {shown.length} sites placed{placed < shown.length ? ' (the rest have no coordinates: see the table)' : ''}. Screen reader users: the{' '}
        <a href={routeHref({ view: 'table' })}>table</a> lists the same sites.
      </p>
    </section>
  );
}
