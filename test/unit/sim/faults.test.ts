// Every fault reproduces by seed, and each looks from the outside the way it does in life.
import { afterEach, describe, expect, it } from 'vitest';
import { DATASETS, parseAnswer, type AgentStatus } from '../../../shared/protocol/v1.ts';
import { BEHAVIOUR_FAULTS, FAULT_CATEGORY, FAULT_NAMES, startFleet, type Fleet, type FaultName } from '../../../sim/index.ts';

const START = Date.parse('2026-11-18T10:00:00Z'); // a Wednesday in the autumn term
const fleets: Fleet[] = [];
afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.close()));
});

async function fleetWith(seed: string | number, only: FaultName | null, sites = 20, rate = 0.25): Promise<Fleet> {
  const weights = only === null ? {} : Object.fromEntries(FAULT_NAMES.map((n) => [n, n === only ? 1 : 0]));
  const f = await startFleet({ sites, seed, faultRate: rate, faultWeights: weights, start: START, speed: 0, controlPort: false, transientFailureRate: 0 });
  fleets.push(f);
  return f;
}

/** Ground truth without ports, which the OS picks afresh for each fleet. */
function truthOf(f: Fleet): unknown[] {
  return f.control.truth().map((t) => ({ ...t, port: 0 }));
}

function answers(f: Fleet): string[] {
  return f.sites.flatMap((s) => ['b2b-agent status', 'b2b-agent diag', 'b2b-agent logs --tail 50', 'b2b-agent config get'].map((l) => f.control.exec(s.urn, l).stdout));
}

function statusOf(f: Fleet, urn: number): AgentStatus {
  const a = parseAnswer('status', f.control.exec(urn, 'b2b-agent status').stdout);
  if (!a.ok) throw new Error(a.error.message);
  return a.data;
}

describe('fault assignment by seed', () => {
  it('gives about 20% of sites a fault by default, the same ones for the same seed', async () => {
    const a = await fleetWith(7, null, 200, 0.2);
    const b = await fleetWith(7, null, 200, 0.2);
    const faulty = a.control.truth().filter((t) => t.faults.length > 0);
    expect(faulty.length).toBe(40);
    expect(truthOf(b)).toEqual(truthOf(a));
    const c = await fleetWith(8, null, 200, 0.2);
    expect(c.control.truth().map((t) => t.faults.map((x) => x.name))).not.toEqual(a.control.truth().map((t) => t.faults.map((x) => x.name)));
  });

  it.each(FAULT_NAMES)('%s reproduces by seed: same sites, same answers', async (name) => {
    const a = await fleetWith(`repro-${name}`, name);
    const b = await fleetWith(`repro-${name}`, name);
    const faultyA = a.control.truth().filter((t) => t.faults.some((x) => x.name === name));
    expect(faultyA.length).toBe(5);
    expect(truthOf(b)).toEqual(truthOf(a));
    expect(answers(b)).toEqual(answers(a));
    for (const t of faultyA) expect(t.expected).toBe(FAULT_CATEGORY[name] ?? 'healthy');
  });
});

describe('what each behaviour fault looks like in status', () => {
  const checks: Record<(typeof BEHAVIOUR_FAULTS)[number], (s: AgentStatus) => void> = {
    'service-stopped': (s) => expect(s.service.state).toBe('stopped'),
    'crash-loop': (s) => {
      expect(s.service.state).toBe('crash-looping');
      expect(s.service.restarts24h).toBeGreaterThan(10);
    },
    'hung-transfer': (s) => expect(Object.values(s.datasets).some((d) => d.result === 'running' && d.runningSince !== null && Date.parse(d.runningSince) < START - 3_600_000)).toBe(true),
    'mis-unreachable': (s) => {
      expect(s.mis.reachable).toBe(false);
      expect(s.datasets.pupils.errorCode).toBe('MIS_UNREACHABLE');
    },
    'mis-upgraded': (s) => expect(s.datasets.attendance.errorCode).toBe('MIS_VERSION_UNSUPPORTED'),
    'credentials-expired': (s) => {
      expect(Date.parse(s.credentials.expires ?? '')).toBeLessThan(START);
      expect(s.datasets.attendance.errorCode).toBe('AUTH_EXPIRED');
    },
    'certificate-expired': (s) => expect(s.datasets.attendance.errorCode).toBe('CERT_EXPIRED'),
    'wrong-endpoint': (s) => {
      expect(s.endpoint.reachable).toBe(false);
      expect(s.datasets.attendance.errorCode).toBe('ENDPOINT_UNREACHABLE');
    },
    'disk-full': (s) => {
      expect(s.host.diskFreeMb).toBeLessThan(1024);
      expect(s.datasets.attendance.errorCode).toBe('DISK_FULL');
    },
    'clock-skew': (s) => {
      expect(Math.abs(Date.parse(s.host.clock) - START)).toBeGreaterThan(5 * 60_000);
      expect(s.datasets.attendance.errorCode).toBe('CLOCK_SKEW');
    },
    'agent-outdated': (s) => expect(s.datasets.attendance.errorCode).toBe('AGENT_OUTDATED'),
    'not-installed': (s) => expect(s.service.state).toBe('not-installed'),
    'slow-transfers': (s) => {
      expect(s.backlog.pending).toBeGreaterThan(0);
      expect(s.service.state).toBe('running');
    },
    'service-wont-start': (s) => expect(s.service.state).toBe('stopped'),
    // Both only show when an action is sent (remote-actions.test.ts); status stays healthy.
    'agent-busy': (s) => expectFlowing(s),
    'resync-partial': (s) => expectFlowing(s),
    // Only a config naming `enabled` shows it (config-effects.test.ts); the agent says it is older.
    'agent-protocol-1.0': (s) => {
      expectFlowing(s);
      expect(s.agent.version).toBe('1.0.3');
    },
  };
  function expectFlowing(s: AgentStatus): void {
    expect(s.service.state).toBe('running');
    for (const d of DATASETS) expect(s.datasets[d].result, d).toBe('ok');
  }

  it.each(BEHAVIOUR_FAULTS)('%s', async (name) => {
    const f = await fleetWith('looks', null, 5, 0);
    const urn = f.sites[0]?.urn ?? 0;
    // Three days old, so scheduled transfers have met it.
    await f.control.inject(urn, { name, since: new Date(START - 3 * 86_400_000).toISOString() });
    const s = statusOf(f, urn);
    checks[name](s);
    const logs = parseAnswer('logs', f.control.exec(urn, 'b2b-agent logs --tail 200').stdout);
    expect(logs.ok && logs.data.lines.length).toBeGreaterThan(0);
    expect(f.control.truthOf(urn).expected).toBe(FAULT_CATEGORY[name]);
  });

  it('leaves healthy sites sending every dataset on schedule', async () => {
    const f = await fleetWith('healthy', null, 40, 0);
    for (const site of f.sites) {
      const s = statusOf(f, site.urn);
      expect(s.service.state).toBe('running');
      for (const d of DATASETS) {
        expect(s.datasets[d].lastSuccess).not.toBeNull();
        // Weekly assessment aside, nothing is older than the last school day.
        if (d !== 'assessment') expect(START - Date.parse(s.datasets[d].lastSuccess ?? '')).toBeLessThan(2 * 86_400_000);
      }
      expect(s.backlog.pending).toBe(0);
    }
  });
});
