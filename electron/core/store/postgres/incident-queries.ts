// Incident lists for the UI on PostgreSQL: what is open now, a site's history, a time range, counts.
import type { FleetIncident, Incident, IncidentCounts } from '../../../../shared/incidents.ts';
import { toFleetIncident, toIncident, type FleetIncidentRow, type SiteIncidentRow } from '../incident-rows.ts';
import { SELECT_FLEET, SELECT_SITE } from './incident-sql.ts';
import type { PgDb } from './pg-db.ts';

// An incident belongs to [from, to) if it was open at any moment of it.
const OVERLAPS = 'i.opened_at < $2 AND (i.resolved_at IS NULL OR i.resolved_at >= $1)';

/** Per-site and per-fleet-incident lists, exported so their plans are tested. */
export const HOT_INCIDENT_QUERIES = {
  forSite: `${SELECT_SITE} WHERE i.site_id = $1 ORDER BY i.opened_at DESC, i.id DESC LIMIT $2`,
  children: `${SELECT_SITE} WHERE i.parent_id = $1 ORDER BY i.opened_at, i.id`,
};

export class PgIncidentQueries {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** Open site incidents, newest first, with the site's name and URN. */
  async open(): Promise<Incident[]> {
    const rows = await this.#db.query<SiteIncidentRow>(`${SELECT_SITE} WHERE i.state = 'open' ORDER BY i.opened_at DESC, i.id DESC`, [], 'incidentQueries.open');
    return rows.map(toIncident);
  }

  async openFleet(): Promise<FleetIncident[]> {
    const rows = await this.#db.query<FleetIncidentRow>(`${SELECT_FLEET} WHERE i.kind = 'fleet' AND i.state = 'open' ORDER BY i.opened_at DESC, i.id DESC`, [], 'incidentQueries.openFleet');
    return rows.map(toFleetIncident);
  }

  async recentForSite(siteId: number, limit = 20): Promise<Incident[]> {
    const rows = await this.#db.query<SiteIncidentRow>(HOT_INCIDENT_QUERIES.forSite, [siteId, limit], 'incidentQueries.forSite');
    return rows.map(toIncident);
  }

  /** The site incidents grouped under a fleet incident, in the order they went down. */
  async children(fleetId: number): Promise<Incident[]> {
    const rows = await this.#db.query<SiteIncidentRow>(HOT_INCIDENT_QUERIES.children, [fleetId], 'incidentQueries.children');
    return rows.map(toIncident);
  }

  /** Site incidents open at any moment in [from, to), epoch ms, newest first. */
  async inRange(from: number, to: number, limit = 1000): Promise<Incident[]> {
    const rows = await this.#db.query<SiteIncidentRow>(`${SELECT_SITE} WHERE i.kind = 'site' AND ${OVERLAPS} ORDER BY i.opened_at DESC, i.id DESC LIMIT $3`, [from, to, limit]);
    return rows.map(toIncident);
  }

  async fleetInRange(from: number, to: number, limit = 1000): Promise<FleetIncident[]> {
    const rows = await this.#db.query<FleetIncidentRow>(`${SELECT_FLEET} WHERE i.kind = 'fleet' AND ${OVERLAPS} ORDER BY i.opened_at DESC, i.id DESC LIMIT $3`, [from, to, limit]);
    return rows.map(toFleetIncident);
  }

  async counts(): Promise<IncidentCounts> {
    const r = await this.#db.one<{ open: number; acknowledged: number; resolved: number; fleet_open: number }>(`SELECT
      count(*) FILTER (WHERE kind = 'site' AND state = 'open' AND acknowledged_at IS NULL) AS open,
      count(*) FILTER (WHERE kind = 'site' AND state = 'open' AND acknowledged_at IS NOT NULL) AS acknowledged,
      count(*) FILTER (WHERE kind = 'site' AND state = 'resolved') AS resolved,
      count(*) FILTER (WHERE kind = 'fleet' AND state = 'open') AS fleet_open
      FROM incidents`);
    return { open: r.open, acknowledged: r.acknowledged, resolved: r.resolved, fleetOpen: r.fleet_open };
  }
}
