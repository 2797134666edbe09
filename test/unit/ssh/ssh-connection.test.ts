import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SshConnection, type SshConnectionOptions } from '../../../electron/core/ssh/ssh-connection.ts';
import { newKeyPair, startTestServer, type ExecHandler, type TestServer } from './test-server.ts';

const clientKey = newKeyPair();

const handler: ExecHandler = (command, stdin, ch) => {
  if (command === 'echo-stdin') {
    ch.write(stdin);
  } else if (command === 'exit-3') {
    ch.write('partial');
    ch.stderr.write('something went wrong\n');
    ch.exit(3);
    ch.end();
    return;
  } else if (command === 'big') {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    for (let i = 0; i < 64; i++) ch.write(chunk);
  } else if (command === 'hang') {
    return;
  } else if (command === 'close-without-exit') {
    ch.close();
    return;
  } else {
    ch.write(`ran ${command}`);
  }
  ch.exit(0);
  ch.end();
};

let server: TestServer;
const open: SshConnection[] = [];

function options(overrides: Partial<SshConnectionOptions> = {}): SshConnectionOptions {
  return {
    target: { host: '127.0.0.1', port: server.port, username: 'school' },
    credentials: { privateKey: clientKey.private },
    pinnedFingerprint: server.fingerprint,
    timeouts: { connectMs: 5_000, execMs: 5_000 },
    ...overrides,
  };
}

async function connected(overrides: Partial<SshConnectionOptions> = {}): Promise<SshConnection> {
  const conn = new SshConnection(options(overrides));
  open.push(conn);
  const result = await conn.connect();
  expect(result).toEqual({ ok: true, fingerprint: server.fingerprint });
  return conn;
}

beforeAll(async () => {
  server = await startTestServer({ clientPublicKey: clientKey.public, handler });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  vi.restoreAllMocks();
});

describe('host-key pinning', () => {
  it('proceeds when the key matches the pin', async () => {
    const conn = await connected();
    expect(conn.isOpen).toBe(true);
    expect(conn.hostFingerprint).toBe(server.fingerprint);
    expect(await conn.exec('hello')).toMatchObject({ ok: true, stdout: 'ran hello', exitCode: 0 });
  });

  it('refuses a changed key before authenticating, so no command is sent', async () => {
    const before = { auth: server.authAttempts, execs: server.execs.length };
    const wrong = 'SHA256:' + 'A'.repeat(43);
    const conn = new SshConnection(options({ pinnedFingerprint: wrong }));
    const result = await conn.connect();
    expect(result).toMatchObject({ ok: false, failure: { kind: 'hostkey-changed', expected: wrong, actual: server.fingerprint } });
    expect(conn.isOpen).toBe(false);
    expect(await conn.exec('should-not-run')).toMatchObject({ ok: false, failure: { kind: 'not-connected' } });
    expect(server.authAttempts).toBe(before.auth);
    expect(server.execs.length).toBe(before.execs);
  });

  it('reports a first-seen key as pending approval and sends nothing', async () => {
    const before = server.authAttempts;
    const conn = new SshConnection(options({ pinnedFingerprint: null }));
    const result = await conn.connect();
    expect(result).toMatchObject({ ok: false, failure: { kind: 'hostkey-unknown', actual: server.fingerprint } });
    expect(conn.hostFingerprint).toBe(server.fingerprint);
    expect(server.authAttempts).toBe(before);
  });
});

