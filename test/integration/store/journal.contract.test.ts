// The action journal's contract, on both backends: a run and its actions in one write, claim
// as an atomic compare-and-set, settling, waiting and expiry, crash recovery, counts and pages.
import { afterAll, describe, expect, it } from 'vitest';
import type { ActionState, RunPacing } from '../../../shared/actions.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { HOT_JOURNAL_SQL, pgJournalPageSql } from '../../../electron/core/store/postgres/journal-repo.ts';
import type { Settlement, StoreAreas } from '../../../electron/core/store/store.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { describePlan, pgPlan, T0 } from './contract-seed.ts';

const MIN = 60_000;
const pacing: RunPacing = { concurrency: 16, waveSize: null, wavePauseS: 0 };
type NewRun = Parameters<StoreAreas['journal']['createRun']>[0];

const newRun = (siteIds: number[], at = T0, states: ('queued' | 'waiting')[] = []): NewRun => ({
  kind: 'restart',
  params: { kind: 'restart' },
  actor: 'priya',
  pacing,
  skipped: [{ siteId: 99, siteName: 'School 99', why: 'no key' }],
  owner: 'console',
  at,
  actions: siteIds.map((siteId, i) => ({ siteId, siteName: `School ${siteId}`, state: states[i] ?? 'queued', expiresAt: states[i] === 'waiting' ? at + 60 * MIN : null })),
});

const settled = (state: ActionState, at: number, extra: Partial<Settlement> = {}): Settlement => ({
  state, at, errorCode: null, message: 'done', output: 'ok\n', outputSha256: 'ab'.repeat(32), outputTruncated: true, verification: 'pending', verifyUntil: at + 10 * MIN, ...extra,
});

