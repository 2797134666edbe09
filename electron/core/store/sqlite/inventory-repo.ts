// The host inventory's reads and its one write: sites' reach, credentials and host-key pins,
// with an audit entry per changed site, all in one transaction.
import type { Site } from '../../../../shared/site.ts';
import { siteUpdateEntry, type PollFacts, type SiteWrite } from '../inventory-rows.ts';
import type { AuditRepo } from './audit-repo.ts';
import type { Db } from './db.ts';
import type { PollStateRepo } from './poll-state-repo.ts';
import type { SitesRepo } from './sites-repo.ts';

export type { PollFacts, SiteWrite } from '../inventory-rows.ts';

export class InventoryRepo {
  readonly #sites: SitesRepo;
  readonly #audit: AuditRepo;
  readonly #pollState: PollStateRepo;
  readonly #s;

  constructor(db: Db, sites: SitesRepo, audit: AuditRepo, pollState: PollStateRepo) {
    this.#sites = sites;
    this.#audit = audit;
    this.#pollState = pollState;
    this.#s = {
      poll: db.prepare<[], { site_id: number; credential_id: number | null; known: number }>(
        'SELECT site_id, credential_id, (hostkey_approved IS NOT NULL OR hostkey_pending IS NOT NULL) AS known FROM site_poll',
      ),
      ensurePoll: db.prepare<[number]>('INSERT OR IGNORE INTO site_poll (site_id) VALUES (?)'),
      setCredential: db.prepare<[number | null, number]>('UPDATE site_poll SET credential_id = ? WHERE site_id = ?'),
    };
  }

  /** Every site, removed ones too (an import names them by URN and must say why it cannot touch them). */
  allSites(): Site[] {
    return [...this.#sites.list(), ...this.#sites.listArchived()];
  }

  pollFacts(): Map<number, PollFacts> {
    return new Map(this.#s.poll.all().map((r) => [r.site_id, { credentialId: r.credential_id, hostKeyKnown: r.known === 1 }]));
  }

  /** Writes every site's change with its audit entry. Call inside the store's withTransaction(). */
  write(writes: readonly SiteWrite[], audit: { at: number; actor: string; source: string }): void {
    for (const w of writes) {
      const site = this.#sites.update(w.change.siteId, w.fields);
      if (w.credentialId !== undefined) {
        this.#s.ensurePoll.run(site.id);
        this.#s.setCredential.run(w.credentialId, site.id);
      }
      if (w.change.forgetsHostKey) this.#pollState.forgetHostKey(site.id);
      this.#audit.record(siteUpdateEntry(w, site, audit));
    }
  }
}
