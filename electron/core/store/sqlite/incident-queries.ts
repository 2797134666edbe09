// Incident lists for the UI: what is open now, a site's history, a time range, counts.
import type { FleetIncident, Incident, IncidentCounts } from '../../../../shared/incidents.ts';
import type { Db } from './db.ts';
import { toFleetIncident, toIncident, type FleetIncidentRow, type SiteIncidentRow } from '../incident-rows.ts';
import { SELECT_FLEET, SELECT_SITE } from './incident-rows.ts';

interface Range {
  from: number;
  to: number;
  limit: number;
}

// An incident belongs to [from, to) if it was open at any moment of it.
const OVERLAPS = 'i.opened_at < @to AND (i.resolved_at IS NULL OR i.resolved_at >= @from)';

export class IncidentQueries {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      open: db.prepare<[], SiteIncidentRow>(`${SELECT_SITE} WHERE i.state = 'open' ORDER BY i.opened_at DESC, i.id DESC`),
      openFleet: db.prepare<[], FleetIncidentRow>(`${SELECT_FLEET} WHERE i.kind = 'fleet' AND i.state = 'open' ORDER BY i.opened_at DESC, i.id DESC`),
      forSite: db.prepare<[number, number], SiteIncidentRow>(`${SELECT_SITE} WHERE i.site_id = ? ORDER BY i.opened_at DESC, i.id DESC LIMIT ?`),
      children: db.prepare<[number], SiteIncidentRow>(`${SELECT_SITE} WHERE i.parent_id = ? ORDER BY i.opened_at, i.id`),
      siteRange: db.prepare<[Range], SiteIncidentRow>(`${SELECT_SITE} WHERE i.kind = 'site' AND ${OVERLAPS} ORDER BY i.opened_at DESC, i.id DESC LIMIT @limit`),
      fleetRange: db.prepare<[Range], FleetIncidentRow>(`${SELECT_FLEET} WHERE i.kind = 'fleet' AND ${OVERLAPS} ORDER BY i.opened_at DESC, i.id DESC LIMIT @limit`),
      counts: db.prepare<[], { open: number | null; acknowledged: number | null; resolved: number | null; fleet_open: number | null }>(`SELECT
        sum(kind = 'site' AND state = 'open' AND acknowledged_at IS NULL) AS open,
        sum(kind = 'site' AND state = 'open' AND acknowledged_at IS NOT NULL) AS acknowledged,
        sum(kind = 'site' AND state = 'resolved') AS resolved,
        sum(kind = 'fleet' AND state = 'open') AS fleet_open
        FROM incidents`),
    };
  }

  /** Open site incidents, newest first, with the site's name and URN. */
  open(): Incident[] {
    return this.stmts.open.all().map(toIncident);
  }

  openFleet(): FleetIncident[] {
    return this.stmts.openFleet.all().map(toFleetIncident);
  }

  recentForSite(siteId: number, limit = 20): Incident[] {
    return this.stmts.forSite.all(siteId, limit).map(toIncident);
  }

  /** The site incidents grouped under a fleet incident, in the order they went down. */
  children(fleetId: number): Incident[] {
    return this.stmts.children.all(fleetId).map(toIncident);
  }

  /** Site incidents open at any moment in [from, to), epoch ms, newest first. */
  inRange(from: number, to: number, limit = 1000): Incident[] {
    return this.stmts.siteRange.all({ from, to, limit }).map(toIncident);
  }

  fleetInRange(from: number, to: number, limit = 1000): FleetIncident[] {
    return this.stmts.fleetRange.all({ from, to, limit }).map(toFleetIncident);
  }

  counts(): IncidentCounts {
    const r = this.stmts.counts.get();
    return { open: r?.open ?? 0, acknowledged: r?.acknowledged ?? 0, resolved: r?.resolved ?? 0, fleetOpen: r?.fleet_open ?? 0 };
  }
}
