// Pure decisions for rollouts: what an apply's answer makes of a site, whether a poll after
// it passes the gate, and what a rollout does next (send, wait, move to the next wave, halt
// and roll back, finish). The rollout service reads, calls these, and writes each decision
// in one store call.
import { isUp, VERDICT_RANK, type Verdict } from '../../../shared/health/verdict.ts';
import type { Rollout, RolloutSiteState } from '../../../shared/rollouts.ts';
import type { RolloutPatch, RolloutTarget, SitePatch } from '../store/store.ts';

/** Error codes the rollout gives a site itself (the agent's own codes start with E_). */
export const NOT_VERIFIED = 'NOT_VERIFIED';
export const WAVE_FAILED = 'WAVE_FAILED';
export const ABORTED = 'ABORTED';
/**
 * An offline site whose apply was in doubt when it went away: when it is back it is read
 * back, not sent to, and it never expires (the school may have the new config).
 */
export const IN_DOUBT = 'IN_DOUBT';

/** What happened when an apply was sent. */
export type ApplyOutcome =
  | { kind: 'not-sent'; message: string }
  | { kind: 'lost'; message: string }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'conflict'; liveHash: string | null; message: string }
  | { kind: 'applied'; verified: boolean; failedChecks: string };

export interface SiteDecision {
  patch: SitePatch;
  /** The config the console now knows the site by, written with the patch. */
  knownHash?: string;
}

export function settleApply(site: RolloutTarget, outcome: ApplyOutcome, now: number, plan: Rollout['plan']): SiteDecision {
  const window = now + plan.gate.windowMin * 60_000;
  switch (outcome.kind) {
    case 'not-sent':
      // Nothing reached the school: it waits for the school to come back, then goes.
      return { patch: { state: 'offline', message: outcome.message, expiresAt: site.expiresAt ?? now + plan.offlineExpiryHours * 3_600_000 } };
    case 'lost':
      // Sent, no answer: whether it happened is read back from the agent before anything else.
      return { patch: { state: 'applying', message: `No answer: ${outcome.message}; the config will be read back` } };
    case 'refused':
      return { patch: { state: 'failed', errorCode: outcome.code, message: outcome.message } };
    case 'conflict':
      // The agent's config is not the one seen at the preview. If it is already the new one,
      // an earlier attempt whose answer was lost applied it; otherwise someone changed it.
      if (outcome.liveHash === site.toHash) return { patch: { state: 'applied', appliedAt: now, verifyUntil: window, message: null, errorCode: null }, knownHash: site.toHash };
      return { patch: { state: 'conflict', errorCode: 'E_CONFLICT', message: outcome.message } };
    case 'applied':
      // The agent's own checks failing rolls back at once only a site that was up before: one
      // already failing (its MIS down, say) fails them whatever the config; its gate decides.
      if (!outcome.verified && (site.verdictBefore === null || isUp(site.verdictBefore as Verdict))) {
        return { patch: { state: 'rolling-back', appliedAt: now, errorCode: NOT_VERIFIED, message: `The agent could not work with the new config: ${outcome.failedChecks}` }, knownHash: site.toHash };
      }
      return { patch: { state: 'applied', appliedAt: now, verifyUntil: window, errorCode: null, message: null }, knownHash: site.toHash };
  }
}

/** What reading a site's config back (after a lost answer or a restart) makes of it; null: unreachable. */
export function settleReadback(site: RolloutTarget, liveHash: string | null, now: number, plan: Rollout['plan']): SiteDecision {
  // Gone while in doubt: it waits like any offline school, without holding up its wave.
  if (liveHash === null) return { patch: { state: 'offline', errorCode: IN_DOUBT, message: 'Unreachable while its apply was in doubt: its config is read back when it is back', expiresAt: null } };
  if (liveHash === site.toHash) return { patch: { state: 'applied', appliedAt: site.appliedAt ?? now, verifyUntil: now + plan.gate.windowMin * 60_000, message: null }, knownHash: site.toHash };
  if (liveHash === site.fromHash) return { patch: { state: 'pending', message: null } };
  return { patch: { state: 'conflict', errorCode: 'E_CONFLICT', message: `Its config changed to ${liveHash.slice(0, 19)}… while the apply was in doubt: left as it is` } };
}

