// Runs config rollouts: plans a draft, starts it, and drives it from what is stored — so a
// console killed at any point picks up where it was. Each decision comes from
// rollout-decide.ts and is written in one store call; sends go through rollout-agent.ts.
import type { Clock } from '../../../shared/clock.ts';
import { groupDiffs } from '../../../shared/fleet-config.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import { AppFailure } from '../../../shared/result.ts';
import { ACTIVE_ROLLOUT_STATES, type Rollout, type RolloutDetail, type RolloutPlanInput, type RolloutPreview, type SiteDiff } from '../../../shared/rollouts.ts';
import type { EventBus } from '../events.ts';
import { PushBatch } from '../push-batch.ts';
import { TaskSet } from '../task-set.ts';
import type { Logger } from '../log.ts';
import type { PollResult } from '../poller/site-poller.ts';
import type { RolloutRepo, RolloutTarget } from '../store/store.ts';
import type { ConfigService } from './config-service.ts';
import { readBack, sendApply, sendRollback, type Connect } from './rollout-agent.ts';
import { IN_DOUBT, judgeGate, nextStep, settleApply, settleReadback, settleRollback, type Step } from './rollout-decide.ts';
import { planFactsOf, planRollout, retargetPatch } from './rollout-plan.ts';
import { rolloutReport } from './rollout-report.ts';

export interface RolloutWorld {
  clock: Clock;
  log: Logger;
  events: EventBus;
  repo: RolloutRepo;
  config: ConfigService;
  connect: Connect;
  pollNow(siteId: number): Promise<void>;
  /** The site's verdict now, or null before its first poll. */
  verdict(siteId: number): Verdict | null;
  /** Why the console cannot reach a site's agent (host key, credentials), or null. */
  blocked(siteIds: ReadonlySet<number>): Map<number, string | null>;
  audit(entry: { actor: string; action: string; siteId: number | null; target: string | null; detail: Record<string, unknown>; outcome: string }): void;
  concurrency(): number;
}

export interface RolloutTimings {
  execTimeoutMs: number;
  /** First poll after an apply, then one every verifyEveryMs until the gate decides. */
  verifyFirstMs: number;
  verifyEveryMs: number;
  /** A site the console could not reach is tried again after this long. */
  retryMs: number;
  /** The loop looks at waits and windows this often even when nothing happens. */
  tickMs: number;
}

const DEFAULT_TIMINGS: RolloutTimings = { execTimeoutMs: 60_000, verifyFirstMs: 3_000, verifyEveryMs: 10_000, retryMs: 30_000, tickMs: 1_000 };
const CHANGE_PUSH_MS = 200;

export class RolloutService {
  readonly #w: RolloutWorld;
  readonly #t: RolloutTimings;
  /** Sites the executor is working on, per rollout. */
  readonly #busy = new Map<number, Set<number>>();
  /** rolloutId:siteId → not before this time (unreachable, busy agent). */
  readonly #retryAt = new Map<string, number>();
  /** Read-backs that found the school unreachable once: the next miss makes it offline, in doubt. */
  readonly #retried = new Set<string>();
  readonly #verifyTimers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #tasks: TaskSet;
  readonly #pushes: PushBatch;
  #loop: ReturnType<typeof setInterval> | null = null;
  #kicked = false;
  #closed = false;

  constructor(world: RolloutWorld, timings: Partial<RolloutTimings> = {}) {
    this.#w = world;
    this.#t = { ...DEFAULT_TIMINGS, ...timings };
    this.#tasks = new TaskSet((err) => this.#w.log.error('rollout work failed', { err }));
    this.#pushes = new PushBatch(CHANGE_PUSH_MS, (ids) => this.#w.events.emit('rollouts.changed', { ids: ids === 'all' ? [] : ids }));
  }

  /** Starts driving whatever was stored: after a crash, the rollouts go on where they were. */
  start(): void {
    this.#loop = setInterval(() => this.#tick(), this.#t.tickMs);
    this.#loop.unref();
    this.#kick();
  }

