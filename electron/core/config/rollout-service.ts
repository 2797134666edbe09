// Runs config rollouts: plans a draft, starts it, and drives it from what is stored — so a
// console killed at any point picks up where it was. Each decision comes from
// rollout-decide.ts and is read, decided and written in one transaction; sends are
// rollout-sends.ts's.
import { AsyncResource } from 'node:async_hooks';
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
import type { Async, RolloutRepo, RolloutTarget } from '../store/store.ts';
import type { ConfigService } from './config-service.ts';
import type { Connect } from './rollout-agent.ts';
import { IN_DOUBT, judgeGate, nextStep, type Step } from './rollout-decide.ts';
import { planFactsOf, planRollout, retargetPatch } from './rollout-plan.ts';
import { rolloutReport } from './rollout-report.ts';
import { RolloutSends, type Work } from './rollout-sends.ts';

export interface RolloutWorld {
  clock: Clock;
  log: Logger;
  events: EventBus;
  repo: Async<RolloutRepo>;
  /** All of `work`'s writes or none; calls to `repo` inside it join the transaction. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  config: ConfigService;
  connect: Connect;
  pollNow(siteId: number): Promise<void>;
  /** The site's verdict now, or null before its first poll. */
  verdict(siteId: number): Verdict | null;
  /** Why the console cannot reach a site's agent (host key, credentials), or null. */
  blocked(siteIds: ReadonlySet<number>): Promise<Map<number, string | null>>;
  audit(entry: { actor: string; action: string; siteId: number | null; target: string | null; detail: Record<string, unknown>; outcome: string }): Promise<void>;
  concurrency(): number;
  /** This process in site claims: 'console', or the collector's id. */
  owner: string;
  /**
   * Whether this process drives the site: it holds the site's lease (always, on its own). Only
   * it can reach the school (its pool), poll it to judge the gate, and it sees its verdicts.
   */
  drives(siteId: number): boolean;
  /** Other collectors alive now: a site one of them claimed is its live work, never taken over. */
  othersAlive(): Promise<string[]>;
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
  readonly #sends: RolloutSends;
  readonly #verifyTimers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #tasks: TaskSet;
  readonly #pushes: PushBatch;
  /**
   * The service's own async context. The store follows async context into transactions, so
   * a tick or a timer set up inside one must not run in it: they run in this one.
   */
  readonly #outside = new AsyncResource('RolloutService');
  #loop: ReturnType<typeof setInterval> | null = null;
  #kicked = false;
  #ticking: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #polls: Promise<void> = Promise.resolve();

