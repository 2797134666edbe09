// A poll's overall deadline (PollContext.overallMs) ends it whatever the site does, and says
// which side stalled: a host that never answers is a timeout, an agent that took the command
// and went quiet is hung. Real SSH to the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../electron/core/poller/connection-pool.ts';
import { pollSite, type PollContext, type PollTarget } from '../../electron/core/poller/site-poller.ts';
import { SchoolCalendar } from '../../shared/health/calendar.ts';
import { startFleet, type Fleet } from '../../sim/index.ts';

const DEADLINE_MS = 1_500;

describe('a poll past its overall deadline', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ sites: 2, seed: 'deadline', faultRate: 0, transientFailureRate: 0, speed: 0, controlPort: false });
    await fleet.control.inject(fleet.sites[0]?.urn ?? 0, { name: 'hung-agent' });
    await fleet.control.inject(fleet.sites[1]?.urn ?? 0, { name: 'black-hole' });
  });
  afterAll(async () => fleet.close());

  const poll = async (i: number) => {
    const s = fleet.sites[i];
    if (!s) throw new Error('no site');
    const target: PollTarget = {
      site: { id: i + 1, host: s.host, port: s.port, user: s.user },
      credential: { privateKey: fleet.clientKey.privateKey },
      pinnedFingerprint: s.hostKeyFingerprint,
      knownConfig: null,
      maintenance: false,
    };
    // Every own timeout far beyond the deadline: only the deadline can end these polls.
    const ctx: PollContext = { now: () => Date.now(), calendar: new SchoolCalendar(), timeouts: { connectMs: 20_000, execMs: 20_000 }, overallMs: DEADLINE_MS };
    const pool = new ConnectionPool();
    const t0 = Date.now();
    try {
      const result = await pollSite(pool, target, ctx);
      return { result, tookMs: Date.now() - t0 };
    } finally {
      pool.closeAll();
    }
  };

  it('calls an agent that took the command and went quiet hung, not the network', async () => {
    const { result, tookMs } = await poll(0);
    expect(tookMs).toBeLessThan(DEADLINE_MS + 1_000);
    expect(result.assessment.verdict).toBe('protocol-error');
    expect(result.assessment.reasons[0]?.message).toMatch(/The agent accepted `status` but did not answer within \d s: the agent is hung/);
  });

  it('calls a host that never answered a timeout', async () => {
    const { result, tookMs } = await poll(1);
    expect(tookMs).toBeLessThan(DEADLINE_MS + 1_000);
    expect(result.transportFailure).toBe(true);
    expect(result.assessment.reasons[0]?.message).toMatch(/overall deadline passed/);
  });
});
