// Host keys waiting for a person, and the bulk decision on them: read, decide (a pure
// function the caller gives) and write, with one audit entry per site, in one transaction.
import type { WaitingKey } from '../../../../shared/host-keys.ts';
import type { KeyDecisions, KeyFacts, KeyWrite } from '../../host-keys/decide.ts';
import type { AuditRepo, NewAuditEntry } from './audit-repo.ts';
import { keyMoved, toFacts, toWaiting, type FactsRow, type WaitingRow } from '../host-key-rows.ts';
import type { Db } from './db.ts';

export class HostKeyRepo {
  readonly #db: Db;
  readonly #audit: AuditRepo;
  readonly #s;

  constructor(db: Db, audit: AuditRepo) {
    this.#db = db;
    this.#audit = audit;
    this.#s = {
      waiting: db.prepare<[], WaitingRow>(
        `SELECT s.id, s.name, s.urn, s.area, s.host, s.port, p.hostkey_approved, p.hostkey_pending, p.hostkey_seen_at
         FROM site_poll p JOIN sites s ON s.id = p.site_id
         WHERE p.hostkey_pending IS NOT NULL AND s.archived_at IS NULL ORDER BY p.hostkey_seen_at, s.name`,
      ),
      facts: db.prepare<[string], FactsRow>(
        `SELECT s.id, s.name, s.archived_at, p.hostkey_approved, p.hostkey_pending
         FROM sites s LEFT JOIN site_poll p ON p.site_id = s.id WHERE s.id IN (SELECT value FROM json_each(?))`,
      ),
      revoked: db.prepare<[], { fingerprint: string }>('SELECT fingerprint FROM revoked_host_keys'),
      revoke: db.prepare<{ fp: string; source: string; by: string; at: number }>(
        'INSERT INTO revoked_host_keys (fingerprint, source, recorded_by, recorded_at) VALUES (@fp, @source, @by, @at) ON CONFLICT (fingerprint) DO NOTHING',
      ),
      // Each write names the key it decides on, so a key that moved since the read is not touched.
      approve: db.prepare<{ id: number; fp: string; at: number; by: string }>(
        'UPDATE site_poll SET hostkey_approved = @fp, hostkey_pending = NULL, hostkey_rejected = NULL, hostkey_approved_at = @at, hostkey_approved_by = @by WHERE site_id = @id AND hostkey_pending = @fp',
      ),
      reject: db.prepare<{ id: number; fp: string; at: number; by: string }>(
        'UPDATE site_poll SET hostkey_rejected = @fp, hostkey_pending = NULL, hostkey_rejected_at = @at, hostkey_rejected_by = @by WHERE site_id = @id AND hostkey_pending = @fp',
      ),
    };
  }

  waiting(): WaitingKey[] {
    return this.#s.waiting.all().map(toWaiting);
  }

  /** Keys any checked known_hosts marked @revoked: never approved. */
  revoked(): Set<string> {
    return new Set(this.#s.revoked.all().map((r) => r.fingerprint));
  }

  /** Keeps the revoked keys a known_hosts listed, with one audit entry naming the new ones; returns how many were new. */
  recordRevoked(fingerprints: readonly string[], source: string, at: number, actor: string): number {
    return this.#db.transaction(() => {
      const added = fingerprints.filter((fp) => this.#s.revoke.run({ fp, source, by: actor, at }).changes === 1);
      if (added.length) this.#audit.record({ at, actor, action: 'hostkey.revoked', siteId: null, target: source, detail: { fingerprints: added }, outcome: 'ok' });
      return added.length;
    })();
  }

  /** Reads the sites' keys, lets `decide` choose, and writes its choices and their audit entries: all or nothing. */
  settle(siteIds: readonly number[], decide: (facts: Map<number, KeyFacts>, revoked: ReadonlySet<string>) => KeyDecisions, audit: (w: KeyWrite) => NewAuditEntry, at: number, actor: string): KeyDecisions {
    return this.#db.transaction(() => {
      const rows = this.#s.facts.all(JSON.stringify([...new Set(siteIds)]));
      const decided = decide(toFacts(rows), this.revoked());
      for (const w of decided.writes) {
        const changed = (w.decision === 'approve' ? this.#s.approve : this.#s.reject).run({ id: w.siteId, fp: w.fingerprint, at, by: actor }).changes;
        if (changed !== 1) throw keyMoved(w.siteId);
        this.#audit.record(audit(w));
      }
      return decided;
    })();
  }
}
