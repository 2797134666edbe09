// Changes to the site register, each with its audit entry in the same transaction.
import { EDITABLE_FIELDS, type Site, type SiteFields } from '../../../shared/site.ts';
import type { CoreContext } from '../context.ts';
import type { RequestContext } from '../operator.ts';
import { HOST_KEY_FORGOTTEN } from '../store/store.ts';

type Deps = Pick<CoreContext, 'store' | 'sites' | 'audit' | 'clock' | 'incidents' | 'incidentHandling' | 'pollState'>;

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

  create(fields: SiteFields, { actor }: RequestContext): Site {
    const { store, sites } = this.#d;
    return store.withTransaction(() => {
      const site = sites.create(fields);
      this.#audit(actor, 'site.create', site, { urn: site.urn, host: site.host, port: site.port, user: site.user });
      return site;
    });
  }

  update(id: number, fields: SiteFields, { actor }: RequestContext): Site {
    const { store, sites } = this.#d;
    return store.withTransaction(() => {
      const before = sites.get(id);
      const after = sites.update(id, fields);
      // A pinned key vouches for one address (host and port, as known_hosts keys it): a new one is approved afresh.
      const poll = this.#d.pollState.poll(id);
      const forget = (before.host !== after.host || before.port !== after.port) && (poll.hostkeyApproved !== null || poll.hostkeyPending !== null);
      if (forget) this.#d.pollState.forgetHostKey(id);
      this.#audit(actor, 'site.update', after, { changes: changedFields(before, after), ...(forget ? { hostKey: HOST_KEY_FORGOTTEN } : {}) });
      return after;
    });
  }

  /**
   * Removing archives: the site leaves the fleet, its history stays for reports. Its open
   * incident is closed with a note saying why, since no poll will ever close it.
   */
  archive(id: number, { actor }: RequestContext): { closedIncidentId: number | null } {
    const { store, sites, incidents, incidentHandling, clock } = this.#d;
    return store.withTransaction(() => {
      const site = sites.archive(id, actor);
      const open = incidents.closeForRemovedSite(id, clock.now());
      if (open !== null) {
        incidentHandling.addNote(open, { author: actor, text: `Closed because ${site.name} was removed from the fleet by ${actor}. Its history is kept; restoring the site resumes polling.` });
      }
      this.#audit(actor, 'site.remove', site, { closedIncidentId: open });
      return { closedIncidentId: open };
    });
  }

  restore(id: number, { actor }: RequestContext): Site {
    const { store, sites } = this.#d;
    return store.withTransaction(() => {
      const site = sites.restore(id);
      this.#audit(actor, 'site.restore', site, {});
      return site;
    });
  }

  #audit(actor: string, action: string, site: Site, detail: Record<string, unknown>): void {
    this.#d.audit.record({ at: this.#d.clock.now(), actor, action, siteId: site.id, target: site.name, detail, outcome: 'ok' });
  }
}
