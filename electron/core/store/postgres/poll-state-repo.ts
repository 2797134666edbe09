// Per-site poller state on PostgreSQL, as SQLite's PollStateRepo. The poller calls most of
// these per site per poll, so each is one named statement: a missing site_poll row is created
// by the same statement that writes it (INSERT ... ON CONFLICT), not by a second round trip.
import type { AgentConfig } from '../../../../shared/protocol/v1.ts';
import { toConfig, toPoll, toState, toWindow, type MaintenanceWindow, type PollRow, type SitePoll, type SiteState, type StateRow, type WindowRow } from '../poll-rows.ts';
import type { PgDb } from './pg-db.ts';

const STATE_COLUMNS = 'site_id, verdict, candidate, candidate_n, raw_verdict, reasons, datasets, ts, since, last_ok_at, latency_ms, failures, status_json, agent_version';

/** The hot statements, exported for the EXPLAIN tests. */
export const POLL_STATE_SQL = {
  poll: 'SELECT * FROM site_poll WHERE site_id = $1',
  state: `SELECT ${STATE_COLUMNS} FROM site_latest WHERE site_id = $1`,
  config: 'SELECT hash, config_json FROM site_config WHERE site_id = $1',
  inMaintenance: 'SELECT EXISTS (SELECT 1 FROM maintenance_windows WHERE ends_at > $1 AND starts_at <= $1 AND (site_id IS NULL OR site_id = $2)) AS active',
  maintenanceFrom: 'SELECT site_id, starts_at, ends_at FROM maintenance_windows WHERE ends_at > $1 ORDER BY starts_at, id',
} as const;

export class PgPollStateRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async poll(siteId: number): Promise<SitePoll> {
    return toPoll((await this.#db.maybeOne<PollRow>(POLL_STATE_SQL.poll, [siteId], 'pollState.poll')) ?? undefined, siteId);
  }

  async allPoll(): Promise<Map<number, SitePoll>> {
    const rows = await this.#db.query<PollRow>('SELECT * FROM site_poll', [], 'pollState.allPoll');
    return new Map(rows.map((r) => [r.site_id, toPoll(r, r.site_id)]));
  }

  /** A person approved this key: it becomes the pin, and polling may proceed. */
  async approveHostKey(siteId: number, fingerprint: string, at: number, by: string): Promise<void> {
    await this.#db.run(
      `INSERT INTO site_poll (site_id, hostkey_approved, hostkey_approved_at, hostkey_approved_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (site_id) DO UPDATE SET hostkey_approved = excluded.hostkey_approved, hostkey_pending = NULL, hostkey_rejected = NULL,
         hostkey_approved_at = excluded.hostkey_approved_at, hostkey_approved_by = excluded.hostkey_approved_by`,
      [siteId, fingerprint, at, by],
      'pollState.approveHostKey',
    );
  }

  /** A key seen but not approved: recorded, never trusted. A repeat sighting keeps its first time; a refused key is not offered again. */
  async recordPendingHostKey(siteId: number, fingerprint: string, at: number): Promise<void> {
    await this.#db.run(
      `INSERT INTO site_poll (site_id, hostkey_pending, hostkey_seen_at) VALUES ($1, $2, $3)
       ON CONFLICT (site_id) DO UPDATE SET
         hostkey_seen_at = CASE WHEN site_poll.hostkey_pending IS NOT DISTINCT FROM excluded.hostkey_pending THEN site_poll.hostkey_seen_at ELSE excluded.hostkey_seen_at END,
         hostkey_pending = excluded.hostkey_pending
       WHERE site_poll.hostkey_rejected IS DISTINCT FROM excluded.hostkey_pending`,
      [siteId, fingerprint, at],
      'pollState.recordPendingHostKey',
    );
  }

  /** The host showed the pinned key again: a key offered or refused before is no longer in question. */
  async settleHostKey(siteId: number): Promise<void> {
    await this.#db.run(
      'UPDATE site_poll SET hostkey_pending = NULL, hostkey_rejected = NULL WHERE site_id = $1 AND (hostkey_pending IS NOT NULL OR hostkey_rejected IS NOT NULL)',
      [siteId],
      'pollState.settleHostKey',
    );
  }

  /** The site moved to a new address: a pin vouches for one address only, so the next key is approved afresh. */
  async forgetHostKey(siteId: number): Promise<void> {
    await this.#db.run(
      'UPDATE site_poll SET hostkey_approved = NULL, hostkey_pending = NULL, hostkey_rejected = NULL, hostkey_seen_at = NULL, hostkey_approved_at = NULL, hostkey_approved_by = NULL WHERE site_id = $1',
      [siteId],
    );
  }

  async setPollSettings(siteId: number, s: Pick<SitePoll, 'intervalS' | 'credentialId' | 'alertsMuted'>): Promise<void> {
    await this.#db.run(
      `INSERT INTO site_poll (site_id, interval_s, credential_id, alerts_muted) VALUES ($1, $2, $3, $4)
       ON CONFLICT (site_id) DO UPDATE SET interval_s = excluded.interval_s, credential_id = excluded.credential_id, alerts_muted = excluded.alerts_muted`,
      [siteId, s.intervalS, s.credentialId, s.alertsMuted ? 1 : 0],
    );
  }

  async state(siteId: number): Promise<SiteState | null> {
    const r = await this.#db.maybeOne<StateRow>(POLL_STATE_SQL.state, [siteId], 'pollState.state');
    return r ? toState(r) : null;
  }

  async allStates(): Promise<SiteState[]> {
    return (await this.#db.query<StateRow>(`SELECT ${STATE_COLUMNS} FROM site_latest`, [], 'pollState.allStates')).map(toState);
  }

  async config(siteId: number): Promise<{ hash: string; config: AgentConfig } | null> {
    const r = await this.#db.maybeOne<{ hash: string; config_json: string }>(POLL_STATE_SQL.config, [siteId], 'pollState.config');
    return r ? toConfig(r) : null;
  }

  /** The first config read is what the console knows the site by; later reads keep it, so a change made elsewhere shows as changed locally. */
  async putConfig(siteId: number, hash: string, config: AgentConfig, at: number): Promise<void> {
    await this.#db.run(
      `INSERT INTO site_config (site_id, hash, config_json, fetched_at, known_hash) VALUES ($1, $2, $3, $4, $2)
       ON CONFLICT (site_id) DO UPDATE SET hash = excluded.hash, config_json = excluded.config_json, fetched_at = excluded.fetched_at`,
      [siteId, hash, JSON.stringify(config), at],
      'pollState.putConfig',
    );
  }

  async inMaintenance(siteId: number, at: number): Promise<boolean> {
    return (await this.#db.one<{ active: boolean }>(POLL_STATE_SQL.inMaintenance, [at, siteId], 'pollState.inMaintenance')).active;
  }

  /** Windows not yet over at `at`: what the poller keeps in memory to judge sites without a read per poll. */
  async maintenanceFrom(at: number): Promise<MaintenanceWindow[]> {
    return (await this.#db.query<WindowRow>(POLL_STATE_SQL.maintenanceFrom, [at], 'pollState.maintenanceFrom')).map(toWindow);
  }

  async addMaintenance(w: { siteId: number | null; startsAt: number; endsAt: number; reason: string; createdBy: string; createdAt: number }): Promise<number> {
    const row = await this.#db.one<{ id: number }>(
      'INSERT INTO maintenance_windows (site_id, starts_at, ends_at, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [w.siteId, w.startsAt, w.endsAt, w.reason, w.createdBy, w.createdAt],
    );
    return row.id;
  }
}
