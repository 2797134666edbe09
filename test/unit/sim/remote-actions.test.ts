// Faults that only show when the console acts: a service that will not start, an agent
// whose lock is held, a resync that fails part way. Every verb goes over real SSH.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalConfig, commandLine, DATASETS, parseAnswer, type AgentStatus, type AgentVerb, type Answer, type Dataset } from '../../../shared/protocol/v1.ts';
import { startFleet, type Fleet, type SiteDescriptor } from '../../../sim/index.ts';
import { sshExec } from './helpers.ts';

// A Friday afternoon in term: no scheduled transfer runs until Monday, so only resyncs move.
const START = Date.parse('2026-11-20T14:00:00Z');
const threeDaysAgo = new Date(START - 3 * 86_400_000).toISOString();
let fleet: Fleet;
let site: SiteDescriptor;

beforeEach(async () => {
  fleet = await startFleet({ sites: 2, seed: 'remote-actions', faultRate: 0, start: START, speed: 0, controlPort: false, transientFailureRate: 0 });
  site = fleet.sites[0] as SiteDescriptor;
});
afterEach(async () => {
  await fleet.close();
});

async function ssh<V extends AgentVerb>(verb: V, line: string, stdin?: string): Promise<{ answer: Answer<V>; code: number | null }> {
  const r = await sshExec(site, fleet.clientKey.privateKey, line, stdin === undefined ? {} : { stdin });
  return { answer: parseAnswer(verb, r.stdout), code: r.code };
}
async function data<V extends AgentVerb>(verb: V, line: string, stdin?: string): Promise<Exclude<Answer<V>, { ok: false }>['data']> {
  const { answer, code } = await ssh(verb, line, stdin);
  if (!answer.ok) throw new Error(`${verb}: ${answer.error.code} ${answer.error.message}`);
  expect(code).toBe(0);
  return answer.data;
}
async function refusal(verb: AgentVerb, line: string, stdin?: string): Promise<{ code: string; message: string }> {
  const { answer, code } = await ssh(verb, line, stdin);
  if (answer.ok) throw new Error(`${verb} was not refused`);
  expect(code).toBe(1);
  return answer.error;
}
const status = (): Promise<AgentStatus> => data('status', 'b2b-agent status');
const restart = (): Promise<{ previousState: string; state: string }> => data('restart', 'b2b-agent restart');

describe('service-wont-start', () => {
  it('restart tries, answers still stopped, and does not clear the fault', async () => {
    await fleet.control.inject(site.urn, { name: 'service-wont-start', since: threeDaysAgo });
    expect((await status()).service.state).toBe('stopped');
    expect(await restart()).toEqual({ previousState: 'stopped', state: 'stopped' });
    expect(await restart()).toEqual({ previousState: 'stopped', state: 'stopped' });
    const after = await status();
    expect(after.service.state).toBe('stopped');
    expect(after.service.restarts24h).toBe(2);
    expect(fleet.control.truthOf(site.urn)).toMatchObject({ expected: 'failing', service: 'stopped', faults: [{ name: 'service-wont-start' }] });
    await fleet.control.setClock({ time: START + 5_000 });
    const logs = await data('logs', 'b2b-agent logs --tail 20');
    expect(logs.lines.some((l) => l.level === 'error' && l.msg.startsWith('Service failed to start'))).toBe(true);
  });

  it('a config apply restarts into the same failure and is not verified', async () => {
    await fleet.control.inject(site.urn, { name: 'service-wont-start', since: threeDaysAgo });
    const { hash, config } = await data('config-get', 'b2b-agent config get');
    const next = { ...config, logLevel: 'debug' as const };
    const applied = await data('config-apply', commandLine({ verb: 'config-apply', expectHash: hash, config: next }), canonicalConfig(next));
    expect(applied.verified).toBe(false);
    expect(applied.checks.find((c) => c.name === 'service')).toEqual({ name: 'service', ok: false, detail: 'B2B service is not running' });
  });

  it('starts once the cause is fixed on site', async () => {
    await fleet.control.inject(site.urn, { name: 'service-wont-start', since: threeDaysAgo });
    await fleet.control.clear(site.urn, 'service-wont-start');
    expect(await restart()).toEqual({ previousState: 'running', state: 'running' });
  });
});

