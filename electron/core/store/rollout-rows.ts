// Rollout rows as both backends read them, and what a patch changes, column by column.
import type { FieldChange } from '../../../shared/fleet-config.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';
import type { Rollout, RolloutPlanInput, RolloutSite, RolloutSiteState, RolloutState } from '../../../shared/rollouts.ts';

export interface NewRolloutSite {
  siteId: number;
  siteName: string;
  urn: number;
  wave: number;
  fromHash: string;
  toHash: string;
  config: AgentConfig;
  templateVersion: number;
  changes: string;
  changeList: FieldChange[];
}

/** A site's part as the executor needs it: with the config to send (as stored; parsed only to send). */
export interface RolloutTarget extends RolloutSite {
  rolloutId: number;
  urn: number;
  configJson: string;
  verifyUntil: number | null;
}

/** What a decision changes in a site's part; undefined leaves a column as it is. */
export interface SitePatch {
  state: RolloutSiteState;
  errorCode?: string | null;
  message?: string | null;
  verdictBefore?: string | null;
  verdictAfter?: string | null;
  appliedAt?: number | null;
  verifiedAt?: number | null;
  rolledBackAt?: number | null;
  expiresAt?: number | null;
  verifyUntil?: number | null;
  fromHash?: string;
  toHash?: string;
  config?: AgentConfig;
  templateVersion?: number;
  changes?: string;
  changeList?: FieldChange[];
}

/**
 * Who takes a site's step: `owner` (this process) unless the site is already claimed by one of
 * `keep`, the other collectors alive now. A dead collector's claim is taken over.
 */
export interface SiteClaim {
  owner: string;
  keep: readonly string[];
}

export interface RolloutPatch {
  state?: RolloutState;
  pausedFrom?: RolloutState | null;
  wave?: number;
  nextAt?: number | null;
  reason?: string | null;
  startedAt?: number;
  finishedAt?: number | null;
  templateVersion?: number;
  /** An abort that also rolls back what the rollout changed. */
  abortRollback?: boolean;
}

export interface RolloutRow {
  id: number;
  name: string;
  template: string;
  template_version: number;
  plan_json: string;
  state: RolloutState;
  paused_from: RolloutState | null;
  abort_rollback: number;
  actor: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  wave: number;
  waves: number;
  next_at: number | null;
  reason: string | null;
  skipped_json: string;
}

export interface SiteRow {
  rollout_id: number;
  site_id: number;
  site_name: string;
  urn: number;
  wave: number;
  state: RolloutSiteState;
  from_hash: string;
  to_hash: string;
  config_json: string;
  template_version: number;
  changes: string;
  changes_json: string;
  error_code: string | null;
  message: string | null;
  verdict_before: string | null;
  verdict_after: string | null;
  applied_at: number | null;
  verified_at: number | null;
  rolled_back_at: number | null;
  expires_at: number | null;
  verify_until: number | null;
  updated_at: number;
}

const COLUMNS: Record<Exclude<keyof SitePatch, 'state' | 'config' | 'changeList'>, string> = {
  errorCode: 'error_code',
  message: 'message',
  verdictBefore: 'verdict_before',
  verdictAfter: 'verdict_after',
  appliedAt: 'applied_at',
  verifiedAt: 'verified_at',
  rolledBackAt: 'rolled_back_at',
  expiresAt: 'expires_at',
  verifyUntil: 'verify_until',
  fromHash: 'from_hash',
  toHash: 'to_hash',
  templateVersion: 'template_version',
  changes: 'changes',
};

export const toSite = (r: SiteRow): RolloutTarget => ({
  rolloutId: r.rollout_id,
  siteId: r.site_id,
  siteName: r.site_name,
  urn: r.urn,
  wave: r.wave,
  state: r.state,
  fromHash: r.from_hash,
  toHash: r.to_hash,
  configJson: r.config_json,
  templateVersion: r.template_version,
  changes: r.changes,
  errorCode: r.error_code,
  message: r.message,
  verdictBefore: r.verdict_before,
  verdictAfter: r.verdict_after,
  appliedAt: r.applied_at,
  verifiedAt: r.verified_at,
  rolledBackAt: r.rolled_back_at,
  expiresAt: r.expires_at,
  verifyUntil: r.verify_until,
  updatedAt: r.updated_at,
});

/** The columns a site patch sets besides state and updated_at, with their values as stored. */
export function sitePatchColumns(patch: SitePatch): Array<[string, string | number | null]> {
  const out: Array<[string, string | number | null]> = [];
  for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    const v = patch[key];
    if (v !== undefined) out.push([column, v]);
  }
  if (patch.config !== undefined) out.push(['config_json', JSON.stringify(patch.config)]);
  if (patch.changeList !== undefined) out.push(['changes_json', JSON.stringify(patch.changeList)]);
  return out;
}

const ROLLOUT_COLUMNS: Record<keyof RolloutPatch, string> = {
  state: 'state',
  pausedFrom: 'paused_from',
  wave: 'wave',
  nextAt: 'next_at',
  reason: 'reason',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  templateVersion: 'template_version',
  abortRollback: 'abort_rollback',
};

/** The columns a rollout patch sets, with their values as stored (flags as 0/1). */
export function rolloutPatchColumns(patch: RolloutPatch): Array<[string, string | number | null]> {
  const out: Array<[string, string | number | null]> = [];
  for (const [key, column] of Object.entries(ROLLOUT_COLUMNS) as Array<[keyof RolloutPatch, string]>) {
    const v = patch[key];
    if (v !== undefined) out.push([column, typeof v === 'boolean' ? Number(v) : v]);
  }
  return out;
}

/** A rollout row with its sites counted by state. */
export function toRollout(r: RolloutRow, byState: readonly { state: RolloutSiteState; n: number }[]): Rollout {
  const counts: Rollout['counts'] = {};
  let total = 0;
  for (const c of byState) {
    counts[c.state] = c.n;
    total += c.n;
  }
  return {
    id: r.id,
    name: r.name,
    template: r.template,
    templateVersion: r.template_version,
    plan: JSON.parse(r.plan_json) as RolloutPlanInput,
    state: r.state,
    actor: r.actor,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    wave: r.wave,
    waves: r.waves,
    nextAt: r.next_at,
    reason: r.reason,
    counts,
    total,
    skipped: JSON.parse(r.skipped_json) as Rollout['skipped'],
  };
}
