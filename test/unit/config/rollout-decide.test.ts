import { describe, expect, it } from 'vitest';
import { failureShare, judgeGate, nextStep, passesGate, settleApply, settleReadback, settleRollback } from '../../../electron/core/config/rollout-decide.ts';
import type { RolloutTarget } from '../../../electron/core/store/sqlite/rollout-repo.ts';
import { RolloutPlanInputSchema, type Rollout } from '../../../shared/rollouts.ts';

const NOW = Date.UTC(2026, 11, 3, 9, 0);
const FROM = `sha256:${'a'.repeat(64)}`;
const TO = `sha256:${'b'.repeat(64)}`;
const OTHER = `sha256:${'c'.repeat(64)}`;

const site = (siteId: number, over: Partial<RolloutTarget> = {}): RolloutTarget => ({
  rolloutId: 1,
  siteId,
  siteName: `School ${siteId}`,
  urn: 100000 + siteId,
  wave: 0,
  state: 'pending',
  fromHash: FROM,
  toHash: TO,
  configJson: '{}',
  templateVersion: 1,
  changes: 'endpoint',
  errorCode: null,
  message: null,
  verdictBefore: 'healthy',
  verdictAfter: null,
  appliedAt: null,
  verifiedAt: null,
  rolledBackAt: null,
  expiresAt: null,
  verifyUntil: null,
  updatedAt: NOW,
  ...over,
});

const rollout = (over: Partial<Rollout> = {}, plan: Record<string, unknown> = {}): Rollout => ({
  id: 1,
  name: 'T v1 to 10 sites',
  template: 'T',
  templateVersion: 1,
  plan: RolloutPlanInputSchema.parse({ template: 'T', siteIds: 'all', maxFailurePct: 10, waitBetweenS: 60, ...plan }),
  state: 'running',
  actor: 'Jo',
  createdAt: NOW,
  startedAt: NOW,
  finishedAt: null,
  wave: 0,
  waves: 3,
  nextAt: null,
  reason: null,
  counts: {},
  total: 10,
  skipped: [],
  ...over,
});

describe('settling an apply', () => {
  const plan = rollout().plan;
  it('waits for a school nothing reached, with an expiry; reads back one that went silent', () => {
    expect(settleApply(site(1), { kind: 'not-sent', message: 'connect refused' }, NOW, plan).patch).toMatchObject({ state: 'offline', expiresAt: NOW + 72 * 3_600_000 });
    expect(settleApply(site(1, { expiresAt: NOW + 5 }), { kind: 'not-sent', message: 'x' }, NOW, plan).patch.expiresAt).toBe(NOW + 5);
    expect(settleApply(site(1), { kind: 'lost', message: 'reset' }, NOW, plan).patch).toMatchObject({ state: 'applying', message: expect.stringMatching(/read back/) as unknown });
  });

  it('a conflict is someone else’s change, unless the new config is already there (a lost answer)', () => {
    expect(settleApply(site(1), { kind: 'conflict', liveHash: OTHER, message: 'not expected' }, NOW, plan)).toEqual({ patch: { state: 'conflict', errorCode: 'E_CONFLICT', message: 'not expected' } });
    expect(settleApply(site(1), { kind: 'conflict', liveHash: TO, message: 'x' }, NOW, plan)).toMatchObject({ patch: { state: 'applied' }, knownHash: TO });
  });

  it('a config the agent could not work with is rolled back at once; a good one waits for its gate', () => {
    expect(settleApply(site(1), { kind: 'applied', verified: false, failedChecks: 'cannot connect to https://x' }, NOW, plan)).toMatchObject({ patch: { state: 'rolling-back', errorCode: 'NOT_VERIFIED' }, knownHash: TO });
    // A site already failing fails the agent's checks whatever the config: its gate decides.
    expect(settleApply(site(1, { verdictBefore: 'failing' }), { kind: 'applied', verified: false, failedChecks: 'cannot reach SCH1\\SIMS' }, NOW, plan).patch.state).toBe('applied');
    expect(settleApply(site(1), { kind: 'applied', verified: true, failedChecks: '' }, NOW, plan)).toMatchObject({ patch: { state: 'applied', verifyUntil: NOW + 15 * 60_000 }, knownHash: TO });
    expect(settleApply(site(1), { kind: 'refused', code: 'E_DISK_FULL', message: 'no space' }, NOW, plan).patch).toMatchObject({ state: 'failed', errorCode: 'E_DISK_FULL' });
  });

  it('reads back what a crash left in doubt', () => {
    expect(settleReadback(site(1), null, NOW, plan).patch).toMatchObject({ state: 'offline', errorCode: 'IN_DOUBT', expiresAt: null });
    expect(settleReadback(site(1), TO, NOW, plan).patch.state).toBe('applied');
    expect(settleReadback(site(1), FROM, NOW, plan).patch.state).toBe('pending');
    expect(settleReadback(site(1), OTHER, NOW, plan).patch.state).toBe('conflict');
  });
});

