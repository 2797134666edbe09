// The rollout invariant, checked against the simulator's ground truth: every site of the
// rollout ends on the new config and verified, back on (or never moved off) its previous
// config with the rollout saying so, or still pending because it is unreachable. Anything
// else is "half-applied": the console's record and the school disagree, or the school was
// left on the new config without passing its gate. And no school took the rollout's config
// more than once (a repeat would mean a send the journal did not guard).
import type { SiteTruth } from '../../sim/index.ts';

export interface RolloutSiteRecord {
  siteId: number;
  urn: number;
  state: string;
  fromHash: string;
  toHash: string;
}

/**
 * States that say "this school is on the config it had before": it refused the apply
 * (failed), was rolled back, was never sent to (skipped, expired: its offline wait ran out),
 * or found changed since the preview (conflict: the rollout left it alone, so it must not be
 * on the rollout's config). rollback-failed is not here: it means the school is left on the
 * new config unverified, which is exactly what the invariant forbids.
 */
const BACK: ReadonlySet<string> = new Set(['failed', 'rolled-back', 'skipped', 'expired']);
/**
 * Still open because the school cannot be reached (offline), or not its turn yet (pending, in
 * a rollout that halted): nothing may have changed on it. `applying` (in doubt) is never an
 * end state: the console reads such a site back before it does anything else.
 */
const WAITING: ReadonlySet<string> = new Set(['offline', 'pending']);

export interface InvariantReport {
  verified: number;
  failed: number;
  rolledBack: number;
  conflict: number;
  waiting: number;
  other: number;
  halfApplied: Array<{ urn: number; state: string; truth: string; why: string }>;
  appliedTwice: Array<{ urn: number; applies: number }>;
  /** Schools that took the rollout's config at least once (whatever happened after). */
  appliedOnce: number;
  rollbacks: number;
}

export function checkRollout(sites: readonly RolloutSiteRecord[], truth: ReadonlyMap<number, SiteTruth>): InvariantReport {
  const out: InvariantReport = { verified: 0, failed: 0, rolledBack: 0, conflict: 0, waiting: 0, other: 0, halfApplied: [], appliedTwice: [], appliedOnce: 0, rollbacks: 0 };
  for (const s of sites) {
    const t = truth.get(s.urn);
    if (!t) {
      out.halfApplied.push({ urn: s.urn, state: s.state, truth: '(no such school)', why: 'not in the fleet' });
      continue;
    }
    const applies = t.configApplies[s.toHash] ?? 0;
    if (applies > 0) out.appliedOnce++;
    if (applies > 1) out.appliedTwice.push({ urn: s.urn, applies });
    out.rollbacks += t.configRollbacks;
    const bad = (why: string) => out.halfApplied.push({ urn: s.urn, state: s.state, truth: t.configHash, why });
    if (s.state === 'verified') {
      out.verified++;
      if (t.configHash !== s.toHash) bad('verified, but the school is not on the new config');
    } else if (BACK.has(s.state)) {
      if (s.state === 'rolled-back') out.rolledBack++;
      else if (s.state === 'failed') out.failed++;
      else out.other++;
      if (t.configHash !== s.fromHash) bad(`${s.state}, but the school is not on its previous config`);
    } else if (s.state === 'conflict') {
      out.conflict++;
      if (t.configHash === s.toHash) bad('conflict, but the school is on the rollout’s config');
    } else if (WAITING.has(s.state)) {
      out.waiting++;
      if (t.configHash !== s.fromHash) bad(`${s.state} (waiting), but the school's config has already changed`);
    } else {
      out.other++;
      bad(`ended ${s.state}`);
    }
  }
  return out;
}
