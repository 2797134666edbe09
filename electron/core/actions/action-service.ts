// Runs remote actions: previews a run, journals it, sends each site's command at the
// run's pace (concurrency, waves), waits for schools that are off, and follows each
// change with polls until it is verified. Decisions come from decide.ts; this file reads,
// sends, and writes the decision.
import { needsTypedConfirm, type Action, type ActionParams, type ActionPreview, type Run, type RunPacing } from '../../../shared/actions.ts';
import type { Clock } from '../../../shared/clock.ts';
import { localTime } from '../../../shared/health/calendar.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { EventBus } from '../events.ts';
import { PushBatch } from '../push-batch.ts';
import { TaskSet } from '../task-set.ts';
import type { Logger } from '../log.ts';
import type { PollResult } from '../poller/site-poller.ts';
import type { Async, JournalRepo } from '../store/store.ts';
import { failure } from '../ssh/failures.ts';
import { runVerb, type CommandRunner } from '../ssh/agent-client.ts';
import type { SshFailure } from '../ssh/failures.ts';
import { judge, neverSent, planRun, settle, type AnyOutcome, type Candidate, type Plan } from './decide.ts';
import { actionType } from './registry.ts';

/** What the service needs from the rest of the core; the core wires the real ones. */
export interface ActionWorld {
  clock: Clock;
  log: Logger;
  events: EventBus;
  journal: Async<JournalRepo>;
  /** Everything the planner needs to know about these sites, now. */
  candidates(ids: readonly number[] | 'all', kind: ActionParams['kind'], since: number): Promise<Map<number, Candidate>>;
  /** One way to a site's agent, shared with the poller: pinned key, credentials, limits. */
  connect(siteId: number, signal: AbortSignal): Promise<{ ok: true; runner: CommandRunner; release: () => void } | { ok: false; failure: SshFailure }>;
  /** Polls the site now; its result reaches onPoll like any other. */
  pollNow(siteId: number): Promise<void>;
  /** The site's current bad reasons and verdict, for the journal. */
  situation(siteId: number): { verdict: string | null; reasonCodes: string[] };
  audit(entry: { actor: string; action: string; siteId: number | null; target: string | null; detail: Record<string, unknown>; outcome: string }): Promise<void>;
  /** Adds a note to the incident the site had open at that time, if any. */
  noteIncident(siteId: number, at: number, author: string, text: string): Promise<void>;
  settings(): { concurrency: number; waitHours: number; verifyWindowMin: number };
  /** This process, as the journal names who runs an action: 'console', or a collector's id. */
  owner: string;
  /** Other collectors alive now: their running actions are their own, not left behind by a crash. */
  othersAlive(): Promise<string[]>;
}

export interface StartRequest {
  params: ActionParams;
  siteIds: readonly number[] | 'all';
  whenBack: boolean;
  pacing: Partial<RunPacing>;
  /** The site count as typed by the person, for large runs. */
  confirmCount?: number;
}

export interface ActionTimings {
  /** How long an agent has to answer a command. */
  execTimeoutMs: number;
  /** The first check after a change gives the agent a moment; then one every verifyEveryMs until decided. */
  verifyFirstMs: number;
  verifyEveryMs: number;
}

const CHANGE_PUSH_MS = 200;

const DEFAULT_TIMINGS: ActionTimings = { execTimeoutMs: 60_000, verifyFirstMs: 3_000, verifyEveryMs: 10_000 };

