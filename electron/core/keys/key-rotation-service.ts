// Runs key rotations over a selection: for each site, read the agent's `auth list`, add the
// new key, prove a fresh login with it, switch the site to the new credential, remove the
// old key. Decisions come from rotation-decide.ts; each is written with one repo call, the
// step before its command is sent. A console killed anywhere resumes every running
// rotation by reading each open site's `auth list` again (see rotation-decide.ts).
// Collectors sharing a fleet: each works only on the sites whose lease it holds (its poller
// must follow the switch), and claims a site in the store before its first command, so two
// never send to one school; a dead collector's claim is taken over and read afresh.
import type { Clock } from '../../../shared/clock.ts';
import { FINAL_ROTATION_STATES, type Rotation, type RotationDetail, type RotationPlanInput, type RotationPreview, type RotationSiteState } from '../../../shared/key-rotation.ts';
import { splitPublicKeyLine, type KeyType } from '../../../shared/protocol/auth-keys.ts';
import type { AgentRequest } from '../../../shared/protocol/v1.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { Logger } from '../log.ts';
import type { CredentialInfo } from '../secrets/credential-store.ts';
import type { VerbOutcome } from '../ssh/agent-client.ts';
import type { RotationRun, Store } from '../store/store.ts';
import { TaskSet } from '../task-set.ts';
import { lookAt, nextStep, offlineExpired, planRotation, settleProof, stepFailed, type Look, type RotationCandidate } from './rotation-decide.ts';

export interface RotationWorld {
  clock: Clock;
  log: Logger;
  repo: Store['keyRotations'];
  /** The saved credential, with the fingerprint of its public key. */
  credential(id: number): Promise<(CredentialInfo & { fingerprint: string }) | null>;
  candidates(siteIds: readonly number[]): Promise<RotationCandidate[]>;
  /** The credential the site logs in with now. */
  credentialOf(siteId: number): Promise<number | null>;
  run<R extends AgentRequest>(siteId: number, credentialId: number, request: R, overallMs: number): Promise<VerbOutcome<R>>;
  /** The site now logs in with another key: the poller follows it and forgets its pooled connection. */
  switched(siteId: number): Promise<void>;
  audit(entry: { actor: string; action: string; siteId: number | null; target: string | null; detail: Record<string, unknown>; outcome: string }): Promise<void>;
  /** Pushes `keys.rotationsChanged` (batched). */
  changed(id: number): void;
  /** Sends what is pending: the service is closing. */
  closed(): void;
  /** This process in site claims: 'console', or the collector's id. */
  owner: string;
  /** Whether this process works on the site: it holds the site's lease (always, on its own). */
  drives(siteId: number): boolean;
  /** Other collectors alive now: their claims stand. */
  othersAlive(): Promise<string[]>;
}

export interface RotationTimings {
  overallMs: number;
  /** Offline sites are tried again this often while the rotation runs. */
  retryMs: number;
  /** After this long offline, a site is listed as not done (it keeps its old key). */
  offlineWaitMs: number;
  concurrency: number;
  /** Running rotations are looked at this often (or every retryMs, if sooner): one begun through another collector, or sites a dead one left. */
  scanMs: number;
}

const DEFAULT_TIMINGS: RotationTimings = { overallMs: 60_000, retryMs: 30_000, offlineWaitMs: 72 * 3_600_000, concurrency: 8, scanMs: 5_000 };
const OPEN: readonly RotationSiteState[] = ['pending', 'adding', 'proving', 'removing', 'offline'];
/** A site needs at most add, prove, remove and a last look; more means something keeps undoing us. */
const MAX_STEPS = 6;

export class KeyRotationService {
  readonly #w: RotationWorld;
  readonly #t: RotationTimings;
  readonly #tasks: TaskSet;
  readonly #driving = new Set<number>();
  /** rotationId:siteId → an offline site is not tried again before this time (performance.now: a wait in real time, like a timer's). */
  readonly #retryAt = new Map<string, number>();
  #scanner: ReturnType<typeof setInterval> | null = null;
  #closed = false;

  constructor(world: RotationWorld, timings: Partial<RotationTimings> = {}) {
    this.#w = world;
    this.#t = { ...DEFAULT_TIMINGS, ...timings };
    this.#tasks = new TaskSet((err) => this.#w.log.error('key rotation work failed', { err }));
  }

  /** Goes on with every rotation that was running when the console stopped, and keeps looking. */
  async start(): Promise<void> {
    await this.#scan();
    this.#scanner = setInterval(() => void this.#scan(), Math.min(this.#t.scanMs, this.#t.retryMs));
    this.#scanner.unref();
  }

