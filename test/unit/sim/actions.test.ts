// Actions change a school's state as they would in life, on the sim clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalConfig, commandLine, parseAnswer, type AgentConfig, type AgentStatus, type AgentVerb, type Answer } from '../../../shared/protocol/v1.ts';
import { startFleet, type Fleet } from '../../../sim/index.ts';

const START = Date.parse('2026-11-18T10:00:00Z'); // Wednesday, term time
let fleet: Fleet;
let urn: number;

beforeEach(async () => {
  fleet = await startFleet({ sites: 3, seed: 'actions', faultRate: 0, start: START, speed: 0, controlPort: false, transientFailureRate: 0 });
  urn = fleet.sites[0]?.urn ?? 0;
});
afterEach(async () => {
  await fleet.close();
});

function run<V extends AgentVerb>(verb: V, line: string, stdin?: string): { answer: Answer<V>; exitCode: number } {
  const r = fleet.control.exec(urn, line, stdin);
  return { answer: parseAnswer(verb, r.stdout), exitCode: r.exitCode };
}
function data<V extends AgentVerb>(verb: V, line: string, stdin?: string): Exclude<Answer<V>, { ok: false }>['data'] {
  const { answer, exitCode } = run(verb, line, stdin);
  if (!answer.ok) throw new Error(`${verb}: ${answer.error.code} ${answer.error.message}`);
  expect(exitCode).toBe(0);
  return answer.data;
}
function errorCode(verb: AgentVerb, line: string, stdin?: string): string {
  const { answer, exitCode } = run(verb, line, stdin);
  expect(exitCode).not.toBe(0);
  return answer.ok ? 'ok' : answer.error.code;
}
const status = (): AgentStatus => data('status', 'b2b-agent status');
const advance = async (ms: number): Promise<void> => {
  await fleet.control.setClock({ time: fleet.clock.now() + ms });
};
const threeDaysAgo = new Date(START - 3 * 86_400_000).toISOString();

describe('restart', () => {
  it('clears a crash loop', async () => {
    await fleet.control.inject(urn, { name: 'crash-loop', since: threeDaysAgo });
    expect(status().service.state).toBe('crash-looping');
    const r = data('restart', 'b2b-agent restart');
    expect(r).toEqual({ previousState: 'crash-looping', state: 'running' });
    expect(status().service.state).toBe('running');
    expect(fleet.control.truthOf(urn).expected).toBe('healthy');
  });

  it('starts a stopped service and releases a hung transfer', async () => {
    await fleet.control.inject(urn, { name: 'service-stopped', since: threeDaysAgo });
    await fleet.control.inject(urn, { name: 'hung-transfer', since: threeDaysAgo, params: { dataset: 'pupils' } });
    expect(errorCode('resync', 'b2b-agent resync all')).toBe('E_BUSY');
    expect(data('restart', 'b2b-agent restart').state).toBe('running');
    expect(status().datasets.pupils.result).not.toBe('running');
  });

  it('does not fix a full disk: the service runs, transfers still fail', async () => {
    await fleet.control.inject(urn, { name: 'disk-full', since: threeDaysAgo });
    expect(data('restart', 'b2b-agent restart').state).toBe('running');
    await advance(86_400_000);
    const s = status();
    expect(s.service.state).toBe('running');
    expect(s.datasets.attendance.errorCode).toBe('DISK_FULL');
    expect(fleet.control.truthOf(urn).expected).toBe('failing');
  });

  it('is refused where the service is not installed', async () => {
    await fleet.control.inject(urn, { name: 'not-installed' });
    expect(errorCode('restart', 'b2b-agent restart')).toBe('E_NOT_INSTALLED');
  });
});

describe('resync', () => {
  it('queues a full transfer: the backlog grows, then drains on the sim clock', async () => {
    expect(status().backlog.pending).toBe(0);
    const r = data('resync', commandLine({ verb: 'resync', dataset: 'pupils' }));
    expect(r.queued).toEqual(['pupils']);
    expect(r.backlog).toBeGreaterThan(0);
    const during = status();
    expect(during.datasets.pupils.result).toBe('running');
    expect(during.backlog.pending).toBe(r.backlog);
    await advance(6 * 3_600_000);
    const after = status();
    expect(after.backlog.pending).toBe(0);
    expect(after.datasets.pupils.result).toBe('ok');
    expect(after.datasets.pupils.recordsSent).toBe(r.backlog);
  });

  it('waits while the site cannot send, and runs once it is fixed', async () => {
    await fleet.control.inject(urn, { name: 'mis-unreachable', since: threeDaysAgo });
    const before = status().backlog.pending;
    const r = data('resync', 'b2b-agent resync all');
    expect(r.queued).toEqual(['pupils', 'attendance', 'exclusions', 'assessment']);
    expect(r.backlog).toBeGreaterThan(before);
    await advance(6 * 3_600_000);
    expect(status().backlog.pending).toBeGreaterThanOrEqual(r.backlog);
    await fleet.control.clear(urn, 'mis-unreachable');
    await advance(12 * 3_600_000);
    const s = status();
    expect(s.backlog.pending).toBe(0);
    expect(s.datasets.attendance.result).toBe('ok');
  });
});