/** What a rollback attempt makes of a site: the live hash read just before, and the answer. */
export function settleRollback(site: RolloutTarget, liveHash: string, rolledBackTo: string | null, now: number, refused: string | null): SiteDecision | null {
  if (liveHash === site.fromHash) return { patch: { state: 'rolled-back', rolledBackAt: now }, knownHash: site.fromHash };
  if (liveHash !== site.toHash) return { patch: { state: 'rollback-failed', message: `Its config changed to ${liveHash.slice(0, 19)}… since the apply: not rolled back` } };
  if (refused !== null) return { patch: { state: 'rollback-failed', message: `The agent refused the rollback: ${refused}` } };
  if (rolledBackTo === site.fromHash) return { patch: { state: 'rolled-back', rolledBackAt: now }, knownHash: site.fromHash };
  return { patch: { state: 'rollback-failed', message: `The rollback restored ${String(rolledBackTo).slice(0, 19)}…, not the config the site had before` } };
}

/** Whether the verdict after passes the gate's rule. */
export function passesGate(rule: Rollout['plan']['gate']['rule'], before: Verdict | null, after: Verdict): boolean {
  if (after === 'healthy') return true;
  if (rule === 'healthy') return false;
  if (isUp(after)) return true;
  return before !== null && VERDICT_RANK[after] <= VERDICT_RANK[before];
}

/** A poll after the apply: verified, rolled back (past the window), or not yet decided (null). */
export function judgeGate(site: RolloutTarget, seen: { hash: string | null; verdict: Verdict } | null, rule: Rollout['plan']['gate']['rule'], now: number): SitePatch | null {
  const before = (site.verdictBefore as Verdict | null) ?? null;
  if (seen && seen.hash === site.toHash && passesGate(rule, before, seen.verdict)) return { state: 'verified', verifiedAt: now, verdictAfter: seen.verdict };
  if (site.verifyUntil !== null && now < site.verifyUntil) return null;
  const after = seen ? seen.verdict : 'no answer';
  const why = seen && seen.hash !== site.toHash ? `its config is ${String(seen.hash).slice(0, 19)}…, not the one applied` : `${after} after the change (was ${before ?? 'unknown'})`;
  return { state: 'rolling-back', errorCode: NOT_VERIFIED, message: `Did not pass its check within the window: ${why}`, verdictAfter: seen?.verdict ?? null };
}

/** Sites of the rollout in `from` (of these waves, or these sites; null: all) move to `patch`. */
export interface SiteMove {
  from: RolloutSiteState[];
  patch: SitePatch;
  waves: number[] | null;
  siteIds?: number[];
}

/** Work for the executor: sites to send to, roll back, or read back. */
export interface Work {
  apply: RolloutTarget[];
  rollback: RolloutTarget[];
  readback: RolloutTarget[];
}

export type Step =
  | { kind: 'work'; work: Work }
  | { kind: 'idle'; until: number | null }
  | { kind: 'move'; rollout: RolloutPatch; sites: SiteMove[]; audit: { action: string; outcome: string; detail: Record<string, unknown> } };

/** A wave is not decided while any of its sites is in one of these. */
const IN_WAVE: ReadonlySet<RolloutSiteState> = new Set(['pending', 'applying', 'applied']);
/**
 * The rollout is not done while any site is in one of these. A site being rolled back has
 * already counted for its wave (the wave can move on), but the rollout ends only once it is
 * back, however long the school stays off.
 */
const OPEN: ReadonlySet<RolloutSiteState> = new Set(['pending', 'applying', 'applied', 'rolling-back', 'offline']);
const APPLIED: RolloutSiteState[] = ['applied', 'verified'];
/** Left out of a wave's failure share: they never took part. */
const APART: ReadonlySet<RolloutSiteState> = new Set(['offline', 'expired', 'conflict', 'skipped']);

const isFailure = (s: RolloutTarget): boolean => s.state === 'failed' || s.errorCode === NOT_VERIFIED;

/** The failure share of a wave so far, over the sites that take part (pending ones too). */
export function failureShare(wave: readonly RolloutTarget[]): { failures: number; counted: number; pct: number } {
  const counted = wave.filter((s) => !APART.has(s.state)).length;
  const failures = wave.filter(isFailure).length;
  return { failures, counted, pct: counted === 0 ? 0 : (failures * 100) / counted };
}

/**
 * The rollout's next step. `busy` are sites the executor is working on now. Rollbacks and
 * read-backs go on in every state but draft: nothing is left half-applied because the
 * rollout was paused, halted or aborted.
 */
