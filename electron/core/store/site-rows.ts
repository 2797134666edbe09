// A sites row as both backends store it, and the Site the core sees: one mapping, so a
// column read differently on one backend shows up in the contract tests, not in the fleet.
import type { Site, SiteFields } from '../../../shared/site.ts';

export interface SiteRow {
  id: number;
  urn: number;
  laestab: string | null;
  name: string;
  type: string | null;
  type_group: string | null;
  phase: string | null;
  trust: string | null;
  area: string | null;
  pupils: number | null;
  latitude: number | null;
  longitude: number | null;
  host: string | null;
  port: number;
  user: string | null;
  tags: string;
  postcode: string | null;
  street: string | null;
  town: string | null;
  gias_status: string | null;
  location_source: 'gias' | 'postcode' | 'manual' | null;
  notes: string;
  demo: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  archived_by: string | null;
}

export const toSite = (r: SiteRow): Site => ({
  id: r.id,
  urn: r.urn,
  laestab: r.laestab,
  name: r.name,
  type: r.type,
  typeGroup: r.type_group,
  phase: r.phase,
  trust: r.trust,
  area: r.area,
  pupils: r.pupils,
  latitude: r.latitude,
  longitude: r.longitude,
  host: r.host,
  port: r.port,
  user: r.user,
  tags: JSON.parse(r.tags) as string[],
  postcode: r.postcode,
  street: r.street,
  town: r.town,
  giasStatus: r.gias_status,
  locationSource: r.location_source,
  notes: r.notes,
  demo: r.demo === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at,
  archivedBy: r.archived_by,
});

/** The columns a person's edit writes, by column name; tags are stored once each. */
export const siteColumns = (s: SiteFields) => ({
  urn: s.urn,
  laestab: s.laestab,
  name: s.name,
  type: s.type,
  type_group: s.typeGroup,
  phase: s.phase,
  trust: s.trust,
  area: s.area,
  pupils: s.pupils,
  latitude: s.latitude,
  longitude: s.longitude,
  host: s.host,
  port: s.port,
  user: s.user,
  tags: JSON.stringify([...new Set(s.tags)]),
  notes: s.notes,
});

/** Why a URN cannot be taken: the URN stays with an archived site, so re-adding a school brings back its history. */
export function urnTakenMessage(urn: number, other: { name: string; archived_at: string | null }): string {
  return other.archived_at
    ? `URN ${urn} belongs to ${other.name}, which was removed: restore it from Removed sites`
    : `URN ${urn} is already registered to ${other.name}`;
}

/** The checks before an edit, the same on both backends. */
export const SITE_ERRORS = {
  notFound: (id: number) => `No site with id ${id}`,
  demoEdit: 'Demo sites come from the simulator and cannot be edited',
  archivedEdit: (name: string) => `${name} has been removed: restore it before editing`,
  alreadyArchived: (name: string) => `${name} has already been removed`,
  notArchived: (name: string) => `${name} is not removed`,
  converted: (name: string, successor: { urn: number; name: string }) =>
    `${name} became URN ${successor.urn} (${successor.name}) in an academy conversion; its history is part of that site's`,
  demoOnly: 'Only demo sites can be deleted; real sites are archived',
} as const;
