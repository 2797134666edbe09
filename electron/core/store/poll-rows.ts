// A site's poll settings, host-key pins and latest state as both backends store them, and
// the shapes the poller sees: one mapping for both, so a flag or JSON column read differently
// on one backend fails the contract tests.
import type { DampState } from '../../../shared/health/damping.ts';
import type { DatasetFreshness, Reason, Verdict } from '../../../shared/health/verdict.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';

/** What the audit says when a site's move made it forget its pinned host key. */
export const HOST_KEY_FORGOTTEN = 'forgotten: the new address must present its key for approval';

export interface SitePoll {
  siteId: number;
  intervalS: number | null;
  credentialId: number | null;
  alertsMuted: boolean;
  hostkeyApproved: string | null;
  hostkeyPending: string | null;
  hostkeySeenAt: number | null;
  /** A key a person refused: never offered again as waiting, and never trusted. */
  hostkeyRejected: string | null;
}

/** A site's (or, with siteId null, the whole fleet's) maintenance: its verdict shows maintenance, and no alert fires. */
export interface MaintenanceWindow {
  siteId: number | null;
  startsAt: number;
  endsAt: number;
}

export interface SiteState {
  siteId: number;
  damp: DampState;
  raw: Verdict;
  reasons: Reason[];
  datasets: DatasetFreshness[];
  polledAt: number;
  changedAt: number;
  lastOkAt: number | null;
  latencyMs: number | null;
  failures: number;
  statusJson: string | null;
  /** From the last status document, kept beside it so the fleet snapshot need not parse it per site. */
  agentVersion: string | null;
}

export interface PollRow { site_id: number; interval_s: number | null; credential_id: number | null; alerts_muted: number; hostkey_approved: string | null; hostkey_pending: string | null; hostkey_seen_at: number | null; hostkey_rejected: string | null }
export interface StateRow { site_id: number; verdict: string; candidate: string | null; candidate_n: number; raw_verdict: string; reasons: string; datasets: string; ts: number; since: number; last_ok_at: number | null; latency_ms: number | null; failures: number; status_json: string | null; agent_version: string | null }
export interface WindowRow { site_id: number | null; starts_at: number; ends_at: number }

/** A site without a site_poll row polls with the defaults. */
export const toPoll = (r: PollRow | undefined, siteId: number): SitePoll => ({
  siteId,
  intervalS: r?.interval_s ?? null,
  credentialId: r?.credential_id ?? null,
  alertsMuted: r?.alerts_muted === 1,
  hostkeyApproved: r?.hostkey_approved ?? null,
  hostkeyPending: r?.hostkey_pending ?? null,
  hostkeySeenAt: r?.hostkey_seen_at ?? null,
  hostkeyRejected: r?.hostkey_rejected ?? null,
});

export const toState = (r: StateRow): SiteState => ({
  siteId: r.site_id,
  damp: { effective: r.verdict as Verdict, candidate: r.candidate as Verdict | null, count: r.candidate_n },
  raw: r.raw_verdict as Verdict,
  reasons: JSON.parse(r.reasons) as Reason[],
  datasets: JSON.parse(r.datasets) as DatasetFreshness[],
  polledAt: r.ts,
  changedAt: r.since,
  lastOkAt: r.last_ok_at,
  latencyMs: r.latency_ms,
  failures: r.failures,
  statusJson: r.status_json,
  agentVersion: r.agent_version,
});

export const toWindow = (r: WindowRow): MaintenanceWindow => ({ siteId: r.site_id, startsAt: r.starts_at, endsAt: r.ends_at });

export const toConfig = (r: { hash: string; config_json: string }): { hash: string; config: AgentConfig } => ({ hash: r.hash, config: JSON.parse(r.config_json) as AgentConfig });
