import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { judge, keptOutput, OUTPUT_CAP, planRun, settle, type Candidate } from '../../../electron/core/actions/decide.ts';
import { typeOfKind } from '../../../electron/core/actions/registry.ts';
import type { ActionKind } from '../../../shared/actions.ts';
import { failure } from '../../../electron/core/ssh/failures.ts';
import { healthyStatus, iso } from '../../helpers/status.ts';

const NOW = Date.UTC(2026, 11, 3, 9, 14);
const candidate = (siteId: number, over: Partial<Candidate> = {}): Candidate => ({
  siteId,
  siteName: `School ${siteId}`,
  demo: false,
  setUp: true,
  verdict: 'failing',
  hostkeyApproved: true,
  hostkeyChanged: false,
  hasCredential: true,
  recentOfKind: 0,
  ...over,
});
const plan = (cands: Candidate[], opts: { whenBack?: boolean; requested?: number[]; kind?: ActionKind } = {}) =>
  planRun({
    type: typeOfKind(opts.kind ?? 'restart'),
    requested: opts.requested ?? cands.map((c) => c.siteId),
    candidates: new Map(cands.map((c) => [c.siteId, c])),
    whenBack: opts.whenBack ?? false,
    now: NOW,
    waitMs: 72 * 3_600_000,
  });

describe('planRun', () => {
  it('leaves out sites with an unapproved or changed host key, no key, or over the rate limit, and says why', () => {
    const p = plan([
      candidate(1),
      candidate(2, { hostkeyApproved: false }),
      candidate(3, { hostkeyChanged: true }),
      candidate(4, { hasCredential: false }),
      candidate(5, { recentOfKind: 3 }),
      candidate(6, { recentOfKind: 2 }),
      candidate(7, { setUp: false, hostkeyApproved: false, hasCredential: false }),
    ]);
    expect(p.actions.map((a) => a.siteId)).toEqual([1, 6]);
    const why = Object.fromEntries(p.skipped.map((s) => [s.siteId, s.why]));
    expect(Object.keys(why)).toEqual(['2', '3', '4', '5', '7']);
    expect(why[7]).toMatch(/^Not set up yet/);
    expect(why[2]).toMatch(/not been approved/);
    expect(why[3]).toMatch(/host key changed/);
    expect(why[4]).toMatch(/No SSH key/);
    expect(why[5]).toBe('Rate limit: restart already ran 3 times here in the last hour (at most 3)');
  });

  it('queues a change for a school that is off, with an expiry; reads are never queued for later', () => {
    const offline = [candidate(1, { verdict: 'unreachable' }), candidate(2, { verdict: 'healthy' })];
    expect(plan(offline).actions).toEqual([
      { siteId: 1, siteName: 'School 1', state: 'waiting', expiresAt: NOW + 72 * 3_600_000 },
      { siteId: 2, siteName: 'School 2', state: 'queued', expiresAt: null },
    ]);
    expect(plan(offline, { whenBack: true }).actions.map((a) => a.state)).toEqual(['waiting', 'waiting']);
    expect(plan(offline, { kind: 'logs' }).actions.map((a) => a.state)).toEqual(['queued', 'queued']);
  });

  it('keeps demo schools out of a run on real ones, names sites it does not know, and counts each site once', () => {
    const p = plan([candidate(1), candidate(2, { demo: true })], { requested: [1, 2, 1, 99] });
    expect(p.actions.map((a) => a.siteId)).toEqual([1]);
    expect(p.skipped.map((s) => [s.siteId, s.siteName])).toEqual([
      [2, 'School 2'],
      [99, '#99'],
    ]);
    expect(p.skipped[0]?.why).toMatch(/demo/);
    expect(p.skipped[1]?.why).toBe('Not in the register (removed?)');
    expect(plan([candidate(2, { demo: true })]).actions).toHaveLength(1);
  });
});

