// A host switched off and back on through the control API, at once or on the sim clock:
// while off its port refuses; once back, the same port and host key take commands again.
import { afterEach, describe, expect, it } from 'vitest';
import { parseAnswer } from '../../../shared/protocol/v1.ts';
import { startFleet, type Fleet, type SiteDescriptor, type SiteTruth } from '../../../sim/index.ts';
import { controlCall, sshExec } from './helpers.ts';

const START = Date.parse('2026-11-18T10:00:00Z');
const minutes = (n: number): string => new Date(START + n * 60_000).toISOString();
const fleets: Fleet[] = [];
afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.close()));
});

async function fleetAt(speed: number): Promise<{ fleet: Fleet; site: SiteDescriptor; url: string }> {
  const fleet = await startFleet({ sites: 2, seed: 'power-cue', faultRate: 0, start: START, speed, transientFailureRate: 0 });
  fleets.push(fleet);
  return { fleet, site: fleet.sites[0] as SiteDescriptor, url: fleet.controlUrl ?? '' };
}

/** Runs restart over SSH: the action a console held back while the host was off. */
async function restartOver(fleet: Fleet, site: SiteDescriptor): Promise<{ fingerprint: string; state: string }> {
  const r = await sshExec(site, fleet.clientKey.privateKey, 'b2b-agent restart', { readyTimeout: 3_000 });
  const answer = parseAnswer('restart', r.stdout);
  if (!answer.ok) throw new Error(answer.error.message);
  return { fingerprint: r.fingerprint, state: answer.data.state };
}

describe('power on cue (frozen clock)', () => {
  it('off for N sim-minutes: refused until then, then the same port and key take the queued action', async () => {
    const { fleet, site, url } = await fleetAt(0);
    const off = await controlCall(url, 'POST', `/sites/${site.urn}/faults`, { name: 'host-off', forMinutes: 30 });
    expect(off).toMatchObject({ status: 200, json: { expected: 'unreachable', faults: [{ name: 'host-off', since: minutes(0), until: minutes(30) }] } });
    await expect(restartOver(fleet, site)).rejects.toThrow(/ECONNREFUSED/);
    await controlCall(url, 'POST', '/clock', { time: minutes(29) });
    await expect(restartOver(fleet, site)).rejects.toThrow(/ECONNREFUSED/);
    await controlCall(url, 'POST', '/clock', { time: minutes(30) });
    expect(await restartOver(fleet, site)).toEqual({ fingerprint: site.hostKeyFingerprint, state: 'running' });
    const truth = (await controlCall(url, 'GET', `/sites/${site.urn}`)).json as SiteTruth;
    expect(truth).toMatchObject({ expected: 'healthy', faults: [], port: site.port });
  });

  it('off at T1 and back at T2', async () => {
    const { fleet, site, url } = await fleetAt(0);
    const r = await controlCall(url, 'POST', `/sites/${site.urn}/faults`, { name: 'host-off', since: minutes(10), until: minutes(20) });
    expect((r.json as SiteTruth).expected).toBe('healthy');
    expect((await restartOver(fleet, site)).state).toBe('running');
    await fleet.control.setClock({ time: START + 15 * 60_000 });
    expect(fleet.control.truthOf(site.urn).expected).toBe('unreachable');
    await expect(restartOver(fleet, site)).rejects.toThrow(/ECONNREFUSED/);
    await fleet.control.setClock({ time: START + 20 * 60_000 });
    expect(await restartOver(fleet, site)).toEqual({ fingerprint: site.hostKeyFingerprint, state: 'running' });
  });

  it('refuses an end before the start, or two ends, with a clear 400 and changes nothing', async () => {
    const { site, url } = await fleetAt(0);
    const path = `/sites/${site.urn}/faults`;
    expect(await controlCall(url, 'POST', path, { name: 'host-off', since: minutes(10), until: minutes(5) })).toEqual({
      status: 400,
      json: { error: `until (${minutes(5)}) must be after since (${minutes(10)})` },
    });
    expect(await controlCall(url, 'POST', path, { name: 'host-off', until: minutes(5), forMinutes: 5 })).toEqual({ status: 400, json: { error: 'body: give until or forMinutes, not both' } });
    expect(await controlCall(url, 'POST', path, { name: 'host-off', forMinutes: 0 })).toMatchObject({ status: 400 });
    expect(await controlCall(url, 'POST', path, { name: 'wrong-endpoint', forMinutes: 5 })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/^wrong-endpoint is a config change/) as unknown } });
    expect(((await controlCall(url, 'GET', `/sites/${site.urn}`)).json as SiteTruth).faults).toEqual([]);
  });
});

describe('power on cue (running clock)', () => {
  it('comes back by itself when the sim clock reaches the end, with no clock jump', async () => {
    // 60 sim-ms per real ms: two sim-minutes off are two real seconds, ample for the first refusal.
    const { fleet, site, url } = await fleetAt(60);
    await controlCall(url, 'POST', `/sites/${site.urn}/faults`, { name: 'host-off', forMinutes: 2 });
    await expect(restartOver(fleet, site)).rejects.toThrow(/ECONNREFUSED/);
    const deadline = Date.now() + 10_000;
    let back: { fingerprint: string; state: string } | null = null;
    while (back === null && Date.now() < deadline) {
      back = await restartOver(fleet, site).catch(() => null);
      if (back === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toEqual({ fingerprint: site.hostKeyFingerprint, state: 'running' });
    expect(fleet.clock.now()).toBeGreaterThanOrEqual(START + 120_000);
  });
});