describe('agent-busy', () => {
  it('refuses every action with E_BUSY while status still answers', async () => {
    await fleet.control.inject(site.urn, { name: 'agent-busy', forMinutes: 10 });
    const { hash, config } = await data('config-get', 'b2b-agent config get');
    const busy = [
      await refusal('restart', 'b2b-agent restart'),
      await refusal('resync', 'b2b-agent resync all'),
      await refusal('config-apply', commandLine({ verb: 'config-apply', expectHash: hash, config }), canonicalConfig(config)),
      await refusal('config-rollback', 'b2b-agent config rollback'),
    ];
    for (const e of busy) {
      expect(e.code).toBe('E_BUSY');
      expect(e.message).toMatch(/^another operation is in progress/);
    }
    expect((await status()).service.state).toBe('running');
    expect(fleet.control.truthOf(site.urn).expected).toBe('healthy');
    // Ten sim-minutes on, the other operation has finished.
    await fleet.control.setClock({ time: START + 10 * 60_000 });
    expect((await restart()).state).toBe('running');
  });

  it('with refusals: N, refuses N actions and then lets the next one through', async () => {
    await fleet.control.inject(site.urn, { name: 'agent-busy', params: { refusals: 2 } });
    expect((await refusal('restart', 'b2b-agent restart')).code).toBe('E_BUSY');
    await status();
    expect((await refusal('resync', 'b2b-agent resync pupils')).code).toBe('E_BUSY');
    expect(await data('resync', 'b2b-agent resync pupils')).toMatchObject({ queued: ['pupils'] });
    expect(fleet.control.truthOf(site.urn).faults).toEqual([]);
    const logs = await data('logs', 'b2b-agent logs --tail 20');
    expect(logs.lines.filter((l) => l.msg === 'Action refused: another operation is in progress')).toHaveLength(2);
  });
});

describe('resync-partial', () => {
  it('names its dataset in the ground truth; a resync of all sends the others and fails that one part way', async () => {
    const truth = await fleet.control.inject(site.urn, { name: 'resync-partial' });
    const failing = truth.faults[0]?.params.dataset as Dataset;
    expect(DATASETS).toContain(failing);
    expect(truth.expected).toBe('healthy');
    const before = await status();
    expect(await data('resync', 'b2b-agent resync all')).toMatchObject({ queued: [...DATASETS] });
    const running = await status();
    for (const d of DATASETS) expect(running.datasets[d].result, d).toBe('running');

    // Saturday night: every full transfer has ended, and no scheduled one has run.
    await fleet.control.setClock({ time: START + 30 * 3_600_000 });
    const after = await status();
    for (const d of DATASETS.filter((x) => x !== failing)) {
      expect(after.datasets[d].result, d).toBe('ok');
      expect(Date.parse(after.datasets[d].lastSuccess ?? ''), d).toBeGreaterThan(START);
    }
    const failed = after.datasets[failing];
    expect(failed).toMatchObject({ result: 'failed', errorCode: 'ENDPOINT_REJECTED', lastAttempt: new Date(START).toISOString(), lastSuccess: before.datasets[failing].lastSuccess, runningSince: null });
    expect(failed.errorMessage).toMatch(new RegExp(`^Full ${failing} transfer stopped at batch \\d+ of \\d+`));
    expect(after.backlog.pending).toBe(0);
    const logs = await data('logs', 'b2b-agent logs --tail 50');
    expect(logs.lines.some((l) => l.level === 'error' && l.msg.startsWith(`${failing} transfer failed: ENDPOINT_REJECTED`))).toBe(true);
  });

  it('fails the same way on every seed replay, and a resync after the fix completes', async () => {
    await fleet.control.inject(site.urn, { name: 'resync-partial', params: { dataset: 'pupils' } });
    await data('resync', 'b2b-agent resync pupils');
    await fleet.control.setClock({ time: START + 12 * 3_600_000 });
    const first = (await status()).datasets.pupils;
    expect(first.result).toBe('failed');
    const replay = await startFleet({ sites: 2, seed: 'remote-actions', faultRate: 0, start: START, speed: 0, controlPort: false, transientFailureRate: 0 });
    try {
      await replay.control.inject(site.urn, { name: 'resync-partial', params: { dataset: 'pupils' } });
      replay.control.exec(site.urn, 'b2b-agent resync pupils');
      await replay.control.setClock({ time: START + 12 * 3_600_000 });
      expect(replay.control.exec(site.urn, 'b2b-agent status').stdout).toBe((await sshExec(site, fleet.clientKey.privateKey, 'b2b-agent status')).stdout);
    } finally {
      await replay.close();
    }
    await fleet.control.clear(site.urn, 'resync-partial');
    await data('resync', 'b2b-agent resync pupils');
    await fleet.control.setClock({ time: START + 24 * 3_600_000 });
    expect((await status()).datasets.pupils).toMatchObject({ result: 'ok', errorCode: null });
  });
});
