// What an inventory import row or a bulk edit does to one site: pure, from what was read.
import { createHash } from 'node:crypto';
import { joinTags, type FieldChange, type InventoryField, type SiteChange } from '../../../shared/inventory.ts';
import type { Site } from '../../../shared/site.ts';

/** The part of a site the inventory covers. Sites imported from GIAS may have no host yet. */
export interface Reach {
  host: string | null;
  port: number;
  user: string | null;
  /** The credential's name as polls resolve it (its own, else the default); null when none is stored. */
  credential: string | null;
  tags: string[];
  area: string | null;
}

/** A site as the planners see it. `host` is read as possibly null (see Reach). */
export interface SiteFacts {
  site: Pick<Site, 'id' | 'urn' | 'name' | 'port' | 'user' | 'tags' | 'area' | 'demo' | 'archivedAt'> & { host: string | null };
  credential: string | null;
  /** A host key is pinned or waiting for approval. */
  hostKeyKnown: boolean;
}

export type ReachPatch = Partial<Reach>;

export const reachOf = (f: SiteFacts): Reach => ({
  host: f.site.host,
  port: f.site.port,
  user: f.site.user,
  credential: f.credential,
  tags: [...f.site.tags],
  area: f.site.area,
});

const shown = (field: InventoryField, r: Reach): string => {
  if (field === 'tags') return joinTags(r.tags);
  if (field === 'port') return String(r.port);
  return r[field] ?? '';
};

/** Changes the version: anyone editing the site between preview and apply moves it. */
export function versionOf(f: SiteFacts): string {
  return createHash('sha256').update(JSON.stringify([reachOf(f), f.hostKeyKnown])).digest('base64url').slice(0, 22);
}

/** A site is set up with both a host and a user, or waits with neither (migration 010). */
export function halfSetUp(after: Reach): string | null {
  if ((after.host === null) === (after.user === null)) return null;
  return after.host === null ? 'a user needs a host: this school is not set up yet, so give both' : 'a host needs a user: this school is not set up yet, so give both';
}

/** Why the inventory may not touch this site, or null. */
export function untouchable(f: SiteFacts): string | null {
  if (f.site.archivedAt !== null) return `${f.site.name} was removed from the fleet: restore it first`;
  if (f.site.demo) return `${f.site.name} is a demo site: it comes from the simulator and cannot be edited`;
  return null;
}

const sameTags = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((t, i) => t === b[i]);

/** The site after the patch and what that changes; null when it changes nothing. */
export function decideChange(f: SiteFacts, patch: ReachPatch): { change: SiteChange; after: Reach } | null {
  const before = reachOf(f);
  const after: Reach = { ...before, ...definedOnly(patch) };
  after.tags = [...new Set(after.tags)];
  const changes: FieldChange[] = [];
  for (const field of ['host', 'port', 'user', 'credential', 'tags', 'area'] as const) {
    const differs = field === 'tags' ? !sameTags(before.tags, after.tags) : before[field] !== after[field];
    if (differs) changes.push({ field, before: shown(field, before), after: shown(field, after) });
  }
  if (changes.length === 0) return null;
  // A pin vouches for the key seen at one address (host and port, as known_hosts keys it):
  // a new address must present its key for approval, never pass on the old one's.
  const moved = before.host !== after.host || before.port !== after.port;
  const change: SiteChange = { siteId: f.site.id, urn: f.site.urn, name: f.site.name, version: versionOf(f), changes, forgetsHostKey: moved && f.hostKeyKnown };
  return { change, after };
}

function definedOnly(patch: ReachPatch): ReachPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
