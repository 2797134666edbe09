// What a rollout does at one school at a time: apply, read back, roll back. Sends run beside
// the service's loop, bounded by the concurrency setting. Each send first claims its site in
// the store (state and owner, one compare-and-set), and its answer is written with one move
// that stands only while that claim does: of two collectors, one sends; the other's claim
// fails. A dead collector's claim is taken over (`keep` lists the live ones): what it was
// sending is read back, never sent again blind.
import type { Rollout } from '../../../shared/rollouts.ts';
import type { RolloutTarget, SiteClaim, SitePatch } from '../store/store.ts';
import { readBack, sendApply, sendRollback } from './rollout-agent.ts';
import { settleApply, settleReadback, settleRollback } from './rollout-decide.ts';
import type { RolloutTimings, RolloutWorld } from './rollout-service.ts';

/** What a send tells the service: the rollout moved, look again, poll this site later. */
export interface SendHooks {
  changed(rolloutId: number): void;
  kick(): void;
  verifyLater(siteId: number, delayMs: number): void;
  track(p: Promise<unknown>): void;
}

export type Work = { apply: RolloutTarget[]; rollback: RolloutTarget[]; readback: RolloutTarget[] };

export class RolloutSends {
  readonly #w: RolloutWorld;
  readonly #t: RolloutTimings;
  readonly #h: SendHooks;
  /** Sites being worked on, per rollout. */
  readonly #busy = new Map<number, Set<number>>();
  /** rolloutId:siteId → not before this time (unreachable, busy agent). */
  readonly #retryAt = new Map<string, number>();
  /** Read-backs that found the school unreachable once: the next miss makes it offline, in doubt. */
  readonly #retried = new Set<string>();

  constructor(world: RolloutWorld, timings: RolloutTimings, hooks: SendHooks) {
    this.#w = world;
    this.#t = timings;
    this.#h = hooks;
  }