describe('settling a rollback', () => {
  it('never swaps a config it did not give the site', () => {
    expect(settleRollback(site(1), FROM, null, NOW, null)?.patch.state).toBe('rolled-back');
    expect(settleRollback(site(1), OTHER, null, NOW, null)?.patch).toMatchObject({ state: 'rollback-failed', message: expect.stringMatching(/changed/) as unknown });
    expect(settleRollback(site(1), TO, FROM, NOW, null)).toMatchObject({ patch: { state: 'rolled-back' }, knownHash: FROM });
    expect(settleRollback(site(1), TO, OTHER, NOW, null)?.patch.state).toBe('rollback-failed');
    expect(settleRollback(site(1), TO, null, NOW, 'E_NO_BACKUP: none')?.patch.state).toBe('rollback-failed');
  });
});

describe('the gate', () => {
  it('healthy means healthy; no worse allows what the site already had', () => {
    expect(passesGate('healthy', 'failing', 'failing')).toBe(false);
    expect(passesGate('no-worse', 'failing', 'failing')).toBe(true);
    expect(passesGate('no-worse', 'healthy', 'failing')).toBe(false);
    expect(passesGate('no-worse', 'healthy', 'lagging')).toBe(true);
  });

  it('verifies on the new hash and a passing verdict; rolls back past the window', () => {
    const applied = site(1, { state: 'applied', verifyUntil: NOW + 1000 });
    expect(judgeGate(applied, { hash: TO, verdict: 'healthy' }, 'no-worse', NOW)).toMatchObject({ state: 'verified', verdictAfter: 'healthy' });
    expect(judgeGate(applied, { hash: TO, verdict: 'failing' }, 'no-worse', NOW)).toBeNull();
    expect(judgeGate(applied, { hash: TO, verdict: 'failing' }, 'no-worse', NOW + 1000)).toMatchObject({ state: 'rolling-back', errorCode: 'NOT_VERIFIED', message: expect.stringMatching(/failing after the change \(was healthy\)/) as unknown });
    expect(judgeGate(applied, null, 'no-worse', NOW + 1000)?.message).toMatch(/no answer/);
  });
});