  plan(input: RolloutPlanInput, actor: string): RolloutPreview {
    const template = this.#w.config.templates().find((t) => t.name === input.template);
    if (!template) throw new AppFailure('not_found', `No template named “${input.template}”`, { template: 'No such template' });
    const wanted = input.siteIds === 'all' ? null : new Set(input.siteIds);
    const facts = this.#w.config.facts(wanted ?? undefined);
    const blocked = this.#w.blocked(new Set(facts.map((f) => f.site.id)));
    const planFacts = facts.map((f) => planFactsOf(f, blocked.get(f.site.id) ?? null));
    const result = planRollout(planFacts, input);
    if (result.sites.length === 0) {
      throw new AppFailure('conflict', result.skipped.length ? `No site would change: ${result.skipped[0]?.why ?? ''}${result.skipped.length > 1 ? ` (and ${result.skipped.length - 1} more)` : ''}` : 'No sites chosen');
    }
    const at = this.#w.clock.now();
    const name = `${template.name} v${template.version} to ${result.sites.length} site${result.sites.length === 1 ? '' : 's'}`;
    const id = this.#w.repo.createDraft({ name, template: template.name, templateVersion: template.version, plan: input, actor, at, waves: result.waveSizes.length, skipped: result.skipped, sites: result.sites });
    const groups = groupDiffs(result.sites.map((s) => ({ siteId: s.siteId, changes: s.changeList })));
    // The group's summary is what each site's `changes` column holds: the per-site diff filter.
    return { rollout: this.#get(id), groups: groups.map((g) => ({ summary: g.summary, count: g.siteIds.length, siteIds: g.siteIds.slice(0, 500) })), waveSizes: result.waveSizes, confirmCount: result.sites.length };
  }

  discard(id: number): boolean {
    return this.#w.repo.discardDraft(id);
  }

  begin(id: number, confirmCount: number, actor: string): Rollout {
    const r = this.#get(id);
    if (r.state !== 'draft') throw new AppFailure('conflict', `Rollout ${id} has already started`);
    if (confirmCount !== r.total) throw new AppFailure('validation', `Type ${r.total} to start a rollout to ${r.total} sites`, { confirmCount: `Type ${r.total} to confirm` });
    const at = this.#w.clock.now();
    this.#w.repo.update(id, { state: 'running', startedAt: at, wave: 0, reason: null });
    this.#w.audit({ actor, action: 'rollout.start', siteId: null, target: r.name, detail: { rolloutId: id, template: r.template, version: r.templateVersion, sites: r.total, waves: r.waves, plan: r.plan }, outcome: 'started' });
    this.#changed(id);
    this.#kick();
    return this.#get(id);
  }

  list(limit: number): Rollout[] {
    return this.#w.repo.list(limit);
  }

  detail(id: number): RolloutDetail {
    return { rollout: this.#get(id), sites: this.#w.repo.sites(id).map(({ rolloutId: _r, urn: _u, configJson: _c, verifyUntil: _v, ...site }) => site) };
  }

  diffs(id: number, summary: string | null, offset: number, limit: number): SiteDiff[] {
    this.#get(id);
    return this.#w.repo.diffs(id, summary, offset, limit).map((s) => ({ siteId: s.siteId, siteName: s.siteName, fromHash: s.fromHash, toHash: s.toHash, changes: s.changeList }));
  }

  pause(id: number, actor: string): Rollout {
    const r = this.#get(id);
    if (!['running', 'waiting', 'awaiting-approval'].includes(r.state)) throw new AppFailure('conflict', `A rollout that is ${r.state} cannot be paused`);
    this.#w.repo.update(id, { state: 'paused', pausedFrom: r.state, reason: `Paused by ${actor}` });
    return this.#person(id, actor, 'rollout.pause', 'paused', {});
  }

  resume(id: number, actor: string): Rollout {
    const r = this.#get(id);
    if (r.state === 'paused') {
      const back = this.#w.repo.pausedFrom(id) ?? 'running';
      this.#w.repo.update(id, { state: back, pausedFrom: null, reason: null });
      return this.#person(id, actor, 'rollout.resume', 'resumed', {});
    }
    if (r.state !== 'halted') throw new AppFailure('conflict', `A rollout that is ${r.state} cannot be resumed`);
    const retargeted = this.#retarget(r);
    this.#w.repo.update(id, { state: 'running', reason: null, templateVersion: retargeted.version });
    return this.#person(id, actor, 'rollout.resume', 'resumed', { wave: r.wave, templateVersion: retargeted.version, retargeted: retargeted.sites });
  }

  abort(id: number, rollBack: boolean, actor: string): Rollout {
    const r = this.#get(id);
    if (!ACTIVE_ROLLOUT_STATES.has(r.state) && r.state !== 'halted') throw new AppFailure('conflict', `A rollout that is ${r.state} cannot be aborted`);
    const at = this.#w.clock.now();
    this.#w.repo.atomically(() => {
      this.#w.repo.moveAll(id, ['pending', 'offline'], { state: 'skipped', message: `Aborted by ${actor} before its turn` }, at, null);
      this.#w.repo.update(id, { state: 'aborted', abortRollback: rollBack, reason: `Aborted by ${actor}${rollBack ? ', rolling back what it changed' : ''}`, nextAt: null });
    });
    return this.#person(id, actor, 'rollout.abort', 'aborted', { rollBack });
  }