describe('connecting', () => {
  it('times out on a host that accepts TCP and never speaks', async () => {
    const sockets: net.Socket[] = [];
    const blackHole = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const port = (blackHole.address() as AddressInfo).port;
    const conn = new SshConnection(options({ target: { host: '127.0.0.1', port, username: 'school' }, timeouts: { connectMs: 300 } }));
    const result = await conn.connect();
    expect(result).toMatchObject({ ok: false, failure: { kind: 'connect-timeout' } });
    expect(result.ok ? '' : result.failure.message).toContain('sent no SSH identification');
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  it('dials apart from the handshake: the host identifies itself, and nothing more is sent until connect()', async () => {
    const before = server.authAttempts;
    const conn = new SshConnection(options());
    open.push(conn);
    expect(await conn.dial()).toEqual({ ok: true });
    // Dialing twice is the same dial.
    expect(await conn.dial()).toEqual({ ok: true });
    expect(conn.isOpen).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.authAttempts).toBe(before);
    // The identification read while dialing is still there for the handshake.
    expect(await conn.connect()).toEqual({ ok: true, fingerprint: server.fingerprint });
    expect(await conn.exec('hello')).toMatchObject({ ok: true, stdout: 'ran hello' });
  });

  it('fails the handshake cleanly when the host hung up while waiting for it', async () => {
    const sockets: net.Socket[] = [];
    // Says hello like an SSH server, then drops the line.
    const rude = net.createServer((s) => {
      sockets.push(s);
      s.write('SSH-2.0-Rude_1.0\r\n');
    });
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    const port = (rude.address() as AddressInfo).port;
    const conn = new SshConnection(options({ target: { host: '127.0.0.1', port, username: 'school' } }));
    const closed = new Promise((resolve) => conn.once('close', resolve));
    expect(await conn.dial()).toEqual({ ok: true });
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(await conn.connect()).toMatchObject({ ok: false, failure: { kind: 'connection-reset' } });
    expect(await closed).toMatchObject({ kind: 'connection-reset' });
    await new Promise((resolve) => rude.close(resolve));
  });

  it('closes a dialed connection that never got its handshake', async () => {
    const conn = new SshConnection(options());
    expect(await conn.dial()).toEqual({ ok: true });
    const reasons: unknown[] = [];
    conn.on('close', (r) => reasons.push(r));
    conn.close();
    expect(reasons).toEqual([null]);
    expect(await conn.connect()).toMatchObject({ ok: false, failure: { kind: 'not-connected' } });
  });

  it('reports a refused connection', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const conn = new SshConnection(options({ target: { host: '127.0.0.1', port, username: 'school' } }));
    expect(await conn.connect()).toMatchObject({ ok: false, failure: { kind: 'connect-refused' } });
  });

  it('reports a key the host does not accept as auth-failed', async () => {
    const stranger = newKeyPair();
    const conn = new SshConnection(options({ credentials: { privateKey: stranger.private } }));
    expect(await conn.connect()).toMatchObject({ ok: false, failure: { kind: 'auth-failed' } });
  });

  it('reads a passphrase-protected key, and fails before connecting when the passphrase is wrong', async () => {
    const locked = newKeyPair('correct horse');
    const wrong = new SshConnection(options({ credentials: { privateKey: locked.private, passphrase: 'nope' } }));
    const result = await wrong.connect();
    expect(result).toMatchObject({ ok: false, failure: { kind: 'credentials-invalid' } });
    expect(JSON.stringify(result)).not.toContain('nope');
    // With the right passphrase the key is read and offered; this host simply does not know it.
    const right = new SshConnection(options({ credentials: { privateKey: locked.private, passphrase: 'correct horse' } }));
    expect(await right.connect()).toMatchObject({ ok: false, failure: { kind: 'auth-failed' } });
  });

  it('opens its socket with TCP_NODELAY', async () => {
    const spy = vi.spyOn(net, 'connect');
    await connected();
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ host: '127.0.0.1', port: server.port, noDelay: true }));
  });

  it('closes with keepalive-timeout when an open connection stops answering', async () => {
    const frozen = await startTestServer({ clientPublicKey: clientKey.public, handler });
    const conn = new SshConnection({ ...options(), target: { host: '127.0.0.1', port: frozen.port, username: 'school' }, pinnedFingerprint: frozen.fingerprint, keepalive: { intervalMs: 100, countMax: 2 } });
    expect(await conn.connect()).toMatchObject({ ok: true });
    const closed = new Promise((resolve) => conn.once('close', resolve));
    frozen.freeze();
    expect(await closed).toMatchObject({ kind: 'keepalive-timeout' });
    expect(conn.isOpen).toBe(false);
    await frozen.close();
  });

  it('ends a connect still in progress when closed', async () => {
    const conn = new SshConnection(options());
    const pending = conn.connect();
    conn.close();
    expect(await pending).toMatchObject({ ok: false, failure: { kind: 'aborted' } });
  });

  it('emits close once with null when closed on request', async () => {
    const conn = await connected();
    const reasons: unknown[] = [];
    conn.on('close', (r) => reasons.push(r));
    conn.close();
    conn.close();
    expect(reasons).toEqual([null]);
    expect(conn.isOpen).toBe(false);
  });
});

describe('exec', () => {
  it('passes stdin through and sends EOF', async () => {
    const conn = await connected();
    const input = '{"a":1}\nsecond line ✓\n';
    expect(await conn.exec('echo-stdin', { stdin: input })).toMatchObject({ ok: true, stdout: input, exitCode: 0 });
  });

  it('captures a non-zero exit code and stderr', async () => {
    const conn = await connected();
    expect(await conn.exec('exit-3')).toEqual({ ok: true, stdout: 'partial', stderr: 'something went wrong\n', exitCode: 3, exitSignal: null });
  });

  it('runs execs side by side on one connection', async () => {
    const conn = await connected();
    const results = await Promise.all(['a', 'b', 'c'].map((c) => conn.exec(c)));
    expect(results.map((r) => (r.ok ? r.stdout : r.failure.kind))).toEqual(['ran a', 'ran b', 'ran c']);
  });

  it('stops reading past the output cap and the connection stays usable', async () => {
    const conn = await connected({ maxOutputBytes: 64 * 1024 });
    expect(await conn.exec('big')).toMatchObject({ ok: false, failure: { kind: 'output-too-large', limit: 64 * 1024 } });
    expect(await conn.exec('after')).toMatchObject({ ok: true, stdout: 'ran after' });
  });

  it('times out a command the host accepted but never finished as a hung agent, not a network fault', async () => {
    const conn = await connected();
    expect(await conn.exec('hang', { timeoutMs: 200 })).toMatchObject({ ok: false, failure: { kind: 'agent-hung', message: 'did not answer within 1 s' } });
    expect(await conn.exec('after')).toMatchObject({ ok: true });
  });

  it('fails on the caller abort signal', async () => {
    const conn = await connected();
    const ac = new AbortController();
    const pending = conn.exec('hang', { signal: ac.signal });
    ac.abort(new Error('shutting down'));
    expect(await pending).toMatchObject({ ok: false, failure: { kind: 'aborted', message: 'shutting down' } });
  });

  it('reports a channel closed before an exit status', async () => {
    const conn = await connected();
    expect(await conn.exec('close-without-exit')).toMatchObject({ ok: false, failure: { kind: 'channel-closed' } });
  });

  it('fails pending and running execs with channel-closed when the connection is closed', async () => {
    const conn = await connected();
    const seen = server.execs.length;
    const running = conn.exec('hang');
    // Wait for the host to have the first command, so one is running and one is just requested.
    while (server.execs.length === seen) await new Promise((resolve) => setTimeout(resolve, 5));
    const pending = conn.exec('hang');
    conn.close();
    expect(await running).toMatchObject({ ok: false, failure: { kind: 'channel-closed' } });
    expect(await pending).toMatchObject({ ok: false, failure: { kind: 'channel-closed' } });
  });
});