  async #scan(): Promise<void> {
    if (this.#closed) return;
    try {
      for (const r of await this.#w.repo.running()) this.#drive(r.id);
    } catch (err) {
      this.#w.log.error('could not read the running key rotations', { err });
    }
  }

  async preview(input: RotationPlanInput): Promise<RotationPreview> {
    const [oldKey, newKey] = [await this.#key(input.oldCredentialId, 'oldCredentialId'), await this.#key(input.newCredentialId, 'newCredentialId')];
    if (oldKey.fingerprint === newKey.fingerprint) throw new AppFailure('validation', 'Those two credentials hold the same key', { newCredentialId: 'Choose a different key' });
    const plan = planRotation(await this.#w.candidates(input.siteIds), oldKey.id, newKey.id);
    return { oldName: oldKey.name, newName: newKey.name, oldFingerprint: oldKey.fingerprint, newFingerprint: newKey.fingerprint, ...plan };
  }

  async begin(input: RotationPlanInput, actor: string): Promise<Rotation> {
    const p = await this.preview(input);
    if (p.ready.length === 0) throw new AppFailure('validation', 'None of the selected sites can rotate: see the reasons listed');
    const sites = [
      ...p.ready.map((s) => ({ ...s, state: 'pending' as const, message: null })),
      ...p.cannot.map((s) => ({ siteId: s.siteId, name: s.name, state: s.tooOld ? ('too-old' as const) : ('cannot' as const), message: s.reason })),
    ];
    const now = this.#w.clock.now();
    const id = await this.#w.repo.create({ oldCredentialId: input.oldCredentialId, newCredentialId: input.newCredentialId, oldName: p.oldName, newName: p.newName, oldFingerprint: p.oldFingerprint, newFingerprint: p.newFingerprint, actor, createdAt: now, sites });
    await this.#w.audit({ actor, action: 'key-rotation.start', siteId: null, target: `${p.oldName} → ${p.newName}`, detail: { rotationId: id, old: p.oldFingerprint, new: p.newFingerprint, sites: p.ready.length, cannot: p.cannot.length }, outcome: 'ok' });
    this.#drive(id);
    return this.#rotation(id);
  }

  list(limit: number): Promise<Rotation[]> {
    return this.#w.repo.list(limit);
  }

  async detail(id: number): Promise<RotationDetail> {
    return { rotation: await this.#rotation(id), sites: await this.#w.repo.sites(id) };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#scanner) clearInterval(this.#scanner);
    await this.#tasks.idle();
    this.#w.closed();
  }

  async #rotation(id: number): Promise<Rotation> {
    const r = await this.#w.repo.rotation(id);
    if (!r) throw new AppFailure('not_found', `No key rotation ${id}`);
    return r;
  }

  async #key(id: number, field: string): Promise<CredentialInfo & { fingerprint: string }> {
    const c = await this.#w.credential(id);
    if (!c) throw new AppFailure('validation', 'That key is not saved in this console', { [field]: 'Choose a saved key' });
    return c;
  }

  /** Works through a rotation's open sites, a few at a time; offline ones are tried again later. */
  #drive(id: number): void {
    if (this.#closed || this.#driving.has(id)) return;
    // Claimed before the first await, so two callers never drive one rotation at once.
    this.#driving.add(id);
    this.#tasks.track(this.#driveOnce(id));
  }

  async #driveOnce(id: number): Promise<void> {
    let run: RotationRun | null = null;
    try {
      run = await this.#w.repo.run(id);
      if (run) await this.#pass(run);
    } finally {
      this.#driving.delete(id);
      // After a failed pass too: the rotation finishes or is tried again later.
      if (run) await this.#afterPass(run);
    }
  }

  async #pass(run: RotationRun): Promise<void> {
    const now = performance.now();
    const due = (siteId: number) => (this.#retryAt.get(`${run.id}:${siteId}`) ?? 0) <= now;
    const queue = (await this.#w.repo.sites(run.id)).filter((s) => !FINAL_ROTATION_STATES.has(s.state) && this.#w.drives(s.siteId) && due(s.siteId));
    if (queue.length === 0) return;
    const claim = { owner: this.#w.owner, keep: await this.#w.othersAlive() };
    const worker = async (): Promise<void> => {
      for (let s = queue.shift(); s !== undefined && !this.#closed; s = queue.shift()) {
        if (await this.#w.repo.claim(run.id, s.siteId, OPEN, claim)) await this.#claimed(run, s.siteId, s.state);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#t.concurrency, queue.length) }, worker));
  }

  /** Works on a claimed site; the claim ends with the site's settled state, or here if it could not. */
  async #claimed(run: RotationRun, siteId: number, was: RotationSiteState): Promise<void> {
    try {
      await this.#site(run, siteId, was);
    } finally {
      await this.#w.repo.release(run.id, siteId, this.#w.owner);
    }
  }

  async #afterPass(run: RotationRun): Promise<void> {
    // Whichever collector settles the last open site completes the rotation: one UPDATE, once.
    if (await this.#w.repo.finishIfDone(run.id, this.#w.clock.now())) {
      await this.#w.audit({ actor: run.actor, action: 'key-rotation.finish', siteId: null, target: null, detail: { rotationId: run.id, counts: (await this.#rotation(run.id)).counts }, outcome: 'ok' });
      this.#w.changed(run.id);
    }
  }

  async #site(run: RotationRun, siteId: number, was: RotationSiteState): Promise<void> {
    const fp = { old: run.oldFingerprint, new: run.newFingerprint };
    const newKey = await this.#w.credential(run.newCredentialId);
    const words = newKey?.publicKey ? splitPublicKeyLine(newKey.publicKey) : null;
    if (!words) return this.#settle(run, siteId, 'failed', 'The new key is no longer saved in this console; the site keeps its old key');
    const audit = (action: string, outcome: string, detail: Record<string, unknown> = {}): Promise<void> =>
      this.#w.audit({ actor: run.actor, action: `key-rotation.${action}`, siteId, target: null, detail: { rotationId: run.id, ...detail }, outcome });
    for (let step = 0; step < MAX_STEPS; step++) {
      const current = await this.#w.credentialOf(siteId);
      if (current !== run.oldCredentialId && current !== run.newCredentialId) return this.#settle(run, siteId, 'failed', 'Its key was changed by hand during the rotation; nothing more is done here');
      const usesNew = current === run.newCredentialId;
      const look = lookAt(await this.#w.run(siteId, usesNew ? run.newCredentialId : run.oldCredentialId, { verb: 'auth-list' }, this.#t.overallMs));
      const next = nextStep(usesNew, look, fp);
      if (next.do === 'finish') {
        const expired = next.state === 'offline' && offlineExpired(run.createdAt, this.#w.clock.now(), this.#t.offlineWaitMs);
        return expired ? this.#settle(run, siteId, 'failed', `Not done: offline for the whole rotation (${next.message ?? ''}); it keeps its old key`) : this.#settle(run, siteId, next.state, next.message, was);
      }
      if (next.do === 'add') {
        if (!(await this.#mark(run, siteId, 'adding'))) return;
        const out = await this.#w.run(siteId, run.oldCredentialId, { verb: 'auth-add-key', keyType: words.type as KeyType, keyBase64: words.base64 }, this.#t.overallMs);
        const failed = stepFailed(out);
        await audit('add-key', failed === null ? 'ok' : failed.kind, { fingerprint: fp.new });
        if (failed !== null) return this.#stop(run, siteId, false, failed);
      } else if (next.do === 'prove') {
        if (!(await this.#mark(run, siteId, 'proving'))) return;
        const proof = settleProof(await this.#w.run(siteId, run.newCredentialId, { verb: 'auth-list' }, this.#t.overallMs), fp.new);
        await audit('prove', proof.proven ? 'ok' : proof.look.kind, proof.proven ? { fingerprint: fp.new } : { fingerprint: fp.new, reason: 'message' in proof.look ? proof.look.message : proof.look.kind });
        if (!proof.proven) return this.#stop(run, siteId, false, proof.look);
        if (!(await this.#w.repo.switchToNew(run.id, siteId, run.newCredentialId, this.#w.clock.now(), this.#w.owner))) return;
        await this.#w.switched(siteId);
        await audit('switch', 'ok', { from: run.oldCredentialId, to: run.newCredentialId });
        this.#w.changed(run.id);
      } else {
        if (!(await this.#mark(run, siteId, 'removing'))) return;
        const out = await this.#w.run(siteId, run.newCredentialId, { verb: 'auth-remove-key', fingerprint: fp.old }, this.#t.overallMs);
        const failed = stepFailed(out);
        await audit('remove-key', failed === null ? 'ok' : failed.kind, { fingerprint: fp.old });
        if (failed !== null) return this.#stop(run, siteId, true, failed);
      }
      was = next.do === 'add' ? 'adding' : 'removing';
    }
    await this.#settle(run, siteId, 'failed', 'The agent kept undoing the rotation; stopped');
  }

  async #stop(run: RotationRun, siteId: number, usesNew: boolean, look: Look): Promise<void> {
    const next = nextStep(usesNew, look, { old: run.oldFingerprint, new: run.newFingerprint });
    if (next.do === 'finish') await this.#settle(run, siteId, next.state, next.message);
  }

  /** The step is written before its command is sent, under this process's claim: false, the claim was lost. */
  async #mark(run: RotationRun, siteId: number, state: RotationSiteState): Promise<boolean> {
    if (!(await this.#w.repo.move(run.id, siteId, OPEN, state, null, this.#w.clock.now(), { by: this.#w.owner, release: false }))) return false;
    this.#w.changed(run.id);
    return true;
  }

  async #settle(run: RotationRun, siteId: number, state: RotationSiteState, message: string | null, was?: RotationSiteState): Promise<void> {
    const now = this.#w.clock.now();
    if (!(await this.#w.repo.move(run.id, siteId, OPEN, state, message, now, { by: this.#w.owner, release: true }))) return;
    if (state === 'offline') this.#retryAt.set(`${run.id}:${siteId}`, performance.now() + this.#t.retryMs);
    // An offline site tried again and still offline is not news for the audit trail.
    if (!(state === 'offline' && was === 'offline')) {
      await this.#w.audit({ actor: run.actor, action: 'key-rotation.site', siteId, target: null, detail: { rotationId: run.id, message }, outcome: state });
    }
    this.#w.changed(run.id);
  }
}
