// The Leaflet map, outside React: it owns the map, the basemap and one marker per site,
// and updates markers in place, so a poll result touches one marker, not thousands.
import { VERDICT_RANK, type Verdict } from '../../../../shared/health/verdict.ts';
import type { ConfigState } from '../../../../shared/fleet-config.ts';
import { configStateLabel } from '../../config/config-format.ts';
import { configIconMarkup } from '../../config/config-style.ts';
import { CONFIG_STATE_STYLE } from '../../config/drift-model.ts';
import type { FleetRow } from '../fleet-row.ts';
import { configClusterIcon, configSiteIcon } from './config-icons.ts';
import { verdictIconMarkup, verdictLabel } from '../verdict-style.ts';
import { L } from './leaflet.ts';
import { clusterIcon, siteIcon, worstOf } from './marker-icons.ts';
import type { TileSource } from './tiles.ts';

/** What pins are coloured by: the verdict, or the config state (drift…). */
export type MapLayer = 'verdict' | 'config';

interface Placed {
  marker: L.Marker;
  verdict: Verdict;
  config: ConfigState;
  urn: number;
  name: string;
  reason: string;
}

export interface MapCallbacks {
  openSite: (id: number) => void;
  /** The basemap could not be fetched (no network, blocked, bad key). */
  tilesFailed: () => void;
}

// Brackenfield's middle, for an empty map before any site is placed.
const START: L.LatLngExpression = [52.5, -1.9];

export class MapController {
  readonly #map: L.Map;
  readonly #cluster: L.MarkerClusterGroup;
  readonly #placed = new Map<number, Placed>();
  readonly #lookOf = new WeakMap<L.Marker, { verdict: Verdict; config: ConfigState }>();
  #layer: MapLayer = 'verdict';
  readonly #cb: MapCallbacks;
  #tiles: L.TileLayer | null = null;
  #fitted = false;

