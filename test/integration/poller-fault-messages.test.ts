// Issue 9, item 4: for each way the console-to-agent link can fail, the verdict and the
// words staff read must send them the right way. Real SSH to the simulator, one site per fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../shared/health/verdict.ts';
import type { FaultName } from '../../sim/index.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';

interface Case {
  fault: FaultName;
  verdict: Verdict;
  /** What the first reason must name. */
  says: RegExp;
  /** What would send staff the wrong way. */
  never: RegExp;
}

const ZOD = /Invalid input|expected string, received|Invalid option/;
const CASES: Case[] = [
  { fault: 'black-hole', verdict: 'unreachable', says: /No answer from the host in time: check the network path/, never: /agent is hung|update the/i },
  { fault: 'host-off', verdict: 'unreachable', says: /refused the connection: nothing listens on the SSH port/, never: /agent is hung|update the/i },
  { fault: 'reset-mid-command', verdict: 'unreachable', says: /connection dropped .*: a network problem/, never: /agent is hung|update the/i },
  { fault: 'hung-agent', verdict: 'protocol-error', says: /The agent accepted `status` but did not answer within \d+ s: the agent is hung, the network is fine/, never: /unreachable|no answer from the host|connection reset/i },
  { fault: 'garbage-output', verdict: 'protocol-error', says: /not JSON|not a protocol envelope|answer/i, never: /unreachable|agent is hung/i },
  { fault: 'oversized-output', verdict: 'protocol-error', says: /bytes/i, never: /unreachable|agent is hung/i },
  { fault: 'unknown-protocol', verdict: 'protocol-error', says: /The agent speaks protocol 2\.0; this console understands 1\.x: update the console/, never: /update the console or the agent|update the agent/ },
  { fault: 'wrong-shape-answer', verdict: 'protocol-error', says: /status answer: datasets\.attendance\.lastSuccess should be a date-time string, got a number/, never: ZOD },
  { fault: 'auth-refused', verdict: 'auth-failed', says: /refused our SSH key/i, never: /unreachable|network/i },
  { fault: 'host-key-changed', verdict: 'hostkey-changed', says: /host key changed/i, never: /unreachable|network/i },
];

// A school week, mid-morning.
const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);

describe('transport and answer faults read the way a support engineer needs', () => {
  let sc: SimCore;
  const siteOf = new Map<FaultName, number>();

  beforeAll(async () => {
    sc = await startSimCore(
      { sites: CASES.length + 1, seed: 'fault-messages', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY, slowBannerMs: 1_000 },
      { poller: { timeouts: { connectMs: 2_500, execMs: 2_500 }, overallMs: 8_000 } },
    );
    await sc.core.context.poller.pollNow();
    for (const [i, c] of CASES.entries()) {
      const urn = sc.fleet.sites[i]?.urn ?? 0;
      await sc.fleet.control.inject(urn, { name: c.fault });
      siteOf.set(c.fault, sc.idOf(urn));
    }
    await sc.core.context.poller.pollNow();
  }, 60_000);
  afterAll(async () => sc.close());

  it.each(CASES)('$fault: $verdict, saying $says', ({ fault, verdict, says, never }) => {
    const status = sc.core.context.poller.status(siteOf.get(fault) ?? 0);
    const words = status.reasons.map((r) => r.message).join(' | ');
    expect({ verdict: status.verdict, words }).toMatchObject({ verdict, words: expect.stringMatching(says) as unknown });
    expect(words).not.toMatch(never);
  });

  it('keeps a healthy site healthy next to them', () => {
    const urn = sc.fleet.sites[CASES.length]?.urn ?? 0;
    expect(sc.core.context.poller.status(sc.idOf(urn)).verdict).toBe('healthy');
  });
});
