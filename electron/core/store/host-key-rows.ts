// Host keys as both backends read them: a key waiting for a person, and a site's key facts
// for a bulk decision.
import type { WaitingKey } from '../../../shared/host-keys.ts';
import type { KeyFacts } from '../host-keys/decide.ts';

export interface WaitingRow { id: number; name: string; urn: number; area: string | null; host: string; port: number; hostkey_approved: string | null; hostkey_pending: string; hostkey_seen_at: number | null }
export interface FactsRow { id: number; name: string; archived_at: string | null; hostkey_approved: string | null; hostkey_pending: string | null }

export const toWaiting = (r: WaitingRow): WaitingKey => ({
  siteId: r.id,
  name: r.name,
  urn: r.urn,
  area: r.area,
  host: r.host,
  port: r.port,
  kind: r.hostkey_approved === null ? 'first-seen' : 'changed',
  pinned: r.hostkey_approved,
  presented: r.hostkey_pending,
  since: r.hostkey_seen_at,
});

export const toFacts = (rows: readonly FactsRow[]): Map<number, KeyFacts> =>
  new Map(rows.map((r) => [r.id, { siteId: r.id, name: r.name, archived: r.archived_at !== null, approved: r.hostkey_approved, pending: r.hostkey_pending }]));

/** Unreachable while reads and writes share one transaction; if it ever happens, nothing is half done. */
export const keyMoved = (siteId: number): Error => new Error(`host key of site ${siteId} moved during its decision`);