  approve(id: number, typed: string, actor: string): Rollout {
    const r = this.#get(id);
    if (r.state !== 'awaiting-approval') throw new AppFailure('conflict', `Rollout ${id} is not waiting for approval`);
    if (typed.trim() !== r.name) throw new AppFailure('validation', `Type the rollout’s name, “${r.name}”, to let wave ${r.wave} go`, { typed: 'Type the rollout’s name exactly' });
    this.#w.repo.update(id, { state: 'running', reason: null });
    return this.#person(id, actor, 'rollout.approve', 'approved', { wave: r.wave });
  }

  report(id: number): { text: string; filename: string } {
    const r = this.#get(id);
    return { text: rolloutReport(r, this.#w.repo.sites(id)), filename: `rollout-${id}-${new Date(r.createdAt).toISOString().slice(0, 10)}.csv` };
  }

  /** Every poll: gates of applied sites, offline sites back, doubtful sites to read back. */
  onPoll(result: PollResult): void {
    if (this.#closed) return;
    const open = this.#w.repo.openForSite(result.siteId);
    if (open.length === 0) return;
    const now = this.#w.clock.now();
    for (const s of open) {
      const r = this.#w.repo.get(s.rolloutId);
      if (!r) continue;
      if (s.state === 'applied' && result.startedAt >= (s.appliedAt ?? 0)) {
        const seen = { hash: result.status?.config.hash ?? null, verdict: result.assessment.verdict };
        this.#judge(r, s, result.status ? seen : null, now);
      } else if (s.state === 'offline' && result.status !== null && s.errorCode === IN_DOUBT) {
        // Whatever the rollout's state: what this school has must be found out.
        this.#w.repo.moveSite(r.id, s.siteId, ['offline'], { state: 'applying', errorCode: null, message: 'Back online: reading its config back' }, now);
        this.#changed(r.id);
      } else if (s.state === 'offline' && result.status !== null && ['running', 'waiting', 'awaiting-approval'].includes(r.state)) {
        this.#w.repo.moveSite(r.id, s.siteId, ['offline'], { state: 'pending', message: 'Back online' }, now);
        this.#changed(r.id);
      }
      this.#retryAt.delete(`${s.rolloutId}:${s.siteId}`);
    }
    this.#kick();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#loop) clearInterval(this.#loop);
    for (const t of this.#verifyTimers.values()) clearTimeout(t);
    this.#verifyTimers.clear();
    this.#pushes.close();
    await this.#tasks.idle();
  }

  // ---- the loop -------------------------------------------------------------

  #kick(): void {
    if (this.#kicked || this.#closed) return;
    this.#kicked = true;
    setImmediate(() => {
      this.#kicked = false;
      this.#tick();
    });
  }

  #tick(): void {
    if (this.#closed) return;
    try {
      for (const r of this.#w.repo.active()) this.#drive(r);
    } catch (err) {
      this.#w.log.error('rollout step failed', { err });
    }
  }

  #drive(start: Rollout): void {
    let r = start;
    for (let i = 0; i < 50; i++) {
      const now = this.#w.clock.now();
      const sites = this.#w.repo.sites(r.id);
      this.#gates(r, sites, now);
      const step: Step = nextStep(r, sites, now, this.#unavailable(r.id, now), this.#w.repo.abortRollsBack(r.id));
      if (step.kind === 'idle') return;
      if (step.kind === 'work') {
        this.#work(r, step.work);
        return;
      }
      this.#w.repo.atomically(() => {
        for (const m of step.sites) this.#w.repo.moveAll(r.id, m.from, m.patch, now, m.waves, m.siteIds);
        this.#w.repo.update(r.id, step.rollout);
      });
      this.#w.audit({ actor: r.actor, action: step.audit.action, siteId: null, target: r.name, detail: step.audit.detail, outcome: step.audit.outcome });
      this.#changed(r.id);
      r = this.#get(r.id);
    }
  }

  /** Applied sites past their window are judged on what the console saw last; the rest are polled. */
  #gates(r: Rollout, sites: readonly RolloutTarget[], now: number): void {
    for (const s of sites) {
      if (s.state !== 'applied') continue;
      if (s.verifyUntil !== null && now >= s.verifyUntil) {
        const verdict = this.#w.verdict(s.siteId);
        const live = this.#w.config.liveHash(s.siteId);
        this.#judge(r, s, verdict === null ? null : { hash: live, verdict }, now);
      } else this.#scheduleVerify(s.siteId, this.#t.verifyEveryMs);
    }
  }

  #judge(r: Rollout, s: RolloutTarget, seen: { hash: string | null; verdict: Verdict } | null, now: number): void {
    const patch = judgeGate(s, seen, r.plan.gate.rule, now);
    if (!patch) return;
    if (!this.#w.repo.moveSite(r.id, s.siteId, ['applied'], patch, now)) return;
    this.#w.audit({ actor: r.actor, action: 'rollout.site.verify', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, toHash: s.toHash, verdictBefore: s.verdictBefore, verdictAfter: patch.verdictAfter ?? null, message: patch.message ?? null }, outcome: patch.state === 'verified' ? 'verified' : 'not-verified' });
    this.#changed(r.id);
    this.#kick();
  }

  #unavailable(rolloutId: number, now: number): Set<number> {
    const out = new Set(this.#busy.get(rolloutId) ?? []);
    for (const [key, at] of this.#retryAt) {
      if (at <= now) this.#retryAt.delete(key);
      else if (key.startsWith(`${rolloutId}:`)) out.add(Number(key.slice(key.indexOf(':') + 1)));
    }
    return out;
  }

  #work(r: Rollout, work: { apply: RolloutTarget[]; rollback: RolloutTarget[]; readback: RolloutTarget[] }): void {
    const busy = this.#busy.get(r.id) ?? new Set<number>();
    this.#busy.set(r.id, busy);
    let room = this.#w.concurrency() - [...this.#busy.values()].reduce((n, b) => n + b.size, 0);
    const launch = (s: RolloutTarget, job: () => Promise<void>) => {
      if (room <= 0 || busy.has(s.siteId)) return;
      room--;
      busy.add(s.siteId);
      this.#track(
        job().finally(() => {
          busy.delete(s.siteId);
          this.#changed(r.id);
          this.#kick();
        }),
      );
    };
    for (const s of work.rollback) launch(s, () => this.#rollback(r, s));
    for (const s of work.readback) launch(s, () => this.#readback(r, s));
    for (const s of work.apply) launch(s, () => this.#apply(r, s));
  }

  async #apply(r: Rollout, s: RolloutTarget): Promise<void> {
    const claimedAt = this.#w.clock.now();
    // Journalled as applying before anything is sent: a crash from here on is read back.
    const verdictBefore = this.#w.verdict(s.siteId);
    if (!this.#w.repo.moveSite(r.id, s.siteId, ['pending'], { state: 'applying', verdictBefore, message: null }, claimedAt)) return;
    this.#changed(r.id);
    const outcome = await sendApply(this.#w.connect, s, this.#t);
    const now = this.#w.clock.now();
    const d = settleApply({ ...s, verdictBefore }, outcome, now, r.plan);
    if (!this.#w.repo.moveSite(r.id, s.siteId, ['applying'], d.patch, now, d.knownHash)) return;
    if (d.patch.state === 'applying' || d.patch.state === 'offline') this.#retryAt.set(`${r.id}:${s.siteId}`, now + this.#t.retryMs);
    this.#w.audit({ actor: r.actor, action: 'rollout.site.apply', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, wave: s.wave, fromHash: s.fromHash, toHash: s.toHash, errorCode: d.patch.errorCode ?? null, message: d.patch.message ?? null }, outcome: d.patch.state });
    if (d.knownHash) this.#w.config.liveChanged(s.siteId);
    if (d.patch.state === 'applied') this.#scheduleVerify(s.siteId, this.#t.verifyFirstMs);
  }

  async #readback(r: Rollout, s: RolloutTarget): Promise<void> {
    const read = await readBack(this.#w.connect, s.siteId, this.#t);
    const now = this.#w.clock.now();
    const key = `${r.id}:${s.siteId}`;
    // Unreachable twice in a row (retryMs apart): offline, in doubt, so one school switched
    // off mid-apply never holds up its wave. A useless answer is simply tried again.
    if (read.kind === 'no-answer' || (read.kind === 'unreachable' && !this.#retried.has(key))) {
      if (read.kind === 'unreachable') this.#retried.add(key);
      this.#retryAt.set(key, now + this.#t.retryMs);
      return;
    }
    this.#retried.delete(key);
    const live = read.kind === 'hash' ? read.hash : null;
    const d = settleReadback(s, live, now, r.plan);
    if (!this.#w.repo.moveSite(r.id, s.siteId, ['applying'], d.patch, now, d.knownHash)) return;
    this.#w.audit({ actor: r.actor, action: 'rollout.site.apply', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, readBack: live }, outcome: d.patch.state });
    if (d.patch.state === 'applied') this.#scheduleVerify(s.siteId, this.#t.verifyFirstMs);
  }

  async #rollback(r: Rollout, s: RolloutTarget): Promise<void> {
    const out = await sendRollback(this.#w.connect, s, this.#t);
    const now = this.#w.clock.now();
    if (out.kind !== 'done') {
      this.#retryAt.set(`${r.id}:${s.siteId}`, now + this.#t.retryMs);
      return;
    }
    const d = settleRollback(s, out.liveHash, out.rolledBackTo, now, out.refused);
    if (!d || !this.#w.repo.moveSite(r.id, s.siteId, ['rolling-back'], d.patch, now, d.knownHash)) return;
    this.#w.audit({ actor: r.actor, action: 'rollout.site.rollback', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, fromHash: s.toHash, toHash: s.fromHash, reason: s.errorCode, message: d.patch.message ?? null }, outcome: d.patch.state });
    if (d.knownHash) this.#w.config.liveChanged(s.siteId);
    // The next poll reads the restored config and the verdict after.
    this.#scheduleVerify(s.siteId, this.#t.verifyFirstMs);
  }

  /** A halted rollout resumed: sites not done take the template's newest version. */
  #retarget(r: Rollout): { version: number; sites: number } {
    const again = this.#w.repo.sites(r.id).filter((s) => s.wave >= r.wave && ['pending', 'rolled-back', 'failed'].includes(s.state));
    const facts = new Map(this.#w.config.facts(new Set(again.map((s) => s.siteId))).map((f) => [f.site.id, f]));
    const template = this.#w.config.templates().find((t) => t.name === r.template);
    const now = this.#w.clock.now();
    let n = 0;
    this.#w.repo.atomically(() => {
      for (const s of again) {
        const patch = retargetPatch(facts.get(s.siteId), r.template);
        if (this.#w.repo.moveSite(r.id, s.siteId, [s.state], patch, now) && patch.state === 'pending') n++;
      }
    });
    return { version: template?.version ?? r.templateVersion, sites: n };
  }

  #scheduleVerify(siteId: number, delayMs: number): void {
    if (this.#closed || this.#verifyTimers.has(siteId)) return;
    const timer = setTimeout(() => {
      this.#verifyTimers.delete(siteId);
      this.#track(this.#w.pollNow(siteId));
    }, delayMs);
    timer.unref();
    this.#verifyTimers.set(siteId, timer);
  }

  #person(id: number, actor: string, action: string, outcome: string, detail: Record<string, unknown>): Rollout {
    const r = this.#get(id);
    this.#w.audit({ actor, action, siteId: null, target: r.name, detail: { rolloutId: id, ...detail }, outcome });
    this.#changed(id);
    this.#kick();
    return r;
  }

  #track(p: Promise<unknown>): void {
    this.#tasks.track(p);
  }

  #changed(id: number): void {
    this.#pushes.add([id]);
  }

  #get(id: number): Rollout {
    const r = this.#w.repo.get(id);
    if (!r) throw new AppFailure('not_found', `No rollout ${id}`);
    return r;
  }
}