describe('nextStep', () => {
  const none = new Set<number>();

  it('sends the current wave’s pending sites, then waits while any is in flight or at its gate', () => {
    const sites = [site(1), site(2, { state: 'applied', verifyUntil: NOW + 500 }), site(3, { wave: 1 })];
    const step = nextStep(rollout(), sites, NOW, none, false);
    expect(step.kind === 'work' && step.work.apply.map((s) => s.siteId)).toEqual([1]);
    expect(nextStep(rollout(), sites, NOW, new Set([1]), false)).toEqual({ kind: 'idle', until: NOW + 500 });
  });

  it('halts a wave as soon as its failures pass the limit, before sending the rest', () => {
    const sites = [site(1, { state: 'failed' }), site(2, { state: 'failed' }), ...Array.from({ length: 8 }, (_, i) => site(3 + i))];
    expect(failureShare(sites)).toEqual({ failures: 2, counted: 10, pct: 20 });
    const step = nextStep(rollout(), sites, NOW, none, false);
    expect(step).toMatchObject({ kind: 'move', rollout: { state: 'halted', reason: 'Wave canary failed: 2 of 10 sites failed to apply or to verify (more than 10%)' } });
  });

  it('counts offline and conflicting sites apart from failures', () => {
    const sites = [site(1, { state: 'offline', expiresAt: NOW + 1 }), site(2, { state: 'conflict' }), site(3, { state: 'verified' })];
    expect(failureShare(sites)).toEqual({ failures: 0, counted: 1, pct: 0 });
  });

  it('rolls back a halted rollout’s failed wave (or every wave when asked)', () => {
    const sites = [site(1, { state: 'verified' }), site(2, { wave: 1, state: 'verified' })];
    const halted = rollout({ state: 'halted', wave: 1 });
    expect(nextStep(halted, sites, NOW, none, false)).toMatchObject({ kind: 'move', sites: [{ from: ['applied', 'verified'], patch: { state: 'rolling-back', errorCode: 'WAVE_FAILED' }, waves: [1] }] });
    const all = rollout({ state: 'halted', wave: 1 }, { rollbackAll: true });
    expect(nextStep(all, sites, NOW, none, false)).toMatchObject({ kind: 'move', sites: [{ waves: null }] });
  });

  it('moves on after a passed wave: a wait, an approval, or the end', () => {
    const passed = [site(1, { state: 'verified' })];
    expect(nextStep(rollout(), passed, NOW, none, false)).toMatchObject({ kind: 'move', rollout: { state: 'waiting', wave: 1, nextAt: NOW + 60_000 } });
    expect(nextStep(rollout({}, { approvalBetweenWaves: true }), passed, NOW, none, false)).toMatchObject({ kind: 'move', rollout: { state: 'awaiting-approval', wave: 1 } });
    expect(nextStep(rollout({ state: 'waiting', wave: 1, nextAt: NOW + 1 }), passed, NOW, none, false)).toEqual({ kind: 'idle', until: NOW + 1 });
    expect(nextStep(rollout({ state: 'waiting', wave: 1, nextAt: NOW }), passed, NOW, none, false)).toMatchObject({ kind: 'move', rollout: { state: 'running' } });
    expect(nextStep(rollout({ wave: 2 }), [site(1, { wave: 2, state: 'verified' })], NOW, none, false)).toMatchObject({ kind: 'move', rollout: { wave: 3 } });
    expect(nextStep(rollout({ wave: 3 }), [site(1, { wave: 2, state: 'verified' })], NOW, none, false)).toMatchObject({ kind: 'move', rollout: { state: 'completed', finishedAt: NOW } });
  });

  it('does not finish while a school it waits for is offline, and lets it expire', () => {
    const off = [site(1, { state: 'offline', expiresAt: NOW + 10 })];
    expect(nextStep(rollout({ wave: 3 }), off, NOW, none, false).kind).toBe('idle');
    expect(nextStep(rollout({ wave: 3 }), off, NOW + 10, none, false)).toMatchObject({ kind: 'move', sites: [{ patch: { state: 'expired' }, siteIds: [1] }] });
  });

  it('an offline school whose apply was in doubt never expires: it may have the new config', () => {
    const doubt = [site(1, { state: 'offline', errorCode: 'IN_DOUBT', expiresAt: NOW - 1 })];
    expect(nextStep(rollout({ wave: 3 }), doubt, NOW, none, false)).toEqual({ kind: 'idle', until: null });
  });

  it('a wave moves on while a site is still being rolled back; the rollout ends only once it is back', () => {
    const rolling = [site(1, { state: 'verified' }), site(2, { state: 'rolling-back', errorCode: 'NOT_VERIFIED' })];
    const lenient = { maxFailurePct: 50 };
    expect(nextStep(rollout({ waves: 1 }, lenient), rolling, NOW, new Set([2]), false)).toMatchObject({ kind: 'move', rollout: { wave: 1 } });
    expect(nextStep(rollout({ wave: 1, waves: 1 }, lenient), rolling, NOW, new Set([2]), false).kind).toBe('idle');
    expect(nextStep(rollout({ wave: 1, waves: 1 }, lenient), [rolling[0] as RolloutTarget, site(2, { state: 'rolled-back' })], NOW, none, false)).toMatchObject({ rollout: { state: 'completed' } });
  });

  it('paused sends nothing new but still rolls back and reads back; aborted with roll back undoes what it changed', () => {
    const sites = [site(1), site(2, { state: 'rolling-back' }), site(3, { state: 'applying' })];
    const step = nextStep(rollout({ state: 'paused' }), sites, NOW, none, false);
    expect(step.kind === 'work' && [step.work.apply.length, step.work.rollback.length, step.work.readback.length]).toEqual([0, 1, 1]);
    expect(nextStep(rollout({ state: 'aborted' }), [site(1, { state: 'verified' })], NOW, none, true)).toMatchObject({ kind: 'move', sites: [{ patch: { errorCode: 'ABORTED' } }] });
    expect(nextStep(rollout({ state: 'aborted' }), [site(1, { state: 'verified' })], NOW, none, false)).toMatchObject({ kind: 'move', rollout: { finishedAt: NOW } });
  });
});