export function nextStep(r: Rollout, sites: readonly RolloutTarget[], now: number, busy: ReadonlySet<number>, abortRollsBack: boolean): Step {
  if (r.state === 'draft' || r.state === 'completed') return { kind: 'idle', until: null };
  const free = (s: RolloutTarget) => !busy.has(s.siteId);

  const expired = sites.filter((s) => s.state === 'offline' && s.errorCode !== IN_DOUBT && s.expiresAt !== null && s.expiresAt <= now);
  if (expired.length) {
    const siteIds = expired.map((s) => s.siteId);
    return move(r, {}, [{ from: ['offline'], patch: { state: 'expired', message: 'Offline until the rollout stopped waiting for it' }, waves: null, siteIds }], 'rollout.wave', 'expired', { siteIds });
  }

  const undo = r.state === 'halted' ? (r.plan.rollbackAll ? null : [r.wave]) : r.state === 'aborted' && abortRollsBack ? null : undefined;
  if (undo !== undefined && sites.some((s) => APPLIED.includes(s.state) && (undo === null || undo.includes(s.wave)))) {
    return move(r, {}, [{ from: APPLIED, patch: { state: 'rolling-back', errorCode: r.state === 'halted' ? WAVE_FAILED : ABORTED }, waves: undo }], 'rollout.site.rollback', 'due', { reason: r.state });
  }

  const work: Work = {
    apply: [],
    rollback: sites.filter((s) => s.state === 'rolling-back' && free(s)),
    readback: sites.filter((s) => s.state === 'applying' && free(s)),
  };
  const sending = r.state === 'running' || r.state === 'waiting' || r.state === 'awaiting-approval';
  // Sites of waves already passed that came back from offline go now, whatever the wave.
  if (sending) work.apply = sites.filter((s) => s.state === 'pending' && s.wave < r.wave && free(s));

  if (r.state === 'running' && r.wave < r.waves) {
    const wave = sites.filter((s) => s.wave === r.wave);
    const share = failureShare(wave);
    if (share.pct > r.plan.maxFailurePct) {
      const reason = `Wave ${waveName(r.wave)} failed: ${share.failures} of ${share.counted} sites failed to apply or to verify (more than ${r.plan.maxFailurePct}%)`;
      return move(r, { state: 'halted', reason, nextAt: null }, [], 'rollout.wave', 'failed', { wave: r.wave, ...share });
    }
    work.apply.push(...wave.filter((s) => s.state === 'pending' && free(s)));
    if (hasWork(work)) return { kind: 'work', work };
    if (wave.some((s) => IN_WAVE.has(s.state))) return { kind: 'idle', until: gateEnd(wave) };
    const last = r.wave + 1 >= r.waves;
    const detail = { wave: r.wave, ...share };
    if (last) return move(r, { wave: r.waves, reason: null }, [], 'rollout.wave', 'passed', detail);
    if (wave.length === 0) return move(r, { wave: r.wave + 1 }, [], 'rollout.wave', 'empty', detail);
    if (r.plan.approvalBetweenWaves) return move(r, { state: 'awaiting-approval', wave: r.wave + 1, reason: `Wave ${waveName(r.wave)} passed: wave ${r.wave + 1} waits for approval` }, [], 'rollout.wave', 'passed', detail);
    return move(r, { state: 'waiting', wave: r.wave + 1, nextAt: now + r.plan.waitBetweenS * 1000, reason: `Wave ${waveName(r.wave)} passed` }, [], 'rollout.wave', 'passed', detail);
  }
  if (r.state === 'waiting' && r.nextAt !== null && now >= r.nextAt) return move(r, { state: 'running', nextAt: null, reason: null }, [], 'rollout.wave', 'started', { wave: r.wave });
  if (hasWork(work)) return { kind: 'work', work };

  const open = sites.some((s) => OPEN.has(s.state));
  if (r.state === 'running' && r.wave >= r.waves && !open) return move(r, { state: 'completed', finishedAt: now, reason: null }, [], 'rollout.finish', 'completed', { counts: r.counts });
  if (r.state === 'aborted' && r.finishedAt === null && !sites.some((s) => s.state === 'applying' || s.state === 'rolling-back')) {
    return move(r, { finishedAt: now }, [], 'rollout.finish', 'aborted', { counts: r.counts });
  }
  return { kind: 'idle', until: r.state === 'waiting' ? r.nextAt : gateEnd(sites) };
}

export const waveName = (w: number): string => (w === 0 ? 'canary' : String(w));

function hasWork(w: Work): boolean {
  return w.apply.length > 0 || w.rollback.length > 0 || w.readback.length > 0;
}

function gateEnd(sites: readonly RolloutTarget[]): number | null {
  let end: number | null = null;
  for (const s of sites) if (s.state === 'applied' && s.verifyUntil !== null && (end === null || s.verifyUntil < end)) end = s.verifyUntil;
  return end;
}

function move(r: Rollout, rollout: RolloutPatch, sites: SiteMove[], action: string, outcome: string, detail: Record<string, unknown>): Step {
  return { kind: 'move', rollout, sites, audit: { action, outcome, detail: { rolloutId: r.id, ...detail } } };
}
