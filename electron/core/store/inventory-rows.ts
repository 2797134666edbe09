// What both backends share for the host inventory's write: its shapes, and the audit entry
// each changed site gets (the fields before and after, and a forgotten pin said in words).
import type { SiteChange } from '../../../shared/inventory.ts';
import type { Site, SiteFields } from '../../../shared/site.ts';
import type { NewAuditEntry } from './audit-rows.ts';
import { HOST_KEY_FORGOTTEN } from './poll-rows.ts';

export interface PollFacts {
  credentialId: number | null;
  hostKeyKnown: boolean;
}

/** One site's write: its new register fields, its credential when that changes, and the pin to forget. */
export interface SiteWrite {
  change: SiteChange;
  fields: SiteFields;
  /** undefined: leave the credential as it is. */
  credentialId?: number;
}

export function siteUpdateEntry(w: SiteWrite, site: Site, audit: { at: number; actor: string; source: string }): NewAuditEntry {
  const changes = Object.fromEntries(w.change.changes.map((c) => [c.field, { before: c.before, after: c.after }]));
  return {
    at: audit.at,
    actor: audit.actor,
    action: 'site.update',
    siteId: site.id,
    target: site.name,
    detail: { source: audit.source, changes, ...(w.change.forgetsHostKey ? { hostKey: HOST_KEY_FORGOTTEN } : {}) },
    outcome: 'ok',
  };
}
