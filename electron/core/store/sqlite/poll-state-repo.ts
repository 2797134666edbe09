// Per-site poller state: host-key pins, poll settings, the damped verdict with the
// last status document, the agent's config (for its schedule), maintenance windows.
import type { AgentConfig } from '../../../../shared/protocol/v1.ts';
import { toConfig, toPoll, toState, toWindow, type MaintenanceWindow, type PollRow, type SitePoll, type SiteState, type StateRow, type WindowRow } from '../poll-rows.ts';
import type { Db } from './db.ts';

export { HOST_KEY_FORGOTTEN, type MaintenanceWindow, type SitePoll, type SiteState } from '../poll-rows.ts';

const STATE_COLUMNS = 'site_id, verdict, candidate, candidate_n, raw_verdict, reasons, datasets, ts, since, last_ok_at, latency_ms, failures, status_json, agent_version';

export class PollStateRepo {
  readonly #s;

  constructor(db: Db) {
    this.#s = {
      poll: db.prepare<[number], PollRow>('SELECT * FROM site_poll WHERE site_id = ?'),
      allPoll: db.prepare<[], PollRow>('SELECT * FROM site_poll'),
      ensurePoll: db.prepare<[number]>('INSERT OR IGNORE INTO site_poll (site_id) VALUES (?)'),
      forgetHostKey: db.prepare<[number]>('UPDATE site_poll SET hostkey_approved = NULL, hostkey_pending = NULL, hostkey_rejected = NULL, hostkey_seen_at = NULL, hostkey_approved_at = NULL, hostkey_approved_by = NULL WHERE site_id = ?'),
      approve: db.prepare('UPDATE site_poll SET hostkey_approved = ?, hostkey_pending = NULL, hostkey_rejected = NULL, hostkey_approved_at = ?, hostkey_approved_by = ? WHERE site_id = ?'),
      // "Since when" is when this key was first seen, so a repeat sighting keeps the time;
      // a refused key is not offered again.
      pending: db.prepare<{ fp: string; at: number; id: number }>(
        'UPDATE site_poll SET hostkey_seen_at = CASE WHEN hostkey_pending IS @fp THEN hostkey_seen_at ELSE @at END, hostkey_pending = @fp WHERE site_id = @id AND hostkey_rejected IS NOT @fp',
      ),
      settled: db.prepare<[number]>('UPDATE site_poll SET hostkey_pending = NULL, hostkey_rejected = NULL WHERE site_id = ? AND (hostkey_pending IS NOT NULL OR hostkey_rejected IS NOT NULL)'),
      setPoll: db.prepare('UPDATE site_poll SET interval_s = ?, credential_id = ?, alerts_muted = ? WHERE site_id = ?'),
      // The poller's half of the one latest-state row; the round writer keeps it (history-ingest.ts).
      state: db.prepare<[number], StateRow>(`SELECT ${STATE_COLUMNS} FROM site_latest WHERE site_id = ?`),
      allState: db.prepare<[], StateRow>(`SELECT ${STATE_COLUMNS} FROM site_latest`),
      config: db.prepare<[number], { hash: string; config_json: string }>('SELECT hash, config_json FROM site_config WHERE site_id = ?'),
      // The first config read is what the console knows the site by; later reads keep what it knew,
      // so a change nobody made through the console shows as changed locally.
      putConfig: db.prepare(
        'INSERT INTO site_config (site_id, hash, config_json, fetched_at, known_hash) VALUES (?, ?, ?, ?, ?) ON CONFLICT(site_id) DO UPDATE SET hash=excluded.hash, config_json=excluded.config_json, fetched_at=excluded.fetched_at',
      ),
      inMaintenance: db.prepare<[number, number, number], { n: number }>('SELECT count(*) AS n FROM maintenance_windows WHERE ends_at > ? AND starts_at <= ? AND (site_id IS NULL OR site_id = ?)'),
      windows: db.prepare<[number], WindowRow>('SELECT site_id, starts_at, ends_at FROM maintenance_windows WHERE ends_at > ? ORDER BY starts_at, id'),
      addWindow: db.prepare('INSERT INTO maintenance_windows (site_id, starts_at, ends_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  poll(siteId: number): SitePoll {
    return toPoll(this.#s.poll.get(siteId), siteId);
  }

  allPoll(): Map<number, SitePoll> {
    return new Map(this.#s.allPoll.all().map((r) => [r.site_id, toPoll(r, r.site_id)]));
  }

  /** A person approved this key: it becomes the pin, and polling may proceed. */
  approveHostKey(siteId: number, fingerprint: string, at: number, by: string): void {
    this.#s.ensurePoll.run(siteId);
    this.#s.approve.run(fingerprint, at, by, siteId);
  }

  /** A key seen but not approved (first contact, or a change): recorded, never trusted. */
  recordPendingHostKey(siteId: number, fingerprint: string, at: number): void {
    this.#s.ensurePoll.run(siteId);
    this.#s.pending.run({ fp: fingerprint, at, id: siteId });
  }

  /** The host showed the pinned key again: a key offered or refused before is no longer in question. */
  settleHostKey(siteId: number): void {
    this.#s.settled.run(siteId);
  }

  /** The site moved to a new address: a pin vouches for one address only, so the next key is approved afresh. */
  forgetHostKey(siteId: number): void {
    this.#s.forgetHostKey.run(siteId);
  }

  setPollSettings(siteId: number, s: Pick<SitePoll, 'intervalS' | 'credentialId' | 'alertsMuted'>): void {
    this.#s.ensurePoll.run(siteId);
    this.#s.setPoll.run(s.intervalS, s.credentialId, s.alertsMuted ? 1 : 0, siteId);
  }

  state(siteId: number): SiteState | null {
    const r = this.#s.state.get(siteId);
    return r ? toState(r) : null;
  }

  allStates(): SiteState[] {
    return this.#s.allState.all().map(toState);
  }

  config(siteId: number): { hash: string; config: AgentConfig } | null {
    const r = this.#s.config.get(siteId);
    return r ? toConfig(r) : null;
  }

  putConfig(siteId: number, hash: string, config: AgentConfig, at: number): void {
    this.#s.putConfig.run(siteId, hash, JSON.stringify(config), at, hash);
  }

  inMaintenance(siteId: number, at: number): boolean {
    return (this.#s.inMaintenance.get(at, at, siteId)?.n ?? 0) > 0;
  }

  /** Windows not yet over at `at`: what the poller keeps in memory to judge sites without a read per poll. */
  maintenanceFrom(at: number): MaintenanceWindow[] {
    return this.#s.windows.all(at).map(toWindow);
  }

  addMaintenance(w: { siteId: number | null; startsAt: number; endsAt: number; reason: string; createdBy: string; createdAt: number }): number {
    return Number(this.#s.addWindow.run(w.siteId, w.startsAt, w.endsAt, w.reason, w.createdBy, w.createdAt).lastInsertRowid);
  }
}
