// Planning a rollout, purely: which of the sites asked for take part (and why the others do
// not), which go first as the canary (a spread over types and phases unless chosen), and
// the waves after it. The rollout service reads the facts, calls this, and writes the draft.
import { changeSummary, type FieldChange } from '../../../shared/fleet-config.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';
import type { RolloutPlanInput, WaveSize } from '../../../shared/rollouts.ts';
import type { NewRolloutSite, SitePatch } from '../store/store.ts';
import type { SiteConfigFacts } from './config-service.ts';

/** What the planner needs to know about each site asked for. */
export interface PlanFacts {
  siteId: number;
  siteName: string;
  urn: number;
  typeGroup: string | null;
  phase: string | null;
  template: string | null;
  templateVersion: number | null;
  liveHash: string | null;
  desired: { config: AgentConfig; hash: string } | { error: string } | null;
  changes: readonly FieldChange[];
  changedLocally: boolean;
  /** Why actions cannot reach it (host key, credentials), or null. */
  unreachableBecause: string | null;
}

/** A site's config facts as the planner reads them. */
export function planFactsOf(f: SiteConfigFacts, unreachableBecause: string | null): PlanFacts {
  return {
    siteId: f.site.id,
    siteName: f.site.name,
    urn: f.site.urn,
    typeGroup: f.site.typeGroup,
    phase: f.site.phase,
    template: f.template?.name ?? null,
    templateVersion: f.template?.version ?? null,
    liveHash: f.live?.hash ?? null,
    desired: f.desired === null ? null : f.desired.ok ? { config: f.desired.config, hash: f.desired.hash ?? '' } : { error: f.desired.message },
    changes: f.changes,
    changedLocally: f.state === 'changed-locally',
    unreachableBecause,
  };
}

export interface RolloutPlanResult {
  sites: NewRolloutSite[];
  skipped: Array<{ siteId: number; siteName: string; why: string }>;
  waveSizes: number[];
}

function whyLeftOut(f: PlanFacts, plan: RolloutPlanInput): string | null {
  if (f.template !== plan.template) return f.template ? `Follows template “${f.template}”` : 'Follows no template';
  if (f.liveHash === null) return 'Its config has not been read yet (never answered a poll)';
  if (f.desired === null) return 'No desired config';
  if ('error' in f.desired) return `Its overrides do not make a valid config: ${f.desired.error}`;
  if (f.changedLocally && !plan.includeChangedLocally) return 'Its config was changed on the server: check it, accept it or include changed sites';
  if (f.changes.length === 0) return 'Already on the desired config';
  return f.unreachableBecause;
}

/**
 * Canary: the sites chosen, or a spread: one from each type-and-phase group in turn
 * (largest group first), so the first wave meets as many kinds of school as it can.
 */
export function pickCanary(candidates: readonly PlanFacts[], count: number, chosen?: readonly number[]): PlanFacts[] {
  if (chosen?.length) {
    const wanted = new Set(chosen);
    return candidates.filter((c) => wanted.has(c.siteId));
  }
  const groups = new Map<string, PlanFacts[]>();
  for (const c of candidates) {
    const key = `${c.typeGroup ?? '?'}|${c.phase ?? '?'}`;
    const g = groups.get(key) ?? [];
    g.push(c);
    groups.set(key, g);
  }
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  for (const g of ordered) g.sort((a, b) => a.siteName.localeCompare(b.siteName) || a.siteId - b.siteId);
  const out: PlanFacts[] = [];
  for (let i = 0; out.length < count && ordered.some((g) => i < g.length); i++) {
    for (const g of ordered) {
      const c = g[i];
      if (c && out.length < count) out.push(c);
    }
  }
  return out;
}

/** Sizes of the waves after the canary, for `total` sites in the rollout; "the rest" last. */
export function waveSizes(total: number, canary: number, waves: readonly WaveSize[]): number[] {
  const sizes = [canary];
  let left = total - canary;
  for (const w of waves) {
    if (left <= 0) break;
    const n = Math.min(left, 'count' in w ? w.count : Math.max(1, Math.ceil((w.percent / 100) * total)));
    sizes.push(n);
    left -= n;
  }
  if (left > 0) sizes.push(left);
  return sizes.filter((n, i) => n > 0 || i === 0);
}

export function planRollout(facts: readonly PlanFacts[], plan: RolloutPlanInput): RolloutPlanResult {
  const skipped: RolloutPlanResult['skipped'] = [];
  const eligible: PlanFacts[] = [];
  for (const f of facts) {
    const why = whyLeftOut(f, plan);
    if (why) skipped.push({ siteId: f.siteId, siteName: f.siteName, why });
    else eligible.push(f);
  }
  const canary = pickCanary(eligible, Math.min(plan.canary.count, eligible.length), plan.canary.siteIds);
  const inCanary = new Set(canary.map((c) => c.siteId));
  const rest = eligible.filter((f) => !inCanary.has(f.siteId)).sort((a, b) => a.siteName.localeCompare(b.siteName) || a.siteId - b.siteId);
  const sizes = waveSizes(eligible.length, canary.length, plan.waves);
  const sites: NewRolloutSite[] = [];
  const place = (f: PlanFacts, wave: number) => {
    if (!f.desired || 'error' in f.desired || f.liveHash === null) return;
    sites.push({
      siteId: f.siteId,
      siteName: f.siteName,
      urn: f.urn,
      wave,
      fromHash: f.liveHash,
      toHash: f.desired.hash,
      config: f.desired.config,
      templateVersion: f.templateVersion ?? 0,
      changes: changeSummary(f.changes),
      changeList: [...f.changes],
    });
  };
  for (const c of canary) place(c, 0);
  let next = 0;
  for (let w = 1; w < sizes.length; w++) {
    for (const f of rest.slice(next, next + (sizes[w] ?? 0))) place(f, w);
    next += sizes[w] ?? 0;
  }
  return { sites, skipped, waveSizes: sizes };
}

/**
 * A halted rollout resumed: a site not yet done takes the template's newest version, from
 * its live config now; one that no longer follows the template, or needs nothing, is skipped.
 */
export function retargetPatch(f: SiteConfigFacts | undefined, template: string): SitePatch {
  if (!f?.live || !f.desired?.ok || f.template?.name !== template) return { state: 'skipped', message: 'No longer follows the template, or its config is unknown' };
  if (f.changes.length === 0) return { state: 'skipped', message: 'Already on the desired config' };
  return {
    state: 'pending',
    fromHash: f.live.hash,
    toHash: f.desired.hash ?? '',
    config: f.desired.config,
    templateVersion: f.template.version,
    changeList: f.changes,
    changes: changeSummary(f.changes),
    errorCode: null,
    message: null,
    appliedAt: null,
    rolledBackAt: null,
    verdictAfter: null,
  };
}