describe('config apply and rollback', () => {
  const current = (): { hash: string; config: AgentConfig } => data('config-get', 'b2b-agent config get');
  const apply = (expectHash: string, config: AgentConfig): string => commandLine({ verb: 'config-apply', expectHash, config });

  it('hashes the canonical config bytes', async () => {
    const { createHash } = await import('node:crypto');
    const { hash, config } = current();
    expect(hash).toBe(`sha256:${createHash('sha256').update(canonicalConfig(config)).digest('hex')}`);
    expect(status().config.hash).toBe(hash);
  });

  it('compare-and-swaps on the hash', () => {
    const { config } = current();
    expect(errorCode('config-apply', apply(`sha256:${'0'.repeat(64)}`, config), canonicalConfig(config))).toBe('E_CONFLICT');
  });

  it('validates before writing', () => {
    const { hash, config } = current();
    expect(errorCode('config-apply', apply(hash, config), '{"endpointUrl":"http://plain"}')).toBe('E_INVALID_CONFIG');
    expect(errorCode('config-apply', apply(hash, config), 'not json')).toBe('E_INVALID_CONFIG');
    expect(current().hash).toBe(hash);
  });

  it('moves to a live endpoint and verifies', () => {
    const { hash, config } = current();
    const next = { ...config, endpointUrl: `https://one-saas.example.net/b2b/${fleet.sites[0]?.area?.toLowerCase() ?? ''}` };
    const r = data('config-apply', apply(hash, next), canonicalConfig(next));
    expect(r).toMatchObject({ previousHash: hash, restarted: true, verified: true });
    expect(current().hash).toBe(r.hash);
    expect(status().endpoint.reachable).toBe(true);
  });

  it('fails verification on a wrong endpoint, and rollback restores the previous config', async () => {
    const before = current();
    const bad = { ...before.config, endpointUrl: 'https://b2b.wrong-server.example/one/b2b' };
    const r = data('config-apply', apply(before.hash, bad), canonicalConfig(bad));
    expect(r.verified).toBe(false);
    expect(r.checks.find((c) => c.name === 'endpoint')?.ok).toBe(false);
    expect(fleet.control.truthOf(urn).faults.map((f) => f.name)).toContain('wrong-endpoint');
    await advance(86_400_000);
    expect(status().datasets.attendance.errorCode).toBe('ENDPOINT_UNREACHABLE');
    const rb = data('config-rollback', 'b2b-agent config rollback');
    expect(rb).toEqual({ hash: before.hash, restoredFrom: r.hash });
    expect(current()).toEqual(before);
    expect(fleet.control.truthOf(urn).expected).toBe('healthy');
  });

  it('says there is nothing to roll back to on a fresh site', () => {
    expect(errorCode('config-rollback', 'b2b-agent config rollback')).toBe('E_NO_BACKUP');
  });

  it('cannot write on a full disk', async () => {
    await fleet.control.inject(urn, { name: 'disk-full' });
    const { hash, config } = current();
    expect(errorCode('config-apply', apply(hash, config), canonicalConfig(config))).toBe('E_DISK_FULL');
  });

  it('fixes a missed server move injected as a fault', async () => {
    await fleet.control.inject(urn, { name: 'wrong-endpoint', since: threeDaysAgo });
    const broken = current();
    expect(status().endpoint.reachable).toBe(false);
    const fixed = { ...broken.config, endpointUrl: fleet.sites[0] ? `https://b2b.${(fleet.sites[0].area ?? '').toLowerCase()}.gov.uk/one/b2b` : '' };
    expect(data('config-apply', apply(broken.hash, fixed), canonicalConfig(fixed)).verified).toBe(true);
    expect(fleet.control.truthOf(urn).expected).toBe('healthy');
  });
});

describe('logs and usage', () => {
  it('bounds logs to the tail asked for and tells whether it cut', () => {
    const r = data('logs', commandLine({ verb: 'logs', tail: 5 }));
    expect(r.lines).toHaveLength(5);
    expect(r.truncated).toBe(true);
    const times = r.lines.map((l) => Date.parse(l.ts));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('records actions in the log', () => {
    data('restart', 'b2b-agent restart');
    const r = data('logs', 'b2b-agent logs --tail 20');
    expect(r.lines.some((l) => l.msg.includes('restart requested'))).toBe(true);
  });

  it('rejects bad arguments with E_USAGE and exit code 2', () => {
    for (const line of ['b2b-agent logs --tail 0', 'b2b-agent resync grades', 'b2b-agent status now', 'b2b-agent config apply --expect nope']) {
      const r = fleet.control.exec(urn, line);
      expect(r.exitCode, line).toBe(2);
      const a = parseAnswer('status', r.stdout);
      expect(a.ok ? 'ok' : a.error.code, line).toBe('E_USAGE');
    }
  });
});
