// A config change has the effects it would have on a real school server: datasets left out
// of `enabled` stop, an agent still on protocol 1.0 refuses the field, a hand edit on the host
// makes a new version without a backup, and the ground truth says what is in force.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalConfig, commandLine, parseAnswer, type AgentConfig, type AgentStatus, type AgentVerb, type Answer } from '../../../shared/protocol/v1.ts';
import { ConfigChangeError, FaultInputError, startFleet, type Fleet } from '../../../sim/index.ts';

const START = Date.parse('2026-11-18T10:00:00Z'); // Wednesday, term time
const DAY = 86_400_000;
let fleet: Fleet;
let urn: number;

beforeEach(async () => {
  fleet = await startFleet({ sites: 2, seed: 'config-effects', faultRate: 0, start: START, speed: 0, controlPort: false, transientFailureRate: 0 });
  urn = fleet.sites[0]?.urn ?? 0;
});
afterEach(async () => {
  await fleet.close();
});

function run<V extends AgentVerb>(verb: V, line: string, stdin?: string): { answer: Answer<V>; protocol: string } {
  const r = fleet.control.exec(urn, line, stdin);
  return { answer: parseAnswer(verb, r.stdout), protocol: (JSON.parse(r.stdout) as { protocol: string }).protocol };
}
function data<V extends AgentVerb>(verb: V, line: string, stdin?: string): Exclude<Answer<V>, { ok: false }>['data'] {
  const { answer } = run(verb, line, stdin);
  if (!answer.ok) throw new Error(`${verb}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}
function refusal(verb: AgentVerb, line: string, stdin?: string): { code: string; message: string } {
  const { answer } = run(verb, line, stdin);
  if (answer.ok) throw new Error(`${verb} was not refused`);
  return answer.error;
}
const status = (): AgentStatus => data('status', 'b2b-agent status');
const current = (): { hash: string; config: AgentConfig } => data('config-get', 'b2b-agent config get');
const apply = (expectHash: string, config: AgentConfig) => run('config-apply', commandLine({ verb: 'config-apply', expectHash, config }), canonicalConfig(config));
const logText = (): string => data('logs', 'b2b-agent logs --tail 200').lines.map((l) => l.msg).join('\n');
const advance = async (ms: number): Promise<void> => {
  await fleet.control.setClock({ time: fleet.clock.now() + ms });
};

describe('enabled (protocol 1.1)', () => {
  it('stops scheduled transfers of a dataset left out; its status keeps the last transfer', async () => {
    const before = status();
    const { hash, config } = current();
    const r = apply(hash, { ...config, enabled: ['pupils', 'attendance', 'assessment'] });
    expect(r.answer).toMatchObject({ ok: true, data: { verified: true } });
    expect(r.protocol).toBe('1.1');
    await advance(2 * DAY);
    const after = status();
    expect(after.datasets.exclusions).toEqual(before.datasets.exclusions);
    expect(Date.parse(after.datasets.pupils.lastSuccess ?? '')).toBeGreaterThan(START);
    expect(after.backlog.pending).toBe(0);
    expect(logText()).toContain('Datasets not enabled: exclusions; no transfers of them are scheduled');
    const since = data('logs', 'b2b-agent logs --tail 200').lines.filter((l) => Date.parse(l.ts) > START);
    expect(since.some((l) => l.msg.startsWith('pupils transfer started'))).toBe(true);
    expect(since.some((l) => l.msg.startsWith('exclusions transfer'))).toBe(false);
    expect(fleet.control.truthOf(urn).expected).toBe('healthy');
  });

  it('sends the dataset again once it is enabled again, and keeps history before the change', async () => {
    const { hash, config } = current();
    const off = apply(hash, { ...config, enabled: ['pupils'] });
    if (!off.answer.ok) throw new Error(off.answer.error.message);
    await advance(2 * DAY);
    const stopped = status().datasets.attendance.lastSuccess;
    expect(Date.parse(stopped ?? '')).toBeLessThan(START);
    const rb = data('config-rollback', 'b2b-agent config rollback');
    expect(rb.restoredFrom).toBe(off.answer.data.hash);
    await advance(DAY);
    expect(Date.parse(status().datasets.attendance.lastSuccess ?? '')).toBeGreaterThan(START + 2 * DAY);
    expect(logText()).toContain('All datasets enabled');
  });

  it('queues a resync only of enabled datasets and says which', () => {
    const { hash, config } = current();
    apply(hash, { ...config, enabled: ['attendance'] });
    expect(data('resync', 'b2b-agent resync all').queued).toEqual(['attendance']);
    expect(data('resync', 'b2b-agent resync pupils').queued).toEqual([]);
    expect(logText()).toContain('Full resync of pupils not queued: the configuration does not enable it');
  });
});

describe('an agent still on protocol 1.0 (fault agent-protocol-1.0)', () => {
  beforeEach(async () => {
    await fleet.control.inject(urn, { name: 'agent-protocol-1.0' });
  });

  it('answers every verb with protocol 1.0 and is healthy', () => {
    expect(run('status', 'b2b-agent status').protocol).toBe('1.0');
    expect(run('config-rollback', 'b2b-agent config rollback').protocol).toBe('1.0');
    expect(status().agent.version).toBe('1.0.3');
    expect(fleet.control.truthOf(urn)).toMatchObject({ expected: 'healthy', faults: [{ name: 'agent-protocol-1.0', derived: false }] });
  });

  it('refuses a config naming enabled with E_INVALID_CONFIG and changes nothing', () => {
    const before = current();
    expect(refusal('config-apply', commandLine({ verb: 'config-apply', expectHash: before.hash, config: before.config }), canonicalConfig({ ...before.config, enabled: ['pupils'] }))).toEqual({
      code: 'E_INVALID_CONFIG',
      message: 'config invalid at enabled: unknown setting (this agent speaks protocol 1.0; upgrade it to 1.1)',
    });
    expect(current()).toEqual(before);
    expect(fleet.control.truthOf(urn).backupHash).toBeNull();
    // Without the field it applies as before.
    expect(apply(before.hash, { ...before.config, logLevel: 'debug' }).answer).toMatchObject({ ok: true, data: { verified: true } });
  });

  it('accepts enabled once upgraded (the fault cleared)', async () => {
    await fleet.control.clear(urn, 'agent-protocol-1.0');
    const { hash, config } = current();
    const r = apply(hash, { ...config, enabled: ['pupils'] });
    expect(r.answer.ok).toBe(true);
    expect(r.protocol).toBe('1.1');
  });

  it('cannot be given a config with enabled by a hand edit either', async () => {
    await expect(fleet.control.changeConfig(urn, { enabled: ['pupils'] })).rejects.toThrow(ConfigChangeError);
  });
});

it('cannot make an agent that already runs an enabled config speak 1.0', async () => {
  await fleet.control.changeConfig(urn, { enabled: ['pupils'] });
  await expect(fleet.control.inject(urn, { name: 'agent-protocol-1.0' })).rejects.toThrow(FaultInputError);
});

describe('a config changed locally (changeConfig)', () => {
  it('makes a new version without a backup; the console sees drift and its compare-and-swap fails', async () => {
    const before = current();
    const truth = await fleet.control.changeConfig(urn, { logLevel: 'warn', proxy: 'proxy.school.local:3128' });
    expect(truth.configHash).not.toBe(before.hash);
    expect(truth.backupHash).toBeNull();
    expect(current().config).toEqual({ ...before.config, logLevel: 'warn', proxy: 'proxy.school.local:3128' });
    expect(status().config).toEqual({ hash: truth.configHash, appliedAt: new Date(START).toISOString() });
    expect(refusal('config-apply', commandLine({ verb: 'config-apply', expectHash: before.hash, config: before.config }), canonicalConfig(before.config)).code).toBe('E_CONFLICT');
    expect(refusal('config-rollback', 'b2b-agent config rollback').code).toBe('E_NO_BACKUP');
    expect(logText()).toContain('Configuration file changed on the host, not through the agent');
  });

  it('a wrong endpoint makes transfers fail and shows in the ground truth', async () => {
    const truth = await fleet.control.changeConfig(urn, { endpointUrl: 'https://b2b.nowhere.example/one/b2b' });
    expect(truth).toMatchObject({ endpointLive: false, expected: 'failing', faults: [{ name: 'wrong-endpoint', derived: true }] });
    await advance(DAY);
    expect(status().datasets.attendance.errorCode).toBe('ENDPOINT_UNREACHABLE');
    expect((await fleet.control.clear(urn, 'wrong-endpoint')).endpointLive).toBe(true);
  });

  it('leaves the last applied backup in place, so a rollback discards the hand edit', async () => {
    const original = current();
    const applied = apply(original.hash, { ...original.config, logLevel: 'debug' });
    if (!applied.answer.ok) throw new Error(applied.answer.error.message);
    const edited = await fleet.control.changeConfig(urn, { logLevel: 'error' });
    expect(edited.backupHash).toBe(original.hash);
    expect(data('config-rollback', 'b2b-agent config rollback')).toEqual({ hash: original.hash, restoredFrom: edited.configHash });
    expect(fleet.control.truthOf(urn)).toMatchObject({ configHash: original.hash, backupHash: edited.configHash });
  });

  it('removes enabled with null and refuses a result that does not validate', async () => {
    await fleet.control.changeConfig(urn, { enabled: ['pupils'] });
    expect(current().config.enabled).toEqual(['pupils']);
    await fleet.control.changeConfig(urn, { enabled: null });
    expect('enabled' in current().config).toBe(false);
    await expect(fleet.control.changeConfig(urn, { enabled: ['pupils', 'pupils'] })).rejects.toThrow(/^enabled: a dataset is named twice/);
    await expect(fleet.control.changeConfig(urn, {})).rejects.toThrow(ConfigChangeError);
  });
});

describe('ground truth through apply, refusals and rollback', () => {
  it('tracks the live config hash, the backup hash and whether the endpoint is live', async () => {
    const original = current();
    expect(fleet.control.truthOf(urn)).toMatchObject({ configHash: original.hash, backupHash: null, endpointLive: true });
    const bad = { ...original.config, endpointUrl: 'https://b2b.wrong-server.example/one/b2b' };
    const r = apply(original.hash, bad);
    expect(r.answer).toMatchObject({ ok: true, data: { verified: false } });
    const afterApply = fleet.control.truthOf(urn);
    expect(afterApply).toMatchObject({ backupHash: original.hash, endpointLive: false, expected: 'failing' });

    // Refused applies change nothing: a full disk, then another operation holding the lock.
    await fleet.control.inject(urn, { name: 'disk-full' });
    expect(refusal('config-apply', commandLine({ verb: 'config-apply', expectHash: afterApply.configHash, config: original.config }), canonicalConfig(original.config)).code).toBe('E_DISK_FULL');
    await fleet.control.clear(urn, 'disk-full');
    await fleet.control.inject(urn, { name: 'agent-busy', params: { refusals: 1 } });
    expect(refusal('config-rollback', 'b2b-agent config rollback').code).toBe('E_BUSY');
    expect(fleet.control.truthOf(urn)).toMatchObject({ configHash: afterApply.configHash, backupHash: original.hash });

    data('config-rollback', 'b2b-agent config rollback');
    expect(fleet.control.truthOf(urn)).toMatchObject({ configHash: original.hash, backupHash: afterApply.configHash, endpointLive: true, expected: 'healthy' });
  });
});
