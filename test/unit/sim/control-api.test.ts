// The loopback HTTP control API: ground truth, fault injection and clearing, the clock.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type SiteTruth } from '../../../sim/index.ts';

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet({ sites: 12, seed: 'control', faultRate: 0.25, start: Date.parse('2026-11-18T10:00:00Z'), speed: 0 });
});
afterAll(async () => {
  await fleet.close();
});

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, fleet.controlUrl ?? 'http://127.0.0.1:1');
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
    });
    req.on('socket', (s) => s.setNoDelay(true));
    req.on('error', reject);
    req.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  });
}

describe('control API', () => {
  it('listens on loopback and reports health', async () => {
    expect(fleet.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await call('GET', '/health');
    expect(r).toEqual({ status: 200, json: { ok: true, sites: 12, clock: { now: '2026-11-18T10:00:00.000Z', speed: 0 } } });
  });

  it('gives the ground truth for every site', async () => {
    const r = await call('GET', '/sites');
    const truth = r.json as SiteTruth[];
    expect(truth).toHaveLength(12);
    expect(truth.filter((t) => t.faults.length > 0)).toHaveLength(3);
    const first = truth[0];
    const site = fleet.sites[0];
    expect(first).toMatchObject({ urn: site?.urn, host: '127.0.0.1', port: site?.port, user: site?.user, hostKeyFingerprint: site?.hostKeyFingerprint });
  });

  it('injects and clears faults', async () => {
    const healthy = fleet.control.truth().find((t) => t.expected === 'healthy');
    if (!healthy) throw new Error('no healthy site');
    const injected = await call('POST', `/sites/${healthy.urn}/faults`, { name: 'disk-full' });
    expect(injected.status).toBe(200);
    expect(injected.json).toMatchObject({ urn: healthy.urn, expected: 'failing', faults: [{ name: 'disk-full', since: '2026-11-18T10:00:00.000Z' }] });
    await call('POST', `/sites/${healthy.urn}/faults`, { name: 'black-hole' });
    expect(((await call('GET', `/sites/${healthy.urn}`)).json as SiteTruth).expected).toBe('unreachable');
    const one = await call('DELETE', `/sites/${healthy.urn}/faults/black-hole`);
    expect((one.json as SiteTruth).faults.map((f) => f.name)).toEqual(['disk-full']);
    const all = await call('DELETE', `/sites/${healthy.urn}/faults`);
    expect(all.json).toMatchObject({ expected: 'healthy', faults: [] });
  });

  it('sets the sim clock', async () => {
    const r = await call('POST', '/clock', { time: '2026-11-19T08:30:00Z' });
    expect(r).toEqual({ status: 200, json: { now: '2026-11-19T08:30:00.000Z', speed: 0 } });
    expect(fleet.clock.now()).toBe(Date.parse('2026-11-19T08:30:00Z'));
  });

  it('answers bad requests with clear 400s and unknown things with 404s', async () => {
    const urn = fleet.sites[0]?.urn ?? 0;
    const gremlins = await call('POST', `/sites/${urn}/faults`, { name: 'gremlins' });
    expect(gremlins.status).toBe(400);
    expect((gremlins.json as { error: string }).error).toMatch(/^name: /);
    expect(await call('POST', `/sites/${urn}/faults`, '{not json')).toEqual({ status: 400, json: { error: 'body is not JSON' } });
    expect(await call('POST', `/sites/${urn}/faults`, { name: 'clock-skew', params: { skewMinutes: 'lots' } })).toMatchObject({ status: 400 });
    expect(await call('POST', '/clock', {})).toMatchObject({ status: 400, json: { error: 'body: give time and/or speed' } });
    expect(await call('POST', '/clock', { speed: -1 })).toMatchObject({ status: 400 });
    expect(await call('GET', '/sites/abc')).toMatchObject({ status: 400 });
    expect(await call('GET', '/sites/999999')).toMatchObject({ status: 404, json: { error: 'no simulated site with URN 999999' } });
    expect(await call('GET', '/nothing')).toMatchObject({ status: 404 });
  });

  it('changes a site config as a hand edit on the host, and refuses bodies that do not make a valid config', async () => {
    const site = fleet.control.truth().find((t) => t.expected === 'healthy' && t.backupHash === null);
    if (!site) throw new Error('no healthy site');
    const changed = await call('POST', `/sites/${site.urn}/config`, { enabled: ['pupils', 'attendance'], logLevel: 'debug' });
    expect(changed.status).toBe(200);
    const truth = changed.json as SiteTruth;
    expect(truth).toMatchObject({ urn: site.urn, backupHash: null, endpointLive: true, expected: 'healthy' });
    expect(truth.configHash).not.toBe(site.configHash);
    const got = JSON.parse(fleet.control.exec(site.urn, 'b2b-agent config get').stdout) as { data: { hash: string; config: { enabled?: string[]; logLevel: string } } };
    expect(got.data).toMatchObject({ hash: truth.configHash, config: { enabled: ['pupils', 'attendance'], logLevel: 'debug' } });

    const moved = await call('POST', `/sites/${site.urn}/config`, { endpointUrl: 'https://b2b.elsewhere.example/one/b2b' });
    expect(moved.json).toMatchObject({ endpointLive: false, expected: 'failing', faults: [{ name: 'wrong-endpoint', derived: true }] });

    const bad = async (body: unknown): Promise<string> => {
      const r = await call('POST', `/sites/${site.urn}/config`, body);
      expect(r.status).toBe(400);
      return (r.json as { error: string }).error;
    };
    expect(await bad({ endpointUrl: 'http://plain.example/' })).toMatch(/^endpointUrl: /);
    expect(await bad({ enabled: ['pupils', 'pupils'] })).toBe('enabled: a dataset is named twice');
    expect(await bad({ enabled: [] })).toMatch(/^enabled: /);
    expect(await bad({ schedule: { pupils: ['02:00'] } })).toMatch(/^schedule\./);
    expect(await bad({ colour: 'blue' })).toMatch(/colour/);
    expect(await bad({})).toBe('body: give at least one config field to change');
    expect(await bad('{not json')).toBe('body is not JSON');
    expect(((await call('GET', `/sites/${site.urn}`)).json as SiteTruth).configHash).toBe((moved.json as SiteTruth).configHash);
    expect(await call('POST', '/sites/999999/config', { logLevel: 'info' })).toMatchObject({ status: 404 });
    await call('DELETE', `/sites/${site.urn}/faults`);
  });

  it('refuses callers that did not address it as loopback', async () => {
    expect(await call('GET', '/health', undefined, { host: 'evil.example:80' })).toEqual({ status: 403, json: { error: 'loopback callers only' } });
  });
});