  constructor(container: HTMLElement, cb: MapCallbacks) {
    this.#cb = cb;
    // maxZoom on the map itself: the cluster layer needs it even when no basemap is drawn.
    this.#map = L.map(container, { center: START, zoom: 11, zoomSnap: 0.5, maxZoom: 18, minZoom: 5, keyboard: true });
    this.#cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      chunkedLoading: true,
      iconCreateFunction: (c) => {
        if (this.#layer === 'config') return configClusterIcon(c.getAllChildMarkers().map((m) => this.#lookOf.get(m)?.config ?? 'unknown'));
        const verdicts = c.getAllChildMarkers().map((m) => this.#lookOf.get(m)?.verdict ?? 'unknown');
        const bad = verdicts.filter((v) => VERDICT_RANK[v] >= VERDICT_RANK.lagging).length;
        return clusterIcon(verdicts.length, worstOf(verdicts), bad);
      },
    });
    this.#map.addLayer(this.#cluster);
    this.#map.on('popupopen', (e) => {
      // Keyboard users land on the popup's action, not back at the top of the page.
      e.popup.getElement()?.querySelector<HTMLButtonElement>('button')?.focus();
    });
  }

  setTiles(source: TileSource | null): void {
    if (this.#tiles) this.#map.removeLayer(this.#tiles);
    this.#tiles = null;
    if (!source) return;
    let loaded = 0;
    let failed = 0;
    const layer = L.tileLayer(source.url, { attribution: source.attribution, maxZoom: source.maxZoom, maxNativeZoom: source.maxNativeZoom });
    layer.on('tileload', () => {
      loaded++;
      failed = 0;
    });
    layer.on('tileerror', () => {
      failed++;
      // One failure before anything loaded means no network (or a bad key); later, a run of them.
      if (this.#tiles === layer && (loaded === 0 || failed >= 6)) {
        this.setTiles(null);
        this.#cb.tilesFailed();
      }
    });
    this.#tiles = layer.addTo(this.#map);
  }

  #icon(p: Pick<Placed, 'verdict' | 'config' | 'name' | 'urn'>): L.DivIcon {
    return this.#layer === 'config' ? configSiteIcon(p.config, p.name, p.urn) : siteIcon(p.verdict, p.name, p.urn);
  }

  #title(p: Pick<Placed, 'verdict' | 'config' | 'name'>): string {
    return this.#layer === 'config' ? `${p.name}: config ${configStateLabel(p.config).toLowerCase()}` : `${p.name}: ${verdictLabel(p.verdict)}`;
  }

  /** Colours every pin and cluster by verdict or by config state. */
  setLayer(layer: MapLayer): void {
    if (layer === this.#layer) return;
    this.#layer = layer;
    const markers: L.Marker[] = [];
    for (const p of this.#placed.values()) {
      p.marker.setIcon(this.#icon(p));
      p.marker.options.title = this.#title(p);
      markers.push(p.marker);
    }
    if (markers.length) this.#cluster.refreshClusters(markers);
  }

  /** Adds, updates and removes markers to match rows; only sites whose look changed are redrawn. */
  sync(rows: readonly FleetRow[], configOf: (id: number) => ConfigState = () => 'unknown'): void {
    const seen = new Set<number>();
    const added: L.Marker[] = [];
    const changed: L.Marker[] = [];
    for (const row of rows) {
      const { latitude: lat, longitude: lon, name, urn } = row.site;
      if (lat === null || lon === null) continue;
      seen.add(row.id);
      const p = this.#placed.get(row.id);
      const config = configOf(row.id);
      if (!p) {
        const look = { verdict: row.verdict, config, name, urn };
        const marker = L.marker([lat, lon], { icon: this.#icon(look), title: this.#title(look), riseOnHover: true });
        marker.bindPopup(() => this.#popup(row.id));
        this.#lookOf.set(marker, { verdict: row.verdict, config });
        this.#placed.set(row.id, { marker, verdict: row.verdict, config, urn, name, reason: row.reason });
        added.push(marker);
        continue;
      }
      p.reason = row.reason;
      if (p.verdict !== row.verdict || p.config !== config || p.name !== name) {
        p.verdict = row.verdict;
        p.config = config;
        p.name = name;
        this.#lookOf.set(p.marker, { verdict: row.verdict, config });
        p.marker.setIcon(this.#icon(p));
        p.marker.options.title = this.#title(p);
        changed.push(p.marker);
      }
      const at = p.marker.getLatLng();
      if (at.lat !== lat || at.lng !== lon) p.marker.setLatLng([lat, lon]);
    }
    const removed: L.Marker[] = [];
    for (const [id, p] of this.#placed) {
      if (seen.has(id)) continue;
      removed.push(p.marker);
      this.#placed.delete(id);
    }
    if (removed.length) this.#cluster.removeLayers(removed);
    if (added.length) this.#cluster.addLayers(added);
    if (changed.length) this.#cluster.refreshClusters(changed);
    if (!this.#fitted && this.#placed.size > 0) {
      this.#fitted = true;
      this.fitAll();
    }
  }

  fitAll(): void {
    const bounds = this.#cluster.getBounds();
    if (bounds.isValid()) this.#map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
  }

  /** Zooms until the site's own marker shows, then opens its popup. */
  showSite(id: number): boolean {
    const p = this.#placed.get(id);
    if (!p) return false;
    this.#cluster.zoomToShowLayer(p.marker, () => p.marker.openPopup());
    return true;
  }

  invalidateSize(): void {
    this.#map.invalidateSize();
  }

  destroy(): void {
    this.#map.remove();
  }

  #popup(id: number): HTMLElement {
    // Built with DOM calls, never HTML strings: names and reasons are data.
    const p = this.#placed.get(id);
    const el = document.createElement('div');
    el.className = 'map-popup';
    el.dataset.testid = 'map-popup';
    const title = el.appendChild(document.createElement('strong'));
    title.textContent = p?.name ?? '';
    const verdict = el.appendChild(document.createElement('div'));
    verdict.className = `verdict-badge v-${p?.verdict ?? 'unknown'}`;
    verdict.innerHTML = verdictIconMarkup(p?.verdict ?? 'unknown');
    verdict.append(verdictLabel(p?.verdict ?? 'unknown'));
    if (p && this.#layer === 'config') {
      const cfg = el.appendChild(document.createElement('div'));
      cfg.className = `cfg-badge ${CONFIG_STATE_STYLE[p.config].className}`;
      cfg.innerHTML = configIconMarkup(p.config);
      cfg.append(`Config: ${configStateLabel(p.config).toLowerCase()}`);
    }
    if (p?.reason) {
      const reason = el.appendChild(document.createElement('p'));
      reason.textContent = p.reason;
    }
    const open = el.appendChild(document.createElement('button'));
    open.type = 'button';
    open.className = 'primary';
    open.textContent = 'Open site';
    open.dataset.testid = 'popup-open-site';
    open.addEventListener('click', () => this.#cb.openSite(id));
    return el;
  }
}