describe.each(storeBackends({ afterAll }))('journal on $name', (backend) => {
  const run = it.skipIf(backend.unavailable !== null);

  run('creates a run with its actions in order and reads them back', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { journal } = store.areas;
      const { runId, actionIds } = await journal.createRun(newRun([3, 1, 2], T0, ['queued', 'waiting', 'queued']));
      expect(actionIds).toHaveLength(3);
      const actions = await journal.actionsOf(runId);
      expect(actions.map((a) => [a.id, a.siteId, a.state])).toEqual([[actionIds[0], 3, 'queued'], [actionIds[1], 1, 'waiting'], [actionIds[2], 2, 'queued']]);
      expect(actions[1]).toEqual({
        id: actionIds[1], runId, siteId: 1, siteName: 'School 1', kind: 'restart', params: { kind: 'restart' }, state: 'waiting', actor: 'priya', createdAt: T0,
        startedAt: null, finishedAt: null, expiresAt: T0 + 60 * MIN, errorCode: null, message: null, output: null, outputSha256: null, outputTruncated: false,
        verification: 'not-applicable', verdictBefore: null, verdictAfter: null,
      });
      expect(await journal.run(runId)).toEqual({
        id: runId, kind: 'restart', params: { kind: 'restart' }, actor: 'priya', createdAt: T0, finishedAt: null, state: 'running', pacing,
        skipped: [{ siteId: 99, siteName: 'School 99', why: 'no key' }], counts: { queued: 2, waiting: 1 }, total: 3,
      });
      expect((await journal.queuedOf(runId)).map((a) => a.siteId)).toEqual([3, 2]);
      expect(await journal.get(424242)).toBeNull();
      expect(await journal.run(424242)).toBeNull();
      const empty = await journal.createRun(newRun([], T0 + 1));
      expect(empty.actionIds).toEqual([]);
      expect((await journal.recentRuns(10)).map((r) => r.id)).toEqual([empty.runId, runId]);
      expect((await journal.recentRuns(1)).map((r) => r.id)).toEqual([empty.runId]);
    } finally {
      await store.close();
    }
  });

  run('claims an action once, even when ten claims race, and only from queued or waiting', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { journal } = store.areas;
      const { actionIds: [a = 0, b = 0, c = 0] } = await journal.createRun(newRun([1, 2, 3]));
      // Ten hands at once (ten open connections on PostgreSQL): exactly one wins, and only its reasons are kept.
      await Promise.all(Array.from({ length: 10 }, () => store.raw('SELECT 1')));
      const race = await Promise.all(Array.from({ length: 10 }, (_, i) => journal.claim(a, T0 + i, `v${i}`, [`r${i}`, `r${i}`], 'console')));
      expect(race.filter(Boolean)).toHaveLength(1);
      const won = await journal.get(a);
      expect(won?.state).toBe('running');
      expect(await store.raw('SELECT reason_code FROM action_reasons WHERE action_id = ?', [a])).toEqual([{ reason_code: `r${race.indexOf(true)}` }]);
      expect(won?.verdictBefore).toBe(`v${race.indexOf(true)}`);
      expect(await journal.cancelAction(b, T0 + 3)).toBe(true);
      expect(await journal.claim(b, T0 + 4, null, ['x'], 'console')).toBe(false);
      expect(await store.raw('SELECT reason_code FROM action_reasons WHERE action_id = ?', [b])).toEqual([]);
      await journal.toWaiting(c, T0 + 60 * MIN);
      expect(await journal.claim(c, T0 + 5, null, [], 'console')).toBe(true);
      expect(await journal.get(c)).toMatchObject({ state: 'running', startedAt: T0 + 5, verdictBefore: null });
    } finally {
      await store.close();
    }
  });

  run('settles open actions only, records verification, and closes a run when all have ended', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { journal } = store.areas;
      const { runId, actionIds: [a = 0, b = 0] } = await journal.createRun(newRun([1, 2]));
      await journal.claim(a, T0 + 1, 'failing', ['service-stopped'], 'console');
      await journal.settle(a, settled('succeeded', T0 + 2));
      expect(await journal.get(a)).toMatchObject({ state: 'succeeded', finishedAt: T0 + 2, output: 'ok\n', outputTruncated: true, verification: 'pending', message: 'done' });
      expect(await journal.verifyUntil(a)).toBe(T0 + 2 + 10 * MIN);
      expect(await journal.verifyUntil(424242)).toBeNull();
      await journal.settle(a, settled('failed', T0 + 3));
      expect((await journal.get(a))?.state).toBe('succeeded');
      expect((await journal.pendingVerification(1)).map((x) => x.id)).toEqual([a]);
      await journal.recordVerification(a, 'cleared', 'healthy');
      expect(await journal.get(a)).toMatchObject({ verification: 'cleared', verdictAfter: 'healthy' });
      expect(await journal.pendingVerification(1)).toEqual([]);
      expect(await journal.finishRunIfDone(runId, T0 + 4, false)).toBe(false);
      // A command never sent ends straight from queued.
      await journal.settle(b, settled('unreachable', T0 + 5, { verification: 'not-applicable', outputTruncated: false }));
      expect(await journal.finishRunIfDone(runId, T0 + 6, false)).toBe(true);
      expect(await journal.finishRunIfDone(runId, T0 + 7, true)).toBe(false);
      expect(await journal.run(runId)).toMatchObject({ state: 'finished', finishedAt: T0 + 6, counts: { succeeded: 1, unreachable: 1 }, total: 2 });
      expect(await journal.effectiveness()).toEqual([{ reasonCode: 'service-stopped', kind: 'restart', cleared: 1, judged: 1 }]);
    } finally {
      await store.close();
    }
  });

  run('waits, expires, cancels, and recovers after a crash', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { journal } = store.areas;
      const first = await journal.createRun(newRun([1, 2, 1], T0, ['waiting', 'waiting', 'queued']));
      const [w1 = 0, w2 = 0, q = 0] = first.actionIds;
      await journal.toWaiting(w2, T0 + 10 * MIN);
      expect((await journal.waitingFor(1)).map((x) => x.id)).toEqual([w1]);
      expect((await journal.allWaiting()).map((x) => x.id)).toEqual([w1, w2]);
      await journal.toWaiting(q, T0 + 5 * MIN);
      expect((await journal.expireWaiting(T0 + 30 * MIN)).map((x) => [x.id, x.state, x.message])).toEqual([[q, 'expired', 'The site did not come back before the action expired']]);
      const second = await journal.createRun(newRun([4, 5, 6]));
      const [r = 0, s = 0, t = 0] = second.actionIds;
      await journal.claim(r, T0 + 1, null, [], 'console');
      await journal.claim(t, T0 + 1, null, [], 'console');
      expect(await journal.cancelRun(second.runId, T0 + 2)).toBe(1);
      const recovered = await journal.recoverAfterCrash(T0 + 3, T0 + 13);
      expect(recovered.unknown.map((x) => [x.id, x.state, x.verification])).toEqual([[r, 'unknown', 'pending'], [t, 'unknown', 'pending']]);
      expect(recovered.cancelled).toEqual([]);
      expect((await journal.get(s))?.state).toBe('cancelled');
      expect((await journal.allWaiting()).map((x) => x.id)).toEqual([w1, w2]);
      const third = await journal.createRun(newRun([7]));
      expect((await journal.recoverAfterCrash(T0 + 4, T0 + 14)).cancelled.map((x) => [x.id, x.message])).toEqual([[third.actionIds[0], 'The console stopped before this was sent']]);
    } finally {
      await store.close();
    }
  });

  run('recovers what a process left behind, never what a live collector is running now', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { journal } = store.areas;
      const alpha = await journal.createRun({ ...newRun([1, 2]), owner: 'alpha' });
      const bravo = await journal.createRun({ ...newRun([3, 4]), owner: 'bravo' });
      const [a1] = alpha.actionIds;
      const [b1] = bravo.actionIds;
      expect(await journal.claim(a1 ?? 0, T0 + 1, null, [], 'alpha')).toBe(true);
      expect(await journal.claim(b1 ?? 0, T0 + 1, null, [], 'bravo')).toBe(true);
      // Alpha restarts while bravo is alive: only alpha's work is recovered.
      const recovered = await journal.recoverAfterCrash(T0 + 2, T0 + 12, ['bravo']);
      expect(recovered.unknown.map((x) => x.id)).toEqual([a1]);
      expect(recovered.cancelled.map((x) => x.id)).toEqual([alpha.actionIds[1]]);
      expect((await journal.actionsOf(bravo.runId)).map((x) => x.state)).toEqual(['running', 'queued']);
      // Bravo dies: its work is now left behind.
      const later = await journal.recoverAfterCrash(T0 + 3, T0 + 13, ['alpha']);
      expect(later.unknown.map((x) => x.id)).toEqual([b1]);
      expect(later.cancelled.map((x) => x.id)).toEqual([bravo.actionIds[1]]);
    } finally {
      await store.close();
    }
  });

  run('counts recent actions per site and kind, and pages the journal newest first', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { journal } = store.areas;
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push(...(await journal.createRun(newRun([1, 2], T0 + i * MIN))).actionIds);
      await journal.cancelAction(ids[8] ?? 0, T0);
      expect(await journal.countSince(1, 'restart', T0 + MIN)).toBe(2);
      expect(await journal.countSince(1, 'restart', T0 + 3 * MIN)).toBe(0);
      expect(await journal.countSince(1, 'logs', 0)).toBe(0);
      const page = await journal.page({ siteId: 2, limit: 2 });
      expect(page.map((a) => a.id)).toEqual([ids[9], ids[7]]);
      expect((await journal.page({ siteId: 2, beforeId: ids[7], limit: 10 })).map((a) => a.id)).toEqual([ids[5], ids[3], ids[1]]);
      expect((await journal.page({ from: T0 + MIN, to: T0 + 3 * MIN, state: 'queued', actor: 'priya', kind: 'restart', limit: 10 })).map((a) => a.id)).toEqual([ids[5], ids[4], ids[3], ids[2]]);
      expect(await journal.page({ actor: 'nobody', limit: 10 })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run('rolls back every write of a failed transaction', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { actionIds: [a = 0] } = await store.areas.journal.createRun(newRun([1]));
      await expect(
        store.withTransaction(async (tx: StoreAreas) => {
          await tx.journal.createRun(newRun([2]));
          await tx.journal.claim(a, T0 + 1, null, ['x'], 'console');
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect((await store.areas.journal.recentRuns(10)).map((r) => r.total)).toEqual([1]);
      expect((await store.areas.journal.get(a))?.state).toBe('queued');
      expect(await store.raw('SELECT * FROM action_reasons')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  if (backend.name === 'postgres') {
    run('answers the per-site reads and the journal pages from indexes on a big table', async () => {
      const store = await backend.open(new ManualClock(T0));
      try {
        await store.raw("INSERT INTO action_runs (kind, params, actor, pacing, state, created_at) VALUES ('restart', '{}', 'p', '{}', 'finished', 0)");
        await store.raw(`INSERT INTO actions (run_id, site_id, site_name, kind, params, state, actor, created_at, verification)
          SELECT 1, g % 600, 's', 'restart', '{}', 'succeeded', 'p', g * 1000, CASE WHEN g % 500 = 0 THEN 'pending' ELSE 'cleared' END FROM generate_series(1, 60000) g`);
        const plans: [string, unknown[]][] = [
          [HOT_JOURNAL_SQL.waitingFor, [5]],
          [HOT_JOURNAL_SQL.verifying, [5]],
          [HOT_JOURNAL_SQL.rate, [5, 'restart', 0]],
          ...[{ limit: 100 }, { siteId: 3, limit: 100 }, { from: 1, to: 2000, limit: 100 }, { beforeId: 5000, limit: 100 }, { siteId: 3, kind: 'restart' as const, beforeId: 5000, limit: 100 }].map(
            (f): [string, unknown[]] => { const { sql, args } = pgJournalPageSql(f); return [sql, args]; },
          ),
        ];
        for (const [sql, values] of plans) {
          const nodes = describePlan(await pgPlan(store, sql, values)).join('\n');
          expect(nodes, sql).toMatch(/Index (Only )?Scan (Backward )?actions_\w+ on actions|Bitmap Index Scan actions_\w+/);
          expect(nodes, sql).not.toContain('Seq Scan on actions');
        }
      } finally {
        await store.close();
      }
    });
  }
});
