import { afterEach, describe, expect, it } from 'vitest';
import { PollScheduler } from '../../../electron/core/poller/poll-scheduler.ts';

/** A poll function whose every call can be held open until the test releases it. */
function gatedPolls() {
  const running = new Map<number, number>();
  let maxOverlap = 0;
  const calls: number[] = [];
  const gates = new Map<number, (() => void)[]>();
  const poll = async (id: number) => {
    calls.push(id);
    running.set(id, (running.get(id) ?? 0) + 1);
    maxOverlap = Math.max(maxOverlap, running.get(id) ?? 0);
    await new Promise<void>((resolve) => gates.set(id, [...(gates.get(id) ?? []), resolve]));
    running.set(id, (running.get(id) ?? 1) - 1);
    return { transportFailures: 0 };
  };
  const release = (id: number) => {
    const waiting = gates.get(id) ?? [];
    gates.set(id, []);
    for (const r of waiting) r();
  };
  return { poll, release, calls, get maxOverlap() {
    return maxOverlap;
  } };
}

let scheduler: PollScheduler | null = null;
afterEach(() => scheduler?.stop());

describe('PollScheduler', () => {
  it('never overlaps polls of one site, however often it is asked', async () => {
    const g = gatedPolls();
    scheduler = new PollScheduler({ poll: g.poll, intervalMs: () => 60_000, random: () => 0.5 });
    scheduler.add(1, 60_000);
    const asked = [scheduler.pollNow([1]), scheduler.pollNow([1]), scheduler.pollNow([1])];
    await Promise.resolve();
    g.release(1);
    await new Promise((r) => setImmediate(r));
    g.release(1);
    await Promise.all(asked);
    expect(g.maxOverlap).toBe(1);
    // Asked three times while one poll ran: that poll plus exactly one more, not three.
    expect(g.calls).toEqual([1, 1]);
  });

  it('does not make other sites wait for a hung one', async () => {
    const g = gatedPolls();
    scheduler = new PollScheduler({ poll: g.poll, intervalMs: () => 60_000, random: () => 0.5 });
    for (const id of [1, 2, 3]) scheduler.add(id, 60_000);
    const hung = scheduler.pollNow([1]); // never released until the end
    const others = scheduler.pollNow([2, 3]);
    g.release(2);
    g.release(3);
    await others; // resolves while site 1 is still hung
    expect(scheduler.isRunning(1)).toBe(true);
    expect(scheduler.isRunning(2)).toBe(false);
    g.release(1);
    await hung;
  });

  it('plans the next poll only after the last one ends, backing off a failing site', async () => {
    const planned: number[] = [];
    const timers = {
      setTimeout: (_fn: () => void, ms: number) => {
        planned.push(ms);
        return planned.length;
      },
      clearTimeout: () => undefined,
    };
    let failures = 0;
    scheduler = new PollScheduler({ poll: () => Promise.resolve({ transportFailures: failures }), intervalMs: () => 300_000, jitter: 0, random: () => 0.5, timers, maxBackoffMs: 900_000 });
    scheduler.add(1, 0);
    planned.length = 0;
    for (const f of [0, 1, 2, 3, 4]) {
      failures = f;
      await scheduler.pollNow([1]);
    }
    expect(planned).toEqual([300_000, 300_000, 600_000, 900_000, 900_000]);
  });

  it('plans nothing while paused, and polls on demand even then', async () => {
    const g = gatedPolls();
    const planned: number[] = [];
    scheduler = new PollScheduler({ poll: g.poll, intervalMs: () => 1_000, random: () => 0.5, timers: { setTimeout: (_f, ms) => planned.push(ms), clearTimeout: () => undefined } });
    scheduler.pause();
    scheduler.add(1, 0);
    expect(planned).toEqual([]);
    const p = scheduler.pollNow([1]);
    await Promise.resolve();
    g.release(1);
    await p;
    expect(g.calls).toEqual([1]);
    expect(planned).toEqual([]);
  });
});
