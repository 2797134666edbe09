// The rollout plan form and the rollout view's model: waves as typed, the plan input, progress
// per wave, which controls each state offers, and the countdown to the next step.
import { describe, expect, it } from 'vitest';
import { RolloutPlanInputSchema, type Rollout, type RolloutSite } from '../../../shared/rollouts.ts';
import { DEFAULT_PLAN, formatWaves, parseWaves, planErrors, planInput } from '../../../renderer/src/rollouts/rollout-form.ts';
import { controlsFor, countdown, nextStepText, percentDone, waveLabel, waveProgress } from '../../../renderer/src/rollouts/rollout-model.ts';

describe('rollout plan form', () => {
  it('reads waves as counts and shares, and writes them back', () => {
    expect(parseWaves('5, 10%  25%')).toEqual([{ count: 5 }, { percent: 10 }, { percent: 25 }]);
    expect(parseWaves('')).toEqual([]);
    expect(parseWaves('5, lots')).toBeNull();
    expect(formatWaves([{ count: 5 }, { percent: 10 }])).toBe('5, 10%');
  });

  it('builds the plan input with waits in seconds, for all sites or the selection', () => {
    const r = planInput({ ...DEFAULT_PLAN, waves: '10, 50%', waitMin: '2', approvalBetweenWaves: true }, 'SaaS move', []);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toMatchObject({ template: 'SaaS move', siteIds: 'all', canary: { count: 5 }, waves: [{ count: 10 }, { percent: 50 }], waitBetweenS: 120, gate: { windowMin: 15, rule: 'no-worse' }, maxFailurePct: 10, approvalBetweenWaves: true });
    const sel = planInput({ ...DEFAULT_PLAN, scope: 'selection' }, 'SaaS move', [3, 4]);
    expect(sel.ok && sel.input.siteIds).toEqual([3, 4]);
  });

  it('names each wrong field, locally and from the core', () => {
    const r = planInput({ ...DEFAULT_PLAN, canary: 'x', waves: 'a', waitMin: '9999', gateWindowMin: '', maxFailurePct: 'ten', scope: 'selection' }, 'T', []);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['canary.count', 'gate.windowMin', 'maxFailurePct', 'siteIds', 'waitBetweenS', 'waves']);
    const range = planInput({ ...DEFAULT_PLAN, maxFailurePct: '150' }, 'T', []);
    expect(range.ok ? null : Object.keys(range.errors)).toEqual(['maxFailurePct']);
    expect(planErrors({ 'waves.1.percent': 'Too big', 'canary.count': 'Too big' })).toEqual({ waves: 'Too big', 'canary.count': 'Too big' });
  });
});

const rollout = (over: Partial<Rollout>): Rollout => ({
  id: 1,
  name: 'SaaS move v2',
  template: 'SaaS move',
  templateVersion: 2,
  plan: RolloutPlanInputSchema.parse({ template: 'SaaS move', siteIds: 'all' }),
  state: 'running',
  actor: 'Sam Patel',
  createdAt: 0,
  startedAt: 0,
  finishedAt: null,
  wave: 1,
  waves: 3,
  nextAt: null,
  reason: null,
  counts: {},
  total: 0,
  skipped: [],
  ...over,
});
const site = (siteId: number, wave: number, state: RolloutSite['state']): RolloutSite => ({ siteId, siteName: `S${siteId}`, wave, state, fromHash: 'sha256:a', toHash: 'sha256:b', templateVersion: 2, changes: 'endpoint', errorCode: null, message: null, verdictBefore: null, verdictAfter: null, appliedAt: null, verifiedAt: null, rolledBackAt: null, expiresAt: null, updatedAt: 0 });

describe('rollout view model', () => {
  it('counts each wave’s sites by state and marks the current wave', () => {
    const p = waveProgress(rollout({}), [site(1, 0, 'verified'), site(2, 0, 'verified'), site(3, 1, 'applied'), site(4, 1, 'failed'), site(5, 2, 'pending')]);
    expect(p.map((w) => [w.label, w.total, w.settled, w.current])).toEqual([
      ['Canary', 2, 2, false],
      ['Wave 1', 2, 1, true],
      ['Wave 2 (the rest)', 1, 0, false],
    ]);
    expect(p[1]?.counts).toEqual({ applied: 1, failed: 1 });
    expect(waveLabel(0, 1)).toBe('Canary');
  });

  it('offers only the controls a state allows', () => {
    expect(controlsFor('running')).toEqual({ pause: true, resume: false, abort: true, approve: false });
    expect(controlsFor('awaiting-approval').approve).toBe(true);
    expect(controlsFor('halted')).toEqual({ pause: false, resume: true, abort: true, approve: false });
    expect(controlsFor('completed')).toEqual({ pause: false, resume: false, abort: false, approve: false });
  });

  it('counts down to the next step and says what comes next', () => {
    expect(countdown(null, 0)).toBe('');
    expect(countdown(250_000, 0)).toBe('in 4 min 10 s');
    expect(countdown(0, 5_000)).toBe('any moment now');
    expect(nextStepText(rollout({ state: 'waiting', wave: 2, nextAt: 60_000 }), 0)).toBe('Wave 2 (the rest) starts in 1 min.');
    expect(percentDone(rollout({ total: 4, counts: { verified: 2, applied: 1, failed: 1 } }))).toBe(75);
  });
});