describe('settle', () => {
  const restart = typeOfKind('restart');
  it('an answer succeeds and waits to be verified; an agent error fails with its code', () => {
    const ok = settle(restart, { ok: true, answer: { ok: true, data: { previousState: 'crash-looping', state: 'running' } } }, NOW, 900_000);
    expect(ok).toMatchObject({ state: 'succeeded', verification: 'pending', verifyUntil: NOW + 900_000, errorCode: null });
    expect(ok.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    const busy = settle(restart, { ok: true, answer: { ok: false, error: { code: 'E_BUSY', message: 'another operation is in progress' } } }, NOW, 900_000);
    expect(busy).toMatchObject({ state: 'failed', errorCode: 'E_BUSY', message: 'another operation is in progress', verification: 'not-applicable' });
  });

  it('no answer after sending is timed out or unknown, judged later; a host that never answered is unreachable', () => {
    expect(settle(restart, { ok: false, failure: failure('exec-timeout', 'no answer in 60 s') }, NOW, 1000)).toMatchObject({ state: 'timed-out', verification: 'pending' });
    expect(settle(restart, { ok: false, failure: failure('channel-closed', 'closed') }, NOW, 1000)).toMatchObject({ state: 'unknown', verification: 'pending' });
    expect(settle(restart, { ok: false, failure: failure('connect-refused', 'refused') }, NOW, 1000)).toMatchObject({ state: 'unreachable', verification: 'not-applicable' });
    expect(settle(typeOfKind('logs'), { ok: false, failure: failure('exec-timeout', 'x') }, NOW, 1000)).toMatchObject({ state: 'timed-out', verification: 'not-applicable' });
  });

  it('keeps at most the cap of the output, with the hash of all of it', () => {
    const big = 'x'.repeat(OUTPUT_CAP + 10);
    const kept = keptOutput(big);
    expect(kept.output).toHaveLength(OUTPUT_CAP);
    expect(kept.outputTruncated).toBe(true);
    expect(kept.outputSha256).toBe(crypto.createHash('sha256').update(big).digest('hex'));
    expect(keptOutput('small')).toEqual({ output: 'small', outputSha256: crypto.createHash('sha256').update('small').digest('hex'), outputTruncated: false });
  });
});

describe('judge', () => {
  const sent = NOW;
  it('a restart is cleared when the service runs, pending while it starts, not cleared when it is down', () => {
    const s = healthyStatus(NOW + 60_000);
    expect(judge(typeOfKind('restart'), { kind: 'restart' }, s, sent, NOW + 60_000, NOW + 900_000)).toBe('cleared');
    const starting = { ...s, service: { ...s.service, state: 'starting' as const } };
    expect(judge(typeOfKind('restart'), { kind: 'restart' }, starting, sent, NOW + 60_000, NOW + 900_000)).toBe('pending');
    expect(judge(typeOfKind('restart'), { kind: 'restart' }, starting, sent, NOW + 900_000, NOW + 900_000)).toBe('not-cleared');
    const stopped = { ...s, service: { ...s.service, state: 'stopped' as const } };
    expect(judge(typeOfKind('restart'), { kind: 'restart' }, stopped, sent, NOW + 60_000, NOW + 900_000)).toBe('not-cleared');
  });

  it('a resync is cleared when the dataset’s last success moves past it, not cleared when it was tried and failed', () => {
    const before = healthyStatus(NOW, NOW - 86_400_000);
    expect(judge(typeOfKind('resync'), { kind: 'resync', dataset: 'attendance' }, before, sent, NOW + 1000, NOW + 900_000)).toBe('pending');
    const moved = { ...before, datasets: { ...before.datasets, attendance: { ...before.datasets.attendance, lastSuccess: iso(NOW + 30_000), lastAttempt: iso(NOW + 30_000) } } };
    expect(judge(typeOfKind('resync'), { kind: 'resync', dataset: 'attendance' }, moved, sent, NOW + 60_000, NOW + 900_000)).toBe('cleared');
    // "all" waits for every dataset.
    expect(judge(typeOfKind('resync'), { kind: 'resync', dataset: 'all' }, moved, sent, NOW + 60_000, NOW + 900_000)).toBe('pending');
    const failed = { ...before, datasets: { ...before.datasets, pupils: { ...before.datasets.pupils, result: 'failed' as const, lastAttempt: iso(NOW + 30_000), errorCode: null } } };
    expect(judge(typeOfKind('resync'), { kind: 'resync', dataset: 'all' }, failed, sent, NOW + 60_000, NOW + 900_000)).toBe('not-cleared');
  });

  it('read-only actions have nothing to verify', () => {
    expect(judge(typeOfKind('logs'), { kind: 'logs', tail: 10 }, healthyStatus(NOW), sent, NOW, null)).toBe('not-applicable');
  });
});
