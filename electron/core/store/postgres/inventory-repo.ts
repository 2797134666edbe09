// The host inventory on PostgreSQL, as SQLite's InventoryRepo: sites' reach, credentials and
// host-key pins, with an audit entry per changed site, through the sites, pollState and audit areas.
import type { Site } from '../../../../shared/site.ts';
import { siteUpdateEntry, type PollFacts, type SiteWrite } from '../inventory-rows.ts';
import type { StoreAreas } from '../store.ts';
import { builtArea } from './built-area.ts';
import type { PgDb } from './pg-db.ts';

export class PgInventoryRepo {
  readonly #db: PgDb;
  readonly #sites: StoreAreas['sites'];
  readonly #audit: StoreAreas['audit'];
  readonly #pollState: StoreAreas['pollState'];

  constructor(db: PgDb, built: Partial<StoreAreas>) {
    this.#db = db;
    this.#sites = builtArea(built, 'sites', 'inventory');
    this.#audit = builtArea(built, 'audit', 'inventory');
    this.#pollState = builtArea(built, 'pollState', 'inventory');
  }

  /** Every site, removed ones too (an import names them by URN and must say why it cannot touch them). */
  async allSites(): Promise<Site[]> {
    return [...(await this.#sites.list()), ...(await this.#sites.listArchived())];
  }

  async pollFacts(): Promise<Map<number, PollFacts>> {
    const rows = await this.#db.query<{ site_id: number; credential_id: number | null; known: boolean }>(
      'SELECT site_id, credential_id, (hostkey_approved IS NOT NULL OR hostkey_pending IS NOT NULL) AS known FROM site_poll',
    );
    return new Map(rows.map((r) => [r.site_id, { credentialId: r.credential_id, hostKeyKnown: r.known }]));
  }

  /**
   * Writes every site's change with its audit entry. Call inside the store's withTransaction();
   * it is a savepoint of it (or its own transaction), so one refused site leaves nothing half written.
   */
  async write(writes: readonly SiteWrite[], audit: { at: number; actor: string; source: string }): Promise<void> {
    await this.#db.transaction(async () => {
      for (const w of writes) {
        const site = await this.#sites.update(w.change.siteId, w.fields);
        if (w.credentialId !== undefined) {
          await this.#db.run(
            'INSERT INTO site_poll (site_id, credential_id) VALUES ($1, $2) ON CONFLICT (site_id) DO UPDATE SET credential_id = excluded.credential_id',
            [site.id, w.credentialId],
          );
        }
        if (w.change.forgetsHostKey) await this.#pollState.forgetHostKey(site.id);
        await this.#audit.record(siteUpdateEntry(w, site, audit));
      }
    });
  }
}
