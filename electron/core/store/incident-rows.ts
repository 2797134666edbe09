// Incident rows as both backends read them, turned into the shapes the UI contract carries.
import type { Reason, Verdict } from '../../../shared/health/verdict.ts';
import type { FleetIncident, Incident, IncidentNote, IncidentState, NotificationState } from '../../../shared/incidents.ts';

interface BaseRow {
  id: number;
  state: string;
  first_verdict: string;
  verdict: string;
  reason_code: string;
  reasons: string;
  title: string;
  opened_at: number;
  updated_at: number;
  resolved_at: number | null;
  ttr_ms: number | null;
  notify_state: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  assignee: string | null;
  note_count: number;
}

export interface SiteIncidentRow extends BaseRow {
  site_id: number;
  site_name: string;
  site_urn: number;
  parent_id: number | null;
}

export interface FleetIncidentRow extends BaseRow {
  fleet_size: number;
  child_count: number;
  open_child_count: number;
}

export interface NoteRow {
  id: number;
  incident_id: number;
  author: string;
  text: string;
  at: number;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

const base = (r: BaseRow) => ({
  id: r.id,
  state: r.state as IncidentState,
  firstVerdict: r.first_verdict as Verdict,
  verdict: r.verdict as Verdict,
  reasonCode: r.reason_code,
  reasons: JSON.parse(r.reasons) as Reason[],
  title: r.title,
  openedAt: iso(r.opened_at),
  updatedAt: iso(r.updated_at),
  resolvedAt: isoOrNull(r.resolved_at),
  ttrMs: r.ttr_ms,
  notification: r.notify_state as NotificationState,
  acknowledgedAt: isoOrNull(r.acknowledged_at),
  acknowledgedBy: r.acknowledged_by,
  assignee: r.assignee,
  noteCount: r.note_count,
});

export const toIncident = (r: SiteIncidentRow): Incident => ({
  kind: 'site',
  ...base(r),
  siteId: r.site_id,
  siteName: r.site_name,
  siteUrn: r.site_urn,
  parentId: r.parent_id,
});

export const toFleetIncident = (r: FleetIncidentRow): FleetIncident => ({
  kind: 'fleet',
  ...base(r),
  siteCount: r.child_count,
  openSiteCount: r.open_child_count,
  fleetSize: r.fleet_size,
});

export const toNote = (r: NoteRow): IncidentNote => ({ id: r.id, incidentId: r.incident_id, author: r.author, text: r.text, at: iso(r.at) });
