// Host keys waiting for a person on PostgreSQL, as SQLite's HostKeyRepo: read, decide (the
// caller's pure function) and write, with one audit entry per site, in one transaction. Each
// write names the key it decides on, so a key another collector moved meanwhile is not touched
// (the whole decision is refused instead).
import type { WaitingKey } from '../../../../shared/host-keys.ts';
import type { KeyDecisions, KeyFacts, KeyWrite } from '../../host-keys/decide.ts';
import type { NewAuditEntry } from '../audit-rows.ts';
import { keyMoved, toFacts, toWaiting, type FactsRow, type WaitingRow } from '../host-key-rows.ts';
import type { StoreAreas } from '../store.ts';
import { builtArea } from './built-area.ts';
import type { PgDb } from './pg-db.ts';

// SQLite sorts NULLs first and text by bytes.
const WAITING = `SELECT s.id, s.name, s.urn, s.area, s.host, s.port, p.hostkey_approved, p.hostkey_pending, p.hostkey_seen_at
  FROM site_poll p JOIN sites s ON s.id = p.site_id
  WHERE p.hostkey_pending IS NOT NULL AND s.archived_at IS NULL ORDER BY p.hostkey_seen_at NULLS FIRST, s.name COLLATE "C"`;
const FACTS = `SELECT s.id, s.name, s.archived_at, p.hostkey_approved, p.hostkey_pending
  FROM sites s LEFT JOIN site_poll p ON p.site_id = s.id WHERE s.id = ANY($1::bigint[])`;
const DECIDE = {
  approve: 'UPDATE site_poll SET hostkey_approved = $2, hostkey_pending = NULL, hostkey_rejected = NULL, hostkey_approved_at = $3, hostkey_approved_by = $4 WHERE site_id = $1 AND hostkey_pending = $2',
  reject: 'UPDATE site_poll SET hostkey_rejected = $2, hostkey_pending = NULL, hostkey_rejected_at = $3, hostkey_rejected_by = $4 WHERE site_id = $1 AND hostkey_pending = $2',
} as const;

export class PgHostKeyRepo {
  readonly #db: PgDb;
  readonly #audit: StoreAreas['audit'];

  constructor(db: PgDb, built: Partial<StoreAreas>) {
    this.#db = db;
    this.#audit = builtArea(built, 'audit', 'hostKeys');
  }

  async waiting(): Promise<WaitingKey[]> {
    return (await this.#db.query<WaitingRow>(WAITING)).map(toWaiting);
  }

  /** Keys any checked known_hosts marked @revoked: never approved. */
  async revoked(): Promise<Set<string>> {
    return new Set((await this.#db.query<{ fingerprint: string }>('SELECT fingerprint FROM revoked_host_keys')).map((r) => r.fingerprint));
  }

  /** Keeps the revoked keys a known_hosts listed, with one audit entry naming the new ones; returns how many were new. */
  async recordRevoked(fingerprints: readonly string[], source: string, at: number, actor: string): Promise<number> {
    return this.#db.transaction(async () => {
      const added: string[] = [];
      for (const fp of fingerprints) {
        const n = await this.#db.run(
          'INSERT INTO revoked_host_keys (fingerprint, source, recorded_by, recorded_at) VALUES ($1, $2, $3, $4) ON CONFLICT (fingerprint) DO NOTHING',
          [fp, source, actor, at],
        );
        if (n === 1) added.push(fp);
      }
      if (added.length) await this.#audit.record({ at, actor, action: 'hostkey.revoked', siteId: null, target: source, detail: { fingerprints: added }, outcome: 'ok' });
      return added.length;
    });
  }

  /** Reads the sites' keys, lets `decide` choose, and writes its choices and their audit entries: all or nothing. */
  async settle(siteIds: readonly number[], decide: (facts: Map<number, KeyFacts>, revoked: ReadonlySet<string>) => KeyDecisions, audit: (w: KeyWrite) => NewAuditEntry, at: number, actor: string): Promise<KeyDecisions> {
    return this.#db.transaction(async () => {
      const rows = await this.#db.query<FactsRow>(FACTS, [[...new Set(siteIds)]]);
      const decided = decide(toFacts(rows), await this.revoked());
      for (const w of decided.writes) {
        const changed = await this.#db.run(DECIDE[w.decision], [w.siteId, w.fingerprint, at, actor]);
        if (changed !== 1) throw keyMoved(w.siteId);
        await this.#audit.record(audit(w));
      }
      return decided;
    });
  }
}