  constructor(world: RolloutWorld, timings: Partial<RolloutTimings> = {}) {
    this.#w = world;
    this.#t = { ...DEFAULT_TIMINGS, ...timings };
    this.#tasks = new TaskSet((err) => this.#w.log.error('rollout work failed', { err }));
    this.#pushes = new PushBatch(CHANGE_PUSH_MS, (ids) => this.#w.events.emit('rollouts.changed', { ids: ids === 'all' ? [] : ids }));
    this.#sends = new RolloutSends(world, this.#t, {
      changed: (id) => this.#changed(id),
      kick: () => this.#kick(),
      verifyLater: (siteId, ms) => this.#scheduleVerify(siteId, ms),
      track: (p) => this.#track(p),
    });
  }

  /** Starts driving whatever was stored (after a crash, rollouts go on where they were); answers after the first pass. */
  async start(): Promise<void> {
    this.#loop = setInterval(() => this.#outside.runInAsyncScope(() => this.#tick()), this.#t.tickMs);
    this.#loop.unref();
    this.#tick();
    await this.#ticking;
  }

  async plan(input: RolloutPlanInput, actor: string): Promise<RolloutPreview> {
    const template = (await this.#w.config.templates()).find((t) => t.name === input.template);
    if (!template) throw new AppFailure('not_found', `No template named “${input.template}”`, { template: 'No such template' });
    const wanted = input.siteIds === 'all' ? null : new Set(input.siteIds);
    const facts = await this.#w.config.facts(wanted ?? undefined);
    const blocked = await this.#w.blocked(new Set(facts.map((f) => f.site.id)));
    const planFacts = facts.map((f) => planFactsOf(f, blocked.get(f.site.id) ?? null));
    const result = planRollout(planFacts, input);
    if (result.sites.length === 0) {
      throw new AppFailure('conflict', result.skipped.length ? `No site would change: ${result.skipped[0]?.why ?? ''}${result.skipped.length > 1 ? ` (and ${result.skipped.length - 1} more)` : ''}` : 'No sites chosen');
    }
    const at = this.#w.clock.now();
    const name = `${template.name} v${template.version} to ${result.sites.length} site${result.sites.length === 1 ? '' : 's'}`;
    const id = await this.#w.repo.createDraft({ name, template: template.name, templateVersion: template.version, plan: input, actor, at, waves: result.waveSizes.length, skipped: result.skipped, sites: result.sites });
    const groups = groupDiffs(result.sites.map((s) => ({ siteId: s.siteId, changes: s.changeList })));
    // The group's summary is what each site's `changes` column holds: the per-site diff filter.
    return { rollout: await this.#get(id), groups: groups.map((g) => ({ summary: g.summary, count: g.siteIds.length, siteIds: g.siteIds.slice(0, 500) })), waveSizes: result.waveSizes, confirmCount: result.sites.length };
  }

  discard(id: number): Promise<boolean> {
    return this.#w.repo.discardDraft(id);
  }

  begin(id: number, confirmCount: number, actor: string): Promise<Rollout> {
    return this.#person(id, async (r) => {
      if (r.state !== 'draft') throw new AppFailure('conflict', `Rollout ${id} has already started`);
      if (confirmCount !== r.total) throw new AppFailure('validation', `Type ${r.total} to start a rollout to ${r.total} sites`, { confirmCount: `Type ${r.total} to confirm` });
      await this.#w.repo.update(id, { state: 'running', startedAt: this.#w.clock.now(), wave: 0, reason: null });
      return { actor, action: 'rollout.start', outcome: 'started', detail: { template: r.template, version: r.templateVersion, sites: r.total, waves: r.waves, plan: r.plan } };
    });
  }

  list(limit: number): Promise<Rollout[]> {
    return this.#w.repo.list(limit);
  }

  async detail(id: number): Promise<RolloutDetail> {
    return { rollout: await this.#get(id), sites: (await this.#w.repo.sites(id)).map(({ rolloutId: _r, urn: _u, configJson: _c, verifyUntil: _v, ...site }) => site) };
  }

  async diffs(id: number, summary: string | null, offset: number, limit: number): Promise<SiteDiff[]> {
    await this.#get(id);
    return (await this.#w.repo.diffs(id, summary, offset, limit)).map((s) => ({ siteId: s.siteId, siteName: s.siteName, fromHash: s.fromHash, toHash: s.toHash, changes: s.changeList }));
  }

  pause(id: number, actor: string): Promise<Rollout> {
    return this.#person(id, async (r) => {
      if (!['running', 'waiting', 'awaiting-approval'].includes(r.state)) throw new AppFailure('conflict', `A rollout that is ${r.state} cannot be paused`);
      await this.#w.repo.update(id, { state: 'paused', pausedFrom: r.state, reason: `Paused by ${actor}` });
      return { actor, action: 'rollout.pause', outcome: 'paused', detail: {} };
    });
  }

  resume(id: number, actor: string): Promise<Rollout> {
    return this.#person(id, async (r) => {
      if (r.state === 'paused') {
        const back = (await this.#w.repo.pausedFrom(id)) ?? 'running';
        await this.#w.repo.update(id, { state: back, pausedFrom: null, reason: null });
        return { actor, action: 'rollout.resume', outcome: 'resumed', detail: {} };
      }
      if (r.state !== 'halted') throw new AppFailure('conflict', `A rollout that is ${r.state} cannot be resumed`);
      const retargeted = await this.#retarget(r);
      await this.#w.repo.update(id, { state: 'running', reason: null, templateVersion: retargeted.version });
      return { actor, action: 'rollout.resume', outcome: 'resumed', detail: { wave: r.wave, templateVersion: retargeted.version, retargeted: retargeted.sites } };
    });
  }

  abort(id: number, rollBack: boolean, actor: string): Promise<Rollout> {
    return this.#person(id, async (r) => {
      if (!ACTIVE_ROLLOUT_STATES.has(r.state) && r.state !== 'halted') throw new AppFailure('conflict', `A rollout that is ${r.state} cannot be aborted`);
      await this.#w.repo.moveAll(id, ['pending', 'offline'], { state: 'skipped', message: `Aborted by ${actor} before its turn` }, this.#w.clock.now(), null);
      await this.#w.repo.update(id, { state: 'aborted', abortRollback: rollBack, reason: `Aborted by ${actor}${rollBack ? ', rolling back what it changed' : ''}`, nextAt: null });
      return { actor, action: 'rollout.abort', outcome: 'aborted', detail: { rollBack } };
    });
  }

  approve(id: number, typed: string, actor: string): Promise<Rollout> {
    return this.#person(id, async (r) => {
      if (r.state !== 'awaiting-approval') throw new AppFailure('conflict', `Rollout ${id} is not waiting for approval`);
      if (typed.trim() !== r.name) throw new AppFailure('validation', `Type the rollout’s name, “${r.name}”, to let wave ${r.wave} go`, { typed: 'Type the rollout’s name exactly' });
      await this.#w.repo.update(id, { state: 'running', reason: null });
      return { actor, action: 'rollout.approve', outcome: 'approved', detail: { wave: r.wave } };
    });
  }

  async report(id: number): Promise<{ text: string; filename: string }> {
    const r = await this.#get(id);
    return { text: rolloutReport(r, await this.#w.repo.sites(id)), filename: `rollout-${id}-${new Date(r.createdAt).toISOString().slice(0, 10)}.csv` };
  }

  /**
   * Every poll: gates of applied sites, offline sites back, doubtful sites to read back.
   * The poller's listeners are synchronous: the work is tracked (close() waits for it) and
   * done one result at a time.
   */
  onPoll(result: PollResult): void {
    this.onPolls([result]);
  }

  /** A batch of stored polls: one read finds the sites a rollout waits on; only their polls go further. */
  onPolls(results: readonly PollResult[]): void {
    if (this.#closed || results.length === 0) return;
    const next = this.#polls.then(async () => {
      const open = new Set(await this.#w.repo.sitesInOpenRollouts());
      for (const r of results) if (open.has(r.siteId)) await this.#onPoll(r);
    });
    this.#polls = next.catch(() => undefined);
    this.#track(next);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#loop) clearInterval(this.#loop);
    for (const t of this.#verifyTimers.values()) clearTimeout(t);
    this.#verifyTimers.clear();
    this.#pushes.close();
    await this.#tasks.idle();
  }

  async #onPoll(result: PollResult): Promise<void> {
    const open = await this.#w.repo.openForSite(result.siteId);
    if (open.length === 0) return;
    const now = this.#w.clock.now();
    for (const s of open) {
      const r = await this.#w.repo.get(s.rolloutId);
      if (!r) continue;
      if (s.state === 'applied' && result.startedAt >= (s.appliedAt ?? 0)) {
        const seen = { hash: result.status?.config.hash ?? null, verdict: result.assessment.verdict };
        await this.#judge(r, s, result.status ? seen : null, now);
      } else if (s.state === 'offline' && result.status !== null && s.errorCode === IN_DOUBT) {
        // Whatever the rollout's state: what this school has must be found out.
        await this.#w.repo.moveSite(r.id, s.siteId, ['offline'], { state: 'applying', errorCode: null, message: 'Back online: reading its config back' }, now);
        this.#changed(r.id);
      } else if (s.state === 'offline' && result.status !== null && ['running', 'waiting', 'awaiting-approval'].includes(r.state)) {
        await this.#w.repo.moveSite(r.id, s.siteId, ['offline'], { state: 'pending', message: 'Back online' }, now);
        this.#changed(r.id);
      }
      this.#sends.answered(s.rolloutId, s.siteId);
    }
    this.#kick();
  }

  // ---- the loop -------------------------------------------------------------

  #kick(): void {
    if (this.#kicked || this.#closed) return;
    this.#kicked = true;
    setImmediate(() =>
      this.#outside.runInAsyncScope(() => {
        this.#kicked = false;
        this.#tick();
      }),
    );
  }

  /** One pass at a time: a tick asked for during a pass runs once it ends. */
  #tick(): void {
    if (this.#closed) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    const pass = this.#passes().finally(() => (this.#ticking = null));
    this.#ticking = pass;
    this.#track(pass);
  }

  async #passes(): Promise<void> {
    do {
      this.#again = false;
      try {
        for (const r of await this.#w.repo.active()) await this.#drive(r.id);
      } catch (err) {
        this.#w.log.error('rollout step failed', { err });
      }
    } while (this.#again && !this.#closed);
  }

  async #drive(id: number): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const step = await this.#w.transaction(() => this.#step(id));
      if (step === 'idle') return;
      // Sends start after the transaction: each claims its site in a write of its own.
      if (step !== 'moved') {
        this.#sends.launch(step.r, step.work, await this.#w.othersAlive());
        return;
      }
    }
  }

  /** Reads the rollout, decides its next step and writes it: inside one transaction. */
  async #step(id: number): Promise<'idle' | 'moved' | { r: Rollout; work: Work }> {
    // Locked first: another collector's step on this rollout waits, then decides from this one's writes.
    const r = await this.#w.repo.lock(id);
    if (!r) return 'idle';
    const now = this.#w.clock.now();
    const sites = await this.#w.repo.sites(r.id);
    await this.#gates(r, sites, now);
    const busy = this.#sends.unavailable(r.id, now);
    // A site whose lease another collector holds is that collector's to send to.
    for (const s of sites) if (!this.#w.drives(s.siteId)) busy.add(s.siteId);
    const step: Step = nextStep(r, sites, now, busy, await this.#w.repo.abortRollsBack(r.id));
    if (step.kind === 'idle') return 'idle';
    if (step.kind === 'work') return { r, work: step.work };
    for (const m of step.sites) await this.#w.repo.moveAll(r.id, m.from, m.patch, now, m.waves, m.siteIds);
    await this.#w.repo.update(r.id, step.rollout);
    await this.#w.audit({ actor: r.actor, action: step.audit.action, siteId: null, target: r.name, detail: step.audit.detail, outcome: step.audit.outcome });
    this.#changed(r.id);
    return 'moved';
  }

  /** Applied sites past their window are judged on what the console saw last; the rest are polled. */
  async #gates(r: Rollout, sites: readonly RolloutTarget[], now: number): Promise<void> {
    for (const s of sites) {
      // The lease holder polls the site and sees its verdict: the gate is its to judge.
      if (s.state !== 'applied' || !this.#w.drives(s.siteId)) continue;
      if (s.verifyUntil !== null && now >= s.verifyUntil) {
        const verdict = this.#w.verdict(s.siteId);
        const live = await this.#w.config.liveHash(s.siteId);
        await this.#judge(r, s, verdict === null ? null : { hash: live, verdict }, now);
      } else this.#scheduleVerify(s.siteId, this.#t.verifyEveryMs);
    }
  }

  async #judge(r: Rollout, s: RolloutTarget, seen: { hash: string | null; verdict: Verdict } | null, now: number): Promise<void> {
    const patch = judgeGate(s, seen, r.plan.gate.rule, now);
    if (!patch) return;
    if (!(await this.#w.repo.moveSite(r.id, s.siteId, ['applied'], patch, now))) return;
    await this.#w.audit({ actor: r.actor, action: 'rollout.site.verify', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, toHash: s.toHash, verdictBefore: s.verdictBefore, verdictAfter: patch.verdictAfter ?? null, message: patch.message ?? null }, outcome: patch.state === 'verified' ? 'verified' : 'not-verified' });
    this.#changed(r.id);
    this.#kick();
  }

  /** A halted rollout resumed: sites not done take the template's newest version. */
  async #retarget(r: Rollout): Promise<{ version: number; sites: number }> {
    const again = (await this.#w.repo.sites(r.id)).filter((s) => s.wave >= r.wave && ['pending', 'rolled-back', 'failed'].includes(s.state));
    const facts = new Map((await this.#w.config.facts(new Set(again.map((s) => s.siteId)))).map((f) => [f.site.id, f]));
    const template = (await this.#w.config.templates()).find((t) => t.name === r.template);
    const now = this.#w.clock.now();
    let n = 0;
    for (const s of again) {
      const patch = retargetPatch(facts.get(s.siteId), r.template);
      if ((await this.#w.repo.moveSite(r.id, s.siteId, [s.state], patch, now)) && patch.state === 'pending') n++;
    }
    return { version: template?.version ?? r.templateVersion, sites: n };
  }

  #scheduleVerify(siteId: number, delayMs: number): void {
    if (this.#closed || this.#verifyTimers.has(siteId)) return;
    const timer = setTimeout(() => {
      this.#verifyTimers.delete(siteId);
      this.#outside.runInAsyncScope(() => this.#track(this.#w.pollNow(siteId)));
    }, delayMs);
    timer.unref();
    this.#verifyTimers.set(siteId, timer);
  }

  /** A person's move: read, check and write in one transaction, audited under them; answers the rollout after. */
  async #person(id: number, move: (r: Rollout) => Promise<{ actor: string; action: string; outcome: string; detail: Record<string, unknown> }>): Promise<Rollout> {
    const after = await this.#w.transaction(async () => {
      const r = await this.#w.repo.lock(id);
      if (!r) throw new AppFailure('not_found', `No rollout ${id}`);
      const e = await move(r);
      await this.#w.audit({ actor: e.actor, action: e.action, siteId: null, target: r.name, detail: { rolloutId: id, ...e.detail }, outcome: e.outcome });
      return this.#get(id);
    });
    this.#changed(id);
    this.#kick();
    return after;
  }

  #track(p: Promise<unknown>): void {
    this.#tasks.track(p);
  }

  #changed(id: number): void {
    this.#pushes.add([id]);
  }

  async #get(id: number): Promise<Rollout> {
    const r = await this.#w.repo.get(id);
    if (!r) throw new AppFailure('not_found', `No rollout ${id}`);
    return r;
  }
}
