// A console killed with SIGKILL in the middle of a config rollout, again and again, and
// started again each time: against the simulator's ground truth, no school is left
// half-applied (on the new config unverified, or the console's record and the school
// disagreeing) and none took the rollout's config twice. Some schools refuse the apply
// (full disk), some are given a mistyped endpoint (rolled back), some are switched off as it begins
// and stay off (pending), so every path is crossed.
import { expect, it } from 'vitest';
import { runRolloutWithCrashes } from '../helpers/rollout-crash.ts';

it('a rollout survives kill -9s of the console: 0 half-applied, 0 applied twice', async () => {
  const r = await runRolloutWithCrashes({
    sites: 20,
    seed: 'rollout-crash',
    failShare: 0.1,
    rollbackShare: 0.1,
    offlineShare: 0.1,
    kills: 3,
    killDelayMs: 150,
    plan: { canary: { count: 2 }, waves: [{ percent: 10 }, { percent: 25 }], waitBetweenS: 0, gate: { windowMin: 1 }, maxFailurePct: 100 },
    child: { concurrency: 1, rollouts: { verifyFirstMs: 200, verifyEveryMs: 500, retryMs: 500, tickMs: 100 }, progressMs: 100 },
    timeoutMs: 100_000,
  });
  expect(r.kills).toBe(3);
  // Every wave done; the rollout waits on for the two schools that are off.
  expect(r.final).toMatchObject({ state: 'running' });
  expect(r.report.halfApplied).toEqual([]);
  expect(r.report.appliedTwice).toEqual([]);
  expect(r.report).toMatchObject({ verified: 14, failed: 2, rolledBack: 2, waiting: 2 });
}, 120_000);
