// The simulator over real SSH (ssh2's client): addressing, host keys, public-key auth,
// and every transport fault as a console would meet it.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLine, parseAnswer, ProtocolError, StatusSchema, canonicalConfig } from '../../../shared/protocol/v1.ts';
import { deriveEd25519, startFleet, type Fleet, type SiteDescriptor } from '../../../sim/index.ts';
import { sshExec } from './helpers.ts';

let fleet: Fleet;
let sites: SiteDescriptor[];
const site = (i: number): SiteDescriptor => {
  const s = sites[i];
  if (!s) throw new Error(`no site ${i}`);
  return s;
};

beforeAll(async () => {
  fleet = await startFleet({ sites: 30, seed: 'ssh-tests', faultRate: 0, start: Date.parse('2026-11-18T10:00:00Z'), speed: 0, controlPort: false, transientFailureRate: 0 });
  sites = [...fleet.sites];
});
afterAll(async () => {
  await fleet.close();
});

describe('sim over SSH', () => {
  it('answers status with a valid document, offering the pinned host key', async () => {
    const s = site(0);
    expect(s.host).toBe('127.0.0.1');
    expect(s.user).toBe(`b2b-${s.urn}`);
    const r = await sshExec(s, fleet.clientKey.privateKey, commandLine({ verb: 'status' }));
    expect(r.code).toBe(0);
    expect(r.fingerprint).toBe(s.hostKeyFingerprint);
    const answer = parseAnswer('status', r.stdout);
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(StatusSchema.parse(answer.data).service.state).toBe('running');
  });

  it('gives each school its own stable host key', () => {
    const fps = new Set(sites.map((s) => s.hostKeyFingerprint));
    expect(fps.size).toBe(sites.length);
    expect(deriveEd25519('ssh-tests', `host:${site(3).urn}`).fingerprint).toBe(site(3).hostKeyFingerprint);
  });

  it('takes config apply on stdin and reports a usage error with a non-zero exit', async () => {
    const s = site(1);
    const got = parseAnswer('config-get', (await sshExec(s, fleet.clientKey.privateKey, 'b2b-agent config get')).stdout);
    if (!got.ok) throw new Error('config get failed');
    const config = { ...got.data.config, logLevel: 'debug' as const };
    const r = await sshExec(s, fleet.clientKey.privateKey, commandLine({ verb: 'config-apply', expectHash: got.data.hash, config }), { stdin: canonicalConfig(config) });
    const applied = parseAnswer('config-apply', r.stdout);
    expect(r.code).toBe(0);
    expect(applied.ok && applied.data.verified).toBe(true);
    const usage = await sshExec(s, fleet.clientKey.privateKey, 'b2b-agent frobnicate');
    expect(usage.code).not.toBe(0);
    const err = parseAnswer('status', usage.stdout);
    expect(err.ok ? null : err.error.code).toBe('E_USAGE');
    const shell = await sshExec(s, fleet.clientKey.privateKey, 'cat /etc/passwd');
    expect(shell.code).toBe(127);
    expect(shell.stdout).toBe('');
  });

  it('refuses a key it does not know, and the right key under another school’s user', async () => {
    const stranger = deriveEd25519('someone-else', 'client');
    await expect(sshExec(site(2), stranger.privateKey, 'b2b-agent status')).rejects.toThrow(/authentication/i);
    await expect(sshExec(site(2), fleet.clientKey.privateKey, 'b2b-agent status', { user: site(3).user })).rejects.toThrow(/authentication/i);
  });

  it('auth-refused: the fleet key stops working', async () => {
    const s = site(4);
    await fleet.control.inject(s.urn, { name: 'auth-refused' });
    await expect(sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status')).rejects.toThrow(/authentication/i);
    expect(fleet.control.truthOf(s.urn).expected).toBe('auth');
    await fleet.control.clear(s.urn, 'auth-refused');
    expect((await sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status')).code).toBe(0);
  });

  it('host-key-changed: serves a different key, the one the ground truth names', async () => {
    const s = site(5);
    const truth = await fleet.control.inject(s.urn, { name: 'host-key-changed' });
    const r = await sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status');
    expect(r.fingerprint).not.toBe(s.hostKeyFingerprint);
    expect(r.fingerprint).toBe(truth.hostKeyFingerprint);
    expect(truth.pinnedFingerprint).toBe(s.hostKeyFingerprint);
    expect(truth.expected).toBe('hostkey');
  });

  it('black-hole: accepts TCP but never speaks, so the handshake times out', async () => {
    const s = site(6);
    await fleet.control.inject(s.urn, { name: 'black-hole' });
    await expect(sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status', { readyTimeout: 400 })).rejects.toThrow(/timed out/i);
  });

  it('slow-banner: a patient client still gets through, an impatient one times out', async () => {
    const s = site(7);
    await fleet.control.inject(s.urn, { name: 'slow-banner', params: { delayMs: 1500 } });
    await expect(sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status', { readyTimeout: 200 })).rejects.toThrow(/timed out/i);
    const r = await sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status', { readyTimeout: 20_000 });
    expect(parseAnswer('status', r.stdout).ok).toBe(true);
  });

  it('host-off: the port refuses connections until the fault clears', async () => {
    const s = site(8);
    await fleet.control.inject(s.urn, { name: 'host-off' });
    await expect(sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status')).rejects.toThrow(/ECONNREFUSED/);
    await fleet.control.clear(s.urn);
    expect((await sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status')).code).toBe(0);
  });

  it('reset-mid-command: the connection dies before the command finishes', async () => {
    const s = site(9);
    await fleet.control.inject(s.urn, { name: 'reset-mid-command' });
    await expect(sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status')).rejects.toThrow(/ECONNRESET|closed/);
  });

  it('garbage-output, oversized-output and unknown-protocol all fail parseAnswer with ProtocolError', async () => {
    for (const [i, name] of [
      [10, 'garbage-output'],
      [11, 'oversized-output'],
      [12, 'unknown-protocol'],
    ] as const) {
      const s = site(i);
      await fleet.control.inject(s.urn, { name });
      const r = await sshExec(s, fleet.clientKey.privateKey, 'b2b-agent status');
      expect(() => parseAnswer('status', r.stdout), name).toThrow(ProtocolError);
      expect(fleet.control.truthOf(s.urn).expected).toBe('protocol');
    }
  });

  it('runs many execs, one channel at a time, over one connection', async () => {
    // One TCP connection, several channels in turn, as the console's session pool does.
    const s = site(13);
    const client = new (await import('ssh2')).default.Client();
    const ready = new Promise<void>((resolve, reject) => {
      client.on('ready', () => resolve());
      client.on('error', reject);
    });
    client.connect({ sock: connect({ host: s.host, port: s.port, noDelay: true }), username: s.user, privateKey: fleet.clientKey.privateKey });
    await ready;
    const run = (line: string): Promise<string> =>
      new Promise((resolve, reject) => {
        client.exec(line, (err, stream) => {
          if (err) return reject(err);
          let out = '';
          stream.on('data', (d: Buffer) => (out += d.toString('utf8')));
          stream.on('close', () => resolve(out));
          stream.end();
        });
      });
    for (let i = 0; i < 5; i++) expect(parseAnswer('status', await run('b2b-agent status')).ok).toBe(true);
    expect(parseAnswer('diag', await run('b2b-agent diag')).ok).toBe(true);
    client.end();
  });
});
