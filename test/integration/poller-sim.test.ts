// The console's verdicts against the simulator's ground truth, over real SSH.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../shared/health/verdict.ts';
import { FAULT_CATEGORY, FAULT_NAMES, type FaultName, type VerdictCategory } from '../../sim/index.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';

const CATEGORY_VERDICTS: Record<VerdictCategory, Verdict> = {
  healthy: 'healthy',
  lagging: 'lagging',
  failing: 'failing',
  unreachable: 'unreachable',
  auth: 'auth-failed',
  hostkey: 'hostkey-changed',
  protocol: 'protocol-error',
};

// Tuesday and Wednesday of a school week, mid-morning.
const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);
const WEDNESDAY = Date.UTC(2026, 10, 18, 10, 30);

describe('poller verdicts match the simulator', () => {
  let sc: SimCore;
  beforeAll(async () => {
    sc = await startSimCore(
      { sites: FAULT_NAMES.length + 6, seed: 'verdicts', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY, slowBannerMs: 1_000 },
      { poller: { timeouts: { connectMs: 2_500, execMs: 2_500 }, overallMs: 8_000 } },
    );
  }, 60_000);
  afterAll(async () => sc.close());

  it('calls a healthy fleet healthy', async () => {
    await sc.core.context.poller.pollNow();
    const snap = await sc.core.context.poller.snapshot();
    const bad = snap.statuses.filter((s) => s.verdict !== 'healthy').map((s) => `${s.siteId}: ${s.verdict} ${s.reasons.map((r) => r.message).join('; ')}`);
    expect(bad).toEqual([]);
  });

  it('gives every fault type its expected verdict a day later, with reasons', async () => {
    const urns = sc.fleet.sites.map((s) => s.urn);
    const injected = new Map<number, FaultName>(FAULT_NAMES.map((fault, i) => [urns[i] ?? 0, fault]));
    for (const [urn, fault] of injected) await sc.fleet.control.inject(urn, { name: fault });
    await sc.fleet.control.setClock({ time: WEDNESDAY });
    await sc.core.context.poller.pollNow();
    const mismatches: string[] = [];
    for (const [urn, fault] of injected) {
      const expected = FAULT_CATEGORY[fault] ?? 'healthy';
      expect(sc.fleet.control.truthOf(urn).expected, fault).toBe(expected);
      const status = sc.core.context.poller.status(sc.idOf(urn));
      if (status.verdict !== CATEGORY_VERDICTS[expected]) mismatches.push(`${fault}: expected ${expected}, got ${status.verdict} (${status.reasons.map((r) => r.code).join(', ')})`);
      if (expected !== 'healthy') expect(status.reasons.some((r) => r.severity !== 'info'), fault).toBe(true);
    }
    expect(mismatches).toEqual([]);
    // The untouched sites stayed healthy through the night's transfers.
    for (const s of sc.fleet.sites.slice(FAULT_NAMES.length)) expect(sc.core.context.poller.status(sc.idOf(s.urn)).verdict).toBe('healthy');
  }, 60_000);

  it('names the dataset that stopped when the service runs but sends nothing', () => {
    const urn = sc.fleet.sites[FAULT_NAMES.indexOf('mis-upgraded')]?.urn ?? 0;
    const status = sc.core.context.poller.status(sc.idOf(urn));
    expect(status.reasons.find((r) => r.code === 'running-no-data')?.dataset).toBeDefined();
    expect(status.datasets.filter((d) => d.state === 'stale' || d.state === 'failed').length).toBeGreaterThan(0);
  });

  it('sends no command to a host whose key changed, and holds the new key for approval', () => {
    const urn = sc.fleet.sites[FAULT_NAMES.indexOf('host-key-changed')]?.urn ?? 0;
    const status = sc.core.context.poller.status(sc.idOf(urn));
    const truth = sc.fleet.control.truthOf(urn);
    expect(status.verdict).toBe('hostkey-changed');
    expect(status.hostKey).toEqual({ state: 'changed', approved: truth.pinnedFingerprint, pending: truth.hostKeyFingerprint });
    // The agent's state is what it was before the change: nothing reached it.
    expect(sc.core.context.poller.lastAgentStatus(sc.idOf(urn))?.host.clock).toBe(new Date(TUESDAY).toISOString());
  });
});
