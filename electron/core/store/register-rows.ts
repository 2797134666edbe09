// What both backends share for the register's GIAS writes and academy conversions: the fixed
// map from a GIAS field to its column (nothing from a file names a column), the register as a
// conversion sees it, and how a successor takes over the predecessor's tags and notes.
import type { GiasField } from '../../../shared/register.ts';
import type { RegisterEntry } from '../register/conversions.ts';

export const GIAS_COLUMN: Record<GiasField, string> = {
  laestab: 'laestab', name: 'name', type: 'type', typeGroup: 'type_group', phase: 'phase', pupils: 'pupils', trust: 'trust',
  postcode: 'postcode', street: 'street', town: 'town', giasStatus: 'gias_status', latitude: 'latitude', longitude: 'longitude',
};

export interface EntryRow {
  id: number;
  urn: number;
  laestab: string | null;
  name: string;
  host: string | null;
  port: number;
  user: string | null;
  archived: number;
  area: string | null;
  tags: string;
  notes: string;
  credential: string | null;
  pinned: number;
  template: string | null;
  override: number;
}

export const toRegisterEntry = (r: EntryRow): RegisterEntry => ({
  siteId: r.id,
  urn: r.urn,
  laestab: r.laestab,
  name: r.name,
  host: r.host,
  port: r.port,
  user: r.user,
  archived: r.archived === 1,
  area: r.area,
  tags: JSON.parse(r.tags) as string[],
  notes: r.notes,
  credential: r.credential,
  hostKeyPinned: r.pinned === 1,
  template: r.template,
  hasOverride: r.override === 1,
});

/** The successor keeps its own tags and notes and gains the predecessor's (its notes first); null: the successor was not read. */
export function carriedOver(reach: { tags: readonly string[]; notes: string }, successor: { tags: string; notes: string } | null): { tags: string; notes: string } {
  const existing = successor ? (JSON.parse(successor.tags) as string[]) : [];
  return {
    tags: JSON.stringify([...new Set([...reach.tags, ...existing])]),
    notes: [reach.notes.trim(), successor?.notes.trim() ?? ''].filter(Boolean).join('\n\n'),
  };
}

export const CONVERSION_ERRORS = {
  successorMoved: (urn: number) => `URN ${urn} changed since the preview (it has a host now, or was removed): look again`,
  predecessorMoved: (urn: number) => `URN ${urn} was removed since the preview: look again`,
} as const;
