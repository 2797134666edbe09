// What a rollout does at one school at a time: apply, read back, roll back. Sends run beside
// the service's loop, bounded by the concurrency setting; each answer is written with one
// move guarded by the state the send claimed, so two hands never both move a site.
import type { Rollout } from '../../../shared/rollouts.ts';
import type { RolloutTarget } from '../store/store.ts';
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

  launch(r: Rollout, work: Work): void {
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
    for (const s of work.rollback) start(s, () => this.#rollback(r, s));
    for (const s of work.readback) start(s, () => this.#readback(r, s));
    for (const s of work.apply) start(s, () => this.#apply(r, s));
  }

  async #apply(r: Rollout, s: RolloutTarget): Promise<void> {
    const claimedAt = this.#w.clock.now();
    // Journalled as applying before anything is sent: a crash from here on is read back.
    const verdictBefore = this.#w.verdict(s.siteId);
    if (!(await this.#w.repo.moveSite(r.id, s.siteId, ['pending'], { state: 'applying', verdictBefore, message: null }, claimedAt))) return;
    this.#h.changed(r.id);
    const outcome = await sendApply(this.#w.connect, s, this.#t);
    const now = this.#w.clock.now();
    const d = settleApply({ ...s, verdictBefore }, outcome, now, r.plan);
    if (!(await this.#w.repo.moveSite(r.id, s.siteId, ['applying'], d.patch, now, d.knownHash))) return;
    if (d.patch.state === 'applying' || d.patch.state === 'offline') this.#retryAt.set(`${r.id}:${s.siteId}`, now + this.#t.retryMs);
    await this.#w.audit({ actor: r.actor, action: 'rollout.site.apply', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, wave: s.wave, fromHash: s.fromHash, toHash: s.toHash, errorCode: d.patch.errorCode ?? null, message: d.patch.message ?? null }, outcome: d.patch.state });
    if (d.knownHash) this.#w.config.liveChanged(s.siteId);
    if (d.patch.state === 'applied') this.#h.verifyLater(s.siteId, this.#t.verifyFirstMs);
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
    if (!(await this.#w.repo.moveSite(r.id, s.siteId, ['applying'], d.patch, now, d.knownHash))) return;
    await this.#w.audit({ actor: r.actor, action: 'rollout.site.apply', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, readBack: live }, outcome: d.patch.state });
    if (d.patch.state === 'applied') this.#h.verifyLater(s.siteId, this.#t.verifyFirstMs);
  }

  async #rollback(r: Rollout, s: RolloutTarget): Promise<void> {
    const out = await sendRollback(this.#w.connect, s, this.#t);
    const now = this.#w.clock.now();
    if (out.kind !== 'done') {
      this.#retryAt.set(`${r.id}:${s.siteId}`, now + this.#t.retryMs);
      return;
    }
    const d = settleRollback(s, out.liveHash, out.rolledBackTo, now, out.refused);
    if (!d || !(await this.#w.repo.moveSite(r.id, s.siteId, ['rolling-back'], d.patch, now, d.knownHash))) return;
    await this.#w.audit({ actor: r.actor, action: 'rollout.site.rollback', siteId: s.siteId, target: s.siteName, detail: { rolloutId: r.id, fromHash: s.toHash, toHash: s.fromHash, reason: s.errorCode, message: d.patch.message ?? null }, outcome: d.patch.state });
    if (d.knownHash) this.#w.config.liveChanged(s.siteId);
    // The next poll reads the restored config and the verdict after.
    this.#h.verifyLater(s.siteId, this.#t.verifyFirstMs);
  }
}
