import { describe, expect, it } from 'vitest';
import { pickCanary, planRollout, waveSizes, type PlanFacts } from '../../../electron/core/config/rollout-plan.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';
import { RolloutPlanInputSchema } from '../../../shared/rollouts.ts';

const FROM = `sha256:${'a'.repeat(64)}`;
const TO = `sha256:${'b'.repeat(64)}`;
const fact = (siteId: number, over: Partial<PlanFacts> = {}): PlanFacts => ({
  siteId,
  siteName: `School ${String(siteId).padStart(3, '0')}`,
  urn: 100000 + siteId,
  typeGroup: 'Local authority maintained schools',
  phase: 'Primary',
  template: 'T',
  templateVersion: 4,
  liveHash: FROM,
  desired: { config: {} as AgentConfig, hash: TO },
  changes: [{ path: 'endpointUrl', from: 'a', to: 'b' }],
  changedLocally: false,
  unreachableBecause: null,
  ...over,
});

describe('waveSizes', () => {
  it('canary, then counts and shares of the whole, then the rest', () => {
    expect(waveSizes(1000, 10, [{ percent: 10 }, { percent: 25 }])).toEqual([10, 100, 250, 640]);
    expect(waveSizes(12, 2, [{ count: 20 }])).toEqual([2, 10]);
    expect(waveSizes(3, 0, [])).toEqual([0, 3]);
  });
});

describe('pickCanary', () => {
  it('spreads the canary over type groups and phases before taking a second of any', () => {
    const facts = [
      ...Array.from({ length: 6 }, (_, i) => fact(i + 1)),
      fact(10, { typeGroup: 'Academies', phase: 'Secondary' }),
      fact(11, { typeGroup: 'Academies', phase: 'Primary' }),
      fact(12, { typeGroup: 'Special schools', phase: 'Not applicable' }),
    ];
    expect(pickCanary(facts, 4).map((f) => f.siteId).sort((a, b) => a - b)).toEqual([1, 10, 11, 12]);
    expect(pickCanary(facts, 2, [5, 6]).map((f) => f.siteId)).toEqual([5, 6]);
  });
});

describe('planRollout', () => {
  it('leaves out sites with nothing to change, another template, no config, invalid overrides, local changes or no way in, and says why', () => {
    const plan = RolloutPlanInputSchema.parse({ template: 'T', siteIds: 'all', canary: { count: 1 }, waves: [] });
    const result = planRollout(
      [
        fact(1),
        fact(2, { changes: [] }),
        fact(3, { template: 'Other' }),
        fact(4, { liveHash: null }),
        fact(5, { desired: { error: 'schoolId is the 7-digit LAESTAB' } }),
        fact(6, { changedLocally: true }),
        fact(7, { unreachableBecause: 'No SSH key is set up for it' }),
        fact(8),
      ],
      plan,
    );
    expect(result.sites.map((s) => [s.siteId, s.wave, s.fromHash, s.toHash, s.changes])).toEqual([
      [1, 0, FROM, TO, 'endpoint'],
      [8, 1, FROM, TO, 'endpoint'],
    ]);
    expect(Object.fromEntries(result.skipped.map((s) => [s.siteId, s.why]))).toEqual({
      2: 'Already on the desired config',
      3: 'Follows template “Other”',
      4: 'Its config has not been read yet (never answered a poll)',
      5: 'Its overrides do not make a valid config: schoolId is the 7-digit LAESTAB',
      6: 'Its config was changed on the server: check it, accept it or include changed sites',
      7: 'No SSH key is set up for it',
    });
    expect(planRollout([fact(6, { changedLocally: true })], { ...plan, includeChangedLocally: true }).sites).toHaveLength(1);
  });
});
