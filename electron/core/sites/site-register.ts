// Changes to the site register, each with its audit entry in the same transaction.
import { EDITABLE_FIELDS, type Site, type SiteFields } from '../../../shared/site.ts';
import type { CoreContext } from '../context.ts';
import type { RequestContext } from '../operator.ts';
import { HOST_KEY_FORGOTTEN, type NewAuditEntry } from '../store/store.ts';

type Deps = Pick<CoreContext, 'store' | 'clock' | 'incidents' | 'incidentHandling'>;

/** Field → { before, after } for every field the edit changed. */
export function changedFields(before: Site, after: Site): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of EDITABLE_FIELDS) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}

export class SiteRegister {
  readonly #d: Deps;
  constructor(deps: Deps) {
    this.#d = deps;
  }

  create(fields: SiteFields, { actor }: RequestContext): Promise<Site> {
    return this.#d.store.withTransaction(async ({ sites, audit }) => {
      const site = await sites.create(fields);
      await audit.record(this.#entry(actor, 'site.create', site, { urn: site.urn, host: site.host, port: site.port, user: site.user }));
      return site;
    });
  }

  update(id: number, fields: SiteFields, { actor }: RequestContext): Promise<Site> {
    return this.#d.store.withTransaction(async ({ sites, pollState, audit }) => {
      const before = await sites.get(id);
      const after = await sites.update(id, fields);
      // A pinned key vouches for one address (host and port, as known_hosts keys it): a new one is approved afresh.
      const poll = await pollState.poll(id);
      const forget = (before.host !== after.host || before.port !== after.port) && (poll.hostkeyApproved !== null || poll.hostkeyPending !== null);
      if (forget) await pollState.forgetHostKey(id);
      await audit.record(this.#entry(actor, 'site.update', after, { changes: changedFields(before, after), ...(forget ? { hostKey: HOST_KEY_FORGOTTEN } : {}) }));
      return after;
    });
  }

  /**
   * Removing archives: the site leaves the fleet, its history stays for reports. Its open
   * incident is closed with a note saying why, since no poll will ever close it.
   */
  archive(id: number, { actor }: RequestContext): Promise<{ closedIncidentId: number | null }> {
    const { store, incidents, incidentHandling, clock } = this.#d;
    return store.withTransaction(async ({ sites, audit }) => {
      const site = await sites.archive(id, actor);
      const open = await incidents.closeForRemovedSite(id, clock.now());
      if (open !== null) {
        await incidentHandling.addNote(open, { author: actor, text: `Closed because ${site.name} was removed from the fleet by ${actor}. Its history is kept; restoring the site resumes polling.` });
      }
      await audit.record(this.#entry(actor, 'site.remove', site, { closedIncidentId: open }));
      return { closedIncidentId: open };
    });
  }

  restore(id: number, { actor }: RequestContext): Promise<Site> {
    return this.#d.store.withTransaction(async ({ sites, audit }) => {
      const site = await sites.restore(id);
      await audit.record(this.#entry(actor, 'site.restore', site, {}));
      return site;
    });
  }

  #entry(actor: string, action: string, site: Site, detail: Record<string, unknown>): NewAuditEntry {
    return { at: this.#d.clock.now(), actor, action, siteId: site.id, target: site.name, detail, outcome: 'ok' };
  }
}
