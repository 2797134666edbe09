// The live fleet, outside React: a snapshot once, then only the statuses that changed.
// Views read it through useSyncExternalStore; a change replaces one row object, so a
// component that depends on one site re-renders for that site alone.
import type { FleetSnapshot, SiteStatus } from '../../../shared/fleet.ts';
import type { Site } from '../../../shared/site.ts';
import { makeRow, type FleetRow } from './fleet-row.ts';

export interface FleetMeta {
  loaded: boolean;
  error: string | null;
  paused: boolean;
  /** Bumped on every applied change; tests and the benchmark wait on it. */
  version: number;
}

const byName = (a: FleetRow, b: FleetRow): number => a.site.name.localeCompare(b.site.name) || a.id - b.id;
const newer = (a: SiteStatus, b: SiteStatus | undefined): boolean => !b || (a.polledAt ?? 0) >= (b.polledAt ?? 0);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class FleetStore {
  #rows = new Map<number, FleetRow>();
  /** Statuses for sites the register has not told us about yet (a create racing its first poll). */
  #orphans = new Map<number, SiteStatus>();
  #list: readonly FleetRow[] = [];
  #sites: readonly Site[] = [];
  #index = new Map<number, number>();
  #meta: FleetMeta = { loaded: false, error: null, paused: false, version: 0 };
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  /** All sites, by name; a new array only when something changed. */
  readonly getRows = (): readonly FleetRow[] => this.#list;
  readonly getMeta = (): FleetMeta => this.#meta;
  /** The register alone, by name: a new array only when a site was added, changed or removed. */
  readonly getSites = (): readonly Site[] => this.#sites;
  getRow(id: number): FleetRow | undefined {
    return this.#rows.get(id);
  }
  statusOf(id: number): SiteStatus | undefined {
    return this.#rows.get(id)?.status ?? undefined;
  }

  /** A whole snapshot (first load, register change, reconnect). Unchanged rows keep their identity. */
  replace(snapshot: FleetSnapshot): void {
    const statuses = new Map(snapshot.statuses.map((s) => [s.siteId, s]));
    const next = new Map<number, FleetRow>();
    for (const site of snapshot.sites) {
      const old = this.#rows.get(site.id);
      // A push that arrived while the snapshot was on its way may be newer than the snapshot.
      let status = statuses.get(site.id) ?? this.#orphans.get(site.id) ?? null;
      if (old?.status && status && !newer(status, old.status)) status = old.status;
      next.set(site.id, old && same(old.site, site) && same(old.status, status) ? old : makeRow(site, status));
    }
    this.#orphans.clear();
    this.#rows = next;
    this.#rebuildList();
    this.#setMeta({ loaded: true, error: null, paused: snapshot.paused });
  }

  /** A fleet.changed push: replaces just those rows. Returns how many rows changed. */
  applyStatuses(statuses: readonly SiteStatus[]): number {
    let list: FleetRow[] | null = null;
    for (const status of statuses) {
      const old = this.#rows.get(status.siteId);
      if (!old) {
        if (newer(status, this.#orphans.get(status.siteId))) this.#orphans.set(status.siteId, status);
        continue;
      }
      if (old.status && !newer(status, old.status)) continue;
      const row = makeRow(old.site, status);
      this.#rows.set(row.id, row);
      const at = this.#index.get(row.id);
      if (at === undefined) continue;
      list ??= this.#list.slice();
      list[at] = row;
    }
    if (!list) return 0;
    this.#list = list;
    this.#setMeta({});
    return statuses.length;
  }

  setPaused(paused: boolean): void {
    if (paused !== this.#meta.paused) this.#setMeta({ paused });
  }
  setError(error: string): void {
    this.#setMeta({ error });
  }
  #rebuildList(): void {
    const list = [...this.#rows.values()].sort(byName);
    this.#index = new Map(list.map((r, i) => [r.id, i]));
    this.#list = list;
    const sites = list.map((r) => r.site);
    if (sites.length !== this.#sites.length || sites.some((s, i) => s !== this.#sites[i])) this.#sites = sites;
  }

  #setMeta(patch: Partial<FleetMeta>): void {
    this.#meta = { ...this.#meta, ...patch, version: this.#meta.version + 1 };
    for (const l of this.#listeners) l();
  }
}