  /** Sites of this rollout that are being worked on or must wait before another try. */
  unavailable(rolloutId: number, now: number): Set<number> {
    const out = new Set(this.#busy.get(rolloutId) ?? []);
    for (const [key, at] of this.#retryAt) {
      if (at <= now) this.#retryAt.delete(key);
      else if (key.startsWith(`${rolloutId}:`)) out.add(Number(key.slice(key.indexOf(':') + 1)));
    }
    return out;
  }

  /** The site answered a poll: it may be tried again at once. */
  answered(rolloutId: number, siteId: number): void {
    this.#retryAt.delete(`${rolloutId}:${siteId}`);
  }

  /** `keep`: the other collectors alive now, whose claims stand. */
  launch(r: Rollout, work: Work, keep: readonly string[]): void {
    const claim: SiteClaim = { owner: this.#w.owner, keep };
    const busy = this.#busy.get(r.id) ?? new Set<number>();
    this.#busy.set(r.id, busy);
    let room = this.#w.concurrency() - [...this.#busy.values()].reduce((n, b) => n + b.size, 0);
    const start = (s: RolloutTarget, job: () => Promise<void>) => {
      if (room <= 0 || busy.has(s.siteId)) return;
      room--;
      busy.add(s.siteId);
      this.#h.track(
        job().finally(() => {
          busy.delete(s.siteId);
          this.#h.changed(r.id);
          this.#h.kick();
        }),
      );
    };
    for (const s of work.rollback) start(s, () => this.#rollback(r, s, claim));
    for (const s of work.readback) start(s, () => this.#readback(r, s, claim));
    for (const s of work.apply) start(s, () => this.#apply(r, s, claim));
  }

  /** Claims the site's step; a site another live collector works on is left to it for a while. */
  async #claim(r: Rollout, s: RolloutTarget, from: RolloutTarget['state'], patch: SitePatch, at: number, claim: SiteClaim): Promise<boolean> {
    if (await this.#w.repo.claimSite(r.id, s.siteId, [from], patch, at, claim)) return true;
    this.#retryAt.set(`${r.id}:${s.siteId}`, at + this.#t.retryMs);
    return false;
  }

  /** Gives the claim back, the site as it was: the step is tried again later. */
  async #release(r: Rollout, s: RolloutTarget, state: RolloutTarget['state'], now: number): Promise<void> {
    await this.#w.repo.moveSite(r.id, s.siteId, [state], { state }, now, undefined, this.#w.owner);
    this.#retryAt.set(`${r.id}:${s.siteId}`, now + this.#t.retryMs);
  }

  async #apply(r: Rollout, s: RolloutTarget, claim: SiteClaim): Promise<void> {
    const claimedAt = this.#w.clock.now();
    // Journalled as applying before anything is sent: a crash from here on is read back.
    const verdictBefore = this.#w.verdict(s.siteId);
    if (!(await this.#claim(r, s, 'pending', { state: 'applying', verdictBefore, message: null }, claimedAt, claim))) return;
    this.#h.changed(r.id);
    const outcome = await sendApply(this.#w.connect, s, this.#t);
    const now = this.#w.clock.now();
    const d = settleApply({ ...s, verdictBefore }, outcome, now, r.plan);
    if (!(await this.#w.repo.moveSite(r.id, s.siteId, ['applying'], d.patch, now, d.knownHash, this.#w.owner))) return;
    if (d.patch.state === 'applying' || d.patch.state === 'offline') this.#retryAt.set(`${r.id}:${s.siteId}`, now + this.#t.retryMs);
    await this.#w.audit({ actor: r.actor, action: 'rollout.site.apply', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, wave: s.wave, fromHash: s.fromHash, toHash: s.toHash, errorCode: d.patch.errorCode ?? null, message: d.patch.message ?? null }, outcome: d.patch.state });
    if (d.knownHash) this.#w.config.liveChanged(s.siteId);
    if (d.patch.state === 'applied') this.#h.verifyLater(s.siteId, this.#t.verifyFirstMs);
  }

  async #readback(r: Rollout, s: RolloutTarget, claim: SiteClaim): Promise<void> {
    if (!(await this.#claim(r, s, 'applying', { state: 'applying' }, this.#w.clock.now(), claim))) return;
    const read = await readBack(this.#w.connect, s.siteId, this.#t);
    const now = this.#w.clock.now();
    const key = `${r.id}:${s.siteId}`;
    // Unreachable twice in a row (retryMs apart): offline, in doubt, so one school switched
    // off mid-apply never holds up its wave. A useless answer is simply tried again.
    if (read.kind === 'no-answer' || (read.kind === 'unreachable' && !this.#retried.has(key))) {
      if (read.kind === 'unreachable') this.#retried.add(key);
      return this.#release(r, s, 'applying', now);
    }
    this.#retried.delete(key);
    const live = read.kind === 'hash' ? read.hash : null;
    const d = settleReadback(s, live, now, r.plan);
    if (!(await this.#w.repo.moveSite(r.id, s.siteId, ['applying'], d.patch, now, d.knownHash, this.#w.owner))) return;
    await this.#w.audit({ actor: r.actor, action: 'rollout.site.apply', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, readBack: live }, outcome: d.patch.state });
    if (d.patch.state === 'applied') this.#h.verifyLater(s.siteId, this.#t.verifyFirstMs);
  }

  async #rollback(r: Rollout, s: RolloutTarget, claim: SiteClaim): Promise<void> {
    if (!(await this.#claim(r, s, 'rolling-back', { state: 'rolling-back' }, this.#w.clock.now(), claim))) return;
    const out = await sendRollback(this.#w.connect, s, this.#t);
    const now = this.#w.clock.now();
    const d = out.kind === 'done' ? settleRollback(s, out.liveHash, out.rolledBackTo, now, out.refused) : null;
    if (!d) return this.#release(r, s, 'rolling-back', now);
    if (!(await this.#w.repo.moveSite(r.id, s.siteId, ['rolling-back'], d.patch, now, d.knownHash, this.#w.owner))) return;
    await this.#w.audit({ actor: r.actor, action: 'rollout.site.rollback', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, fromHash: s.toHash, toHash: s.fromHash, reason: s.errorCode, message: d.patch.message ?? null }, outcome: d.patch.state });
    if (d.knownHash) this.#w.config.liveChanged(s.siteId);
    // The next poll reads the restored config and the verdict after.
    this.#h.verifyLater(s.siteId, this.#t.verifyFirstMs);
  }
}