/** "09:14", school (London) time: what a person reading the incident expects. */
function hhmm(ms: number): string {
  const m = localTime(ms).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export class ActionService {
  readonly #w: ActionWorld;
  readonly #cancelled = new Set<number>();
  readonly #verifyTimers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #tasks: TaskSet;
  #expiryTimer: ReturnType<typeof setInterval> | null = null;
  readonly #executing = new Set<number>();
  readonly #pushes: PushBatch;
  #closed = false;
  #polls: Promise<void> = Promise.resolve();

  readonly #t: ActionTimings;

  constructor(world: ActionWorld, timings: Partial<ActionTimings> = {}) {
    this.#w = world;
    this.#t = { ...DEFAULT_TIMINGS, ...timings };
    this.#tasks = new TaskSet((err) => this.#w.log.error('action work failed', { err }));
    // A 2,000-site run changes thousands of times; each push makes every window re-read its run.
    this.#pushes = new PushBatch(CHANGE_PUSH_MS, (runIds) => {
      if (runIds !== 'all') this.#w.events.emit('actions.changed', { runIds });
    });
  }

  /** After a restart: what was running is unknown, never re-sent; waiting actions wait on. */
  async recover(): Promise<void> {
    await this.#recoverLeftBehind(await this.#w.othersAlive());
    this.#expiryTimer = setInterval(() => this.#track(this.expireDue()), 60_000);
    this.#expiryTimer.unref();
  }

  /**
   * What a process left behind (this one before its restart, or a collector that died): what
   * was running is unknown, what was queued is cancelled. `keep` are owners at work now.
   */
  async #recoverLeftBehind(keep: readonly string[]): Promise<void> {
    const now = this.#w.clock.now();
    const { unknown, cancelled } = await this.#w.journal.recoverAfterCrash(now, now + this.#w.settings().verifyWindowMin * 60_000, keep);
    for (const a of unknown) {
      await this.#w.audit({ actor: a.actor, action: `action.${a.kind}`, siteId: a.siteId, target: a.siteName, detail: { actionId: a.id, runId: a.runId }, outcome: 'unknown' });
      this.#scheduleVerify(a.siteId, this.#t.verifyFirstMs);
    }
    for (const runId of new Set([...unknown, ...cancelled].map((a) => a.runId))) await this.#w.journal.finishRunIfDone(runId, now, false);
    if (unknown.length || cancelled.length) this.#w.log.warn('actions interrupted by a restart', { unknown: unknown.length, cancelled: cancelled.length });
  }

  async preview(req: StartRequest): Promise<ActionPreview> {
    const type = actionType(req.params);
    const plan = await this.#plan(req);
    const request = type.request(req.params);
    return {
      kind: req.params.kind,
      verb: request.verb,
      description: type.describe(req.params),
      expectedEffect: type.expectedEffect(req.params),
      sites: plan.actions.map((a) => ({ siteId: a.siteId, siteName: a.siteName, waits: a.state === 'waiting' })),
      skipped: plan.skipped,
      confirmCount: needsTypedConfirm(plan.actions.length, req.siteIds === 'all') ? plan.actions.length : null,
    };
  }

  /** Journals the run and starts it; answers at once with the run as it begins. */
  async start(req: StartRequest, actor: string): Promise<Run> {
    if (this.#closed) throw new AppFailure('unavailable', 'The console is shutting down');
    const plan = await this.#plan(req);
    if (plan.actions.length === 0) {
      throw new AppFailure('conflict', plan.skipped.length ? `No site can take this action: ${plan.skipped[0]?.why ?? ''}` : 'No sites chosen');
    }
    if (needsTypedConfirm(plan.actions.length, req.siteIds === 'all') && req.confirmCount !== plan.actions.length) {
      throw new AppFailure('validation', `Type ${plan.actions.length} to confirm an action on ${plan.actions.length} sites`, { confirmCount: `Type ${plan.actions.length} to confirm` });
    }
    const pacing: RunPacing = { concurrency: req.pacing.concurrency ?? this.#w.settings().concurrency, waveSize: req.pacing.waveSize ?? null, wavePauseS: req.pacing.wavePauseS ?? 0 };
    const now = this.#w.clock.now();
    const { runId } = await this.#w.journal.createRun({ kind: req.params.kind, params: req.params, actor, pacing, skipped: plan.skipped, at: now, actions: plan.actions, owner: this.#w.owner });
    await this.#w.audit({ actor, action: `run.${req.params.kind}`, siteId: null, target: `${plan.actions.length} site(s)`, detail: { runId, params: req.params, pacing, skipped: plan.skipped.length }, outcome: 'started' });
    this.#track(this.#drive(runId, pacing));
    this.#changed([runId]);
    return this.#runOrThrow(runId);
  }

  /**
   * One read-only action at one site, answered in the same call (logs, diagnostics):
   * journalled and audited like any other.
   */
  async runNow(params: ActionParams, siteId: number, actor: string): Promise<{ action: Action; data: unknown }> {
    const type = actionType(params);
    if (type.changesSchool) throw new AppFailure('validation', `${type.label} changes the school: start it as a run, with a preview`);
    const plan = await this.#plan({ params, siteIds: [siteId], whenBack: false, pacing: {} });
    const one = plan.actions[0];
    if (!one) throw new AppFailure('conflict', plan.skipped[0]?.why ?? 'That site cannot take this action');
    const now = this.#w.clock.now();
    const pacing: RunPacing = { concurrency: 1, waveSize: null, wavePauseS: 0 };
    const { runId, actionIds } = await this.#w.journal.createRun({ kind: params.kind, params, actor, pacing, skipped: [], at: now, actions: [one], owner: this.#w.owner });
    const queued = await this.#w.journal.get(actionIds[0] ?? 0);
    if (!queued) throw new AppFailure('internal', 'The action was not journalled');
    const outcome = await this.#execute(queued);
    const action = (await this.#w.journal.get(queued.id)) ?? queued;
    this.#changed([runId]);
    if (!outcome || !outcome.ok) throw new AppFailure('unavailable', `Could not reach the agent: ${action.message ?? 'no answer'}`);
    if (!outcome.answer.ok) throw new AppFailure('unavailable', `The agent refused: ${outcome.answer.error.code} ${outcome.answer.error.message}`);
    return { action, data: outcome.answer.data };
  }

  /** Cancels what has not started; what is running finishes. */
  async cancelRun(runId: number, actor: string): Promise<Run> {
    await this.#runOrThrow(runId);
    this.#cancelled.add(runId);
    const n = await this.#w.journal.cancelRun(runId, this.#w.clock.now());
    await this.#w.audit({ actor, action: 'run.cancel', siteId: null, target: `run ${runId}`, detail: { runId, cancelled: n }, outcome: 'ok' });
    await this.#w.journal.finishRunIfDone(runId, this.#w.clock.now(), true);
    this.#changed([runId]);
    return this.#runOrThrow(runId);
  }

  async cancelAction(actionId: number, actor: string): Promise<Action> {
    const a = await this.#w.journal.get(actionId);
    if (!a) throw new AppFailure('not_found', `No action ${actionId}`);
    if (!(await this.#w.journal.cancelAction(actionId, this.#w.clock.now()))) throw new AppFailure('conflict', 'It has already started or ended');
    await this.#w.audit({ actor, action: `action.${a.kind}.cancel`, siteId: a.siteId, target: a.siteName, detail: { actionId }, outcome: 'ok' });
    await this.#w.journal.finishRunIfDone(a.runId, this.#w.clock.now(), false);
    this.#changed([a.runId]);
    return (await this.#w.journal.get(actionId)) ?? a;
  }

  async run(runId: number): Promise<{ run: Run; actions: Action[] }> {
    return { run: await this.#runOrThrow(runId), actions: await this.#w.journal.actionsOf(runId) };
  }

  /** Every poll's result: a site that answered runs what waits for it; changes are verified. */
  // The poller's listeners are synchronous: the work is tracked (idle() and close() wait for
  // it) and done one result at a time, so two quick polls never both verify one action.
  onPoll(result: PollResult): void {
    this.onPolls([result]);
  }

  /** A batch of stored polls: one read finds the sites with work waiting or to verify; only their polls go further. */
  onPolls(results: readonly PollResult[]): void {
    const answered = results.filter((r) => r.status !== null);
    if (this.#closed || answered.length === 0) return;
    const next = this.#polls.then(async () => {
      const open = new Set(await this.#w.journal.sitesWithOpenWork());
      for (const r of answered) if (open.has(r.siteId)) await this.#onPoll(r);
    });
    this.#polls = next.catch(() => undefined);
    this.#track(next);
  }

  async #onPoll(result: PollResult): Promise<void> {
    const now = this.#w.clock.now();
    for (const a of await this.#w.journal.pendingVerification(result.siteId)) await this.#verify(a, result, now);
    const waiting = await this.#w.journal.waitingFor(result.siteId);
    if (waiting.length) this.#track(Promise.all(waiting.map((a) => this.#execute(a))));
  }

  /** Every minute: waiting actions past their time expire, and a dead collector's actions are recovered. */
  async expireDue(): Promise<void> {
    const others = await this.#w.othersAlive();
    // Alone (one console), nobody else can have left anything behind since the start-up.
    if (this.#w.owner !== 'console') await this.#recoverLeftBehind([...others, this.#w.owner]);
    const expired = await this.#w.journal.expireWaiting(this.#w.clock.now());
    for (const a of expired) {
      await this.#w.audit({ actor: a.actor, action: `action.${a.kind}`, siteId: a.siteId, target: a.siteName, detail: { actionId: a.id, runId: a.runId }, outcome: 'expired' });
      await this.#w.journal.finishRunIfDone(a.runId, this.#w.clock.now(), false);
    }
    if (expired.length) this.#changed([...new Set(expired.map((a) => a.runId))]);
  }

  /** Waits for everything under way (tests, shutdown). */
  async idle(): Promise<void> {
    await this.#tasks.idle();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#expiryTimer) clearInterval(this.#expiryTimer);
    for (const t of this.#verifyTimers.values()) clearTimeout(t);
    this.#verifyTimers.clear();
    await this.idle();
    this.#pushes.flush();
    this.#pushes.close();
  }

  async #plan(req: StartRequest): Promise<Plan> {
    const type = actionType(req.params);
    const now = this.#w.clock.now();
    const candidates = await this.#w.candidates(req.siteIds, req.params.kind, now - 3_600_000);
    const requested = req.siteIds === 'all' ? [...candidates.keys()] : req.siteIds;
    return planRun({ type, requested, candidates, whenBack: req.whenBack, now, waitMs: this.#w.settings().waitHours * 3_600_000 });
  }

  async #drive(runId: number, pacing: RunPacing): Promise<void> {
    const queued = await this.#w.journal.queuedOf(runId);
    const waveSize = pacing.waveSize ?? Math.max(1, queued.length);
    for (let start = 0; start < queued.length && !this.#stopped(runId); start += waveSize) {
      if (start > 0 && pacing.wavePauseS > 0) await this.#pause(runId, pacing.wavePauseS * 1000);
      const wave = queued.slice(start, start + waveSize);
      let next = 0;
      const worker = async () => {
        while (next < wave.length && !this.#stopped(runId)) {
          const a = wave[next++];
          if (a) await this.#execute(a);
        }
      };
      await Promise.all(Array.from({ length: Math.min(pacing.concurrency, wave.length) }, worker));
    }
    await this.#w.journal.finishRunIfDone(runId, this.#w.clock.now(), this.#cancelled.has(runId));
    this.#changed([runId]);
  }

  #stopped(runId: number): boolean {
    return this.#closed || this.#cancelled.has(runId);
  }

  async #pause(runId: number, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !this.#stopped(runId)) await new Promise((r) => setTimeout(r, Math.min(250, until - Date.now())));
  }

  /** One site's action: connect, journal it running, send, settle. Never sent twice. */
  async #execute(a: Action): Promise<AnyOutcome | null> {
    // Polls in quick succession can each find the same action waiting: one attempt at a time
    // (claim() would refuse the second anyway; this spares it a connection).
    if (this.#executing.has(a.id)) return null;
    this.#executing.add(a.id);
    try {
      return await this.#attempt(a);
    } finally {
      this.#executing.delete(a.id);
    }
  }

  async #attempt(a: Action): Promise<AnyOutcome | null> {
    const type = actionType(a.params);
    const signal = AbortSignal.timeout(this.#t.execTimeoutMs + 15_000);
    const conn = await this.#w.connect(a.siteId, signal);
    const now = () => this.#w.clock.now();
    if (!conn.ok) {
      // Nothing was sent. A change can wait for the school to come back (one already waiting
      // waits on); a read cannot.
      if (type.changesSchool && neverSent(conn.failure)) {
        if (a.state === 'queued') await this.#w.journal.toWaiting(a.id, now() + this.#w.settings().waitHours * 3_600_000);
      } else {
        await this.#w.journal.settle(a.id, settle(type, { ok: false, failure: conn.failure }, now(), 0));
        await this.#finished(await this.#w.journal.get(a.id));
      }
      this.#changed([a.runId]);
      return { ok: false, failure: conn.failure };
    }
    try {
      const situation = this.#w.situation(a.siteId);
      if (!(await this.#w.journal.claim(a.id, now(), situation.verdict, situation.reasonCodes, this.#w.owner))) return null;
      this.#changed([a.runId]);
      const outcome = await runVerb(conn.runner, type.request(a.params), { timeoutMs: this.#t.execTimeoutMs, signal }).catch((err: unknown) => ({
        ok: false as const,
        failure: failure('protocol-error', err instanceof Error ? err.message : String(err)),
      }));
      await this.#w.journal.settle(a.id, settle(type, outcome, now(), this.#w.settings().verifyWindowMin * 60_000));
      const settled = await this.#w.journal.get(a.id);
      await this.#finished(settled);
      if (settled?.verification === 'pending') this.#scheduleVerify(a.siteId, this.#t.verifyFirstMs);
      return outcome;
    } finally {
      conn.release();
      this.#changed([a.runId]);
    }
  }

  async #finished(a: Action | null): Promise<void> {
    if (!a) return;
    await this.#w.audit({ actor: a.actor, action: `action.${a.kind}`, siteId: a.siteId, target: a.siteName, detail: { actionId: a.id, runId: a.runId, params: a.params, errorCode: a.errorCode, outputSha256: a.outputSha256 }, outcome: a.state });
    await this.#w.journal.finishRunIfDone(a.runId, this.#w.clock.now(), this.#cancelled.has(a.runId));
  }

  async #verify(a: Action, result: PollResult, now: number): Promise<void> {
    const type = actionType(a.params);
    const sentAt = a.startedAt ?? a.createdAt;
    if (result.startedAt < sentAt) return;
    const verdict = judge(type, a.params, result.status, sentAt, now, await this.#w.journal.verifyUntil(a.id));
    if (verdict === 'pending') {
      this.#scheduleVerify(a.siteId, this.#t.verifyEveryMs);
      return;
    }
    await this.#w.journal.recordVerification(a.id, verdict, result.assessment.verdict);
    const done = `${type.pastTense} by ${a.actor} ${hhmm(sentAt)}`;
    const seen = `${result.assessment.verdict} at ${hhmm(now)}`;
    await this.#w.noteIncident(a.siteId, sentAt, a.actor, verdict === 'cleared' ? `${done} — verified, ${seen}` : `${done} — did not clear it: ${seen}`);
    this.#changed([a.runId]);
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

  #track(p: Promise<unknown>): void {
    this.#tasks.track(p);
  }

  #changed(runIds: number[]): void {
    this.#pushes.add(runIds);
  }

  async #runOrThrow(runId: number): Promise<Run> {
    const run = await this.#w.journal.run(runId);
    if (!run) throw new AppFailure('not_found', `No run ${runId}`);
    return run;
  }
}
