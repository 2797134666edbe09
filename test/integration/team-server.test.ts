// The desktop's "Connect to a team server": main's Backends and RemoteCore against real
// servers (the browser-mode server a collector runs, on SQLite here: the link does not care
// which store is behind it) and a real in-process core as "this computer".
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createCore, type Core } from '../../electron/core/core.ts';
import { Backends, type Backend } from '../../electron/main/backends.ts';
import type { HostLogger } from '../../electron/main/core-process.ts';
import { RemoteCore } from '../../electron/main/remote-core.ts';
import type { SafeStorageLike } from '../../electron/main/secrets.ts';
import { TEAM_SERVER_FILE } from '../../electron/main/team-server-file.ts';
import { startServer, type RunningServer } from '../../electron/server/serve.ts';
import type { Result } from '../../shared/result.ts';
import { parseTeamAddress } from '../../shared/team-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { until } from '../helpers/until.ts';

const tempDir = useTempDir('b2b-team-');
const TOKEN = crypto.randomBytes(24).toString('base64url');
const SITE = { urn: 141043, name: 'Birchwood Academy', area: 'North', host: '127.0.0.1', port: 1, user: 'b2b', tags: [] };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Encrypts for real (AES-GCM, a key per "keyring"), so the file can be checked for plaintext. */
function keyring(backend = 'gnome_libsecret'): SafeStorageLike {
  const key = crypto.randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString: (data) => {
      const d = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

function logger(): HostLogger & { lines: string[] } {
  const lines: string[] = [];
  const put = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: put('info'), warn: put('warn'), error: put('error') };
}

async function collector(port = 0): Promise<RunningServer> {
  const staticDir = tempDir();
  const running = await startServer({ dataDir: tempDir(), staticDir, port, token: TOKEN });
  cleanups.push(() => running.close());
  return running;
}

/** This computer's own core, in process: a real core on its own SQLite file. */
async function localCore(): Promise<{ core: Core; starts: number[]; start: () => Backend }> {
  const core = await createCore({ dataDir: tempDir(), mode: 'desktop', version: '0.0.0' });
  cleanups.push(() => core.close());
  const starts: number[] = [];
  return {
    core,
    starts,
    start: () => {
      starts.push(Date.now());
      return { request: (channel, payload) => core.request(channel, payload), stop: () => Promise.resolve() };
    },
  };
}

interface Harness {
  backends: Backends;
  dataDir: string;
  events: { name: string; payload: unknown }[];
  links: string[];
  switches: number;
  log: ReturnType<typeof logger>;
}

async function harness(opts: { dataDir?: string; storage?: SafeStorageLike; local?: () => Backend } = {}): Promise<Harness> {
  const local = opts.local ?? (await localCore()).start;
  const h: Harness = { backends: null as unknown as Backends, dataDir: opts.dataDir ?? tempDir(), events: [], links: [], switches: 0, log: logger() };
  h.backends = new Backends({
    dataDir: h.dataDir,
    storage: opts.storage ?? keyring(),
    log: h.log,
    operator: 'Sam Patel',
    startLocal: local,
    onEvent: (name, payload) => h.events.push({ name, payload }),
    onConnection: (state) => h.links.push(state),
    onSwitched: () => h.switches++,
    probeTimeoutMs: 5_000,
    remote: { requestTimeoutMs: 5_000, firstBackoffMs: 50, maxBackoffMs: 200 },
  });
  h.backends.start();
  cleanups.push(() => h.backends.stop());
  return h;
}

function data(r: Result<unknown>): unknown {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

describe('the desktop on a team server', () => {
  it('works locally until told otherwise, then relays requests and events to the collector under the desktop’s operator', async () => {
    const server = await collector();
    const h = await harness();
    expect(h.backends.status()).toEqual({ mode: 'local', address: null, state: 'local', error: null, tokenKept: null });
    expect(data(await h.backends.request('app.info', {}))).toMatchObject({ mode: 'desktop' });

    const chosen = await h.backends.choose({ mode: 'team', address: `${server.url}?token=${TOKEN}` });
    expect(data(chosen)).toEqual({ mode: 'team', address: `http://127.0.0.1:${server.port}`, state: 'open', error: null, tokenKept: 'keyring' });
    expect(h.switches).toBe(1);
    expect(data(await h.backends.request('app.info', {}))).toMatchObject({ mode: 'browser', operator: 'Sam Patel' });

    const created = data(await h.backends.request('sites.create', { site: SITE })) as { id: number };
    // The collector's own store holds the site, and its audit trail names the desktop's person.
    expect((await server.core.context.sites.list()).map((s) => s.urn)).toContain(SITE.urn);
    await until('the change pushed to the desktop', () => h.events.find((e) => e.name === 'sites.changed' && (e.payload as { ids: number[] }).ids.includes(created.id)));
    const audit = data(await h.backends.request('audit.list', {})) as { actor: string; action: string }[];
    expect(audit.find((a) => a.action === 'site.create')?.actor).toBe('Sam Patel');
  });

  it('keeps the token encrypted on disk and reconnects on the next start', async () => {
    const server = await collector();
    const storage = keyring();
    const dataDir = tempDir();
    const first = await harness({ dataDir, storage });
    data(await first.backends.choose({ mode: 'team', address: server.url, token: TOKEN }));
    await first.backends.stop();

    const text = fs.readFileSync(path.join(dataDir, TEAM_SERVER_FILE), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect((fs.statSync(path.join(dataDir, TEAM_SERVER_FILE)).mode & 0o777).toString(8)).toBe('600');
    expect(first.log.lines.join('\n')).not.toContain(TOKEN);

    const second = await harness({ dataDir, storage, local: () => { throw new Error('the local core must not start in team mode'); } });
    expect(second.backends.status()).toMatchObject({ mode: 'team', address: `http://127.0.0.1:${server.port}` });
    await until('connected again', () => second.backends.status().state === 'open');
    expect(data(await second.backends.request('app.info', {}))).toMatchObject({ mode: 'browser' });
  });

  it('refuses a wrong token, an address off this machine, and a port nobody answers, staying local each time', async () => {
    const server = await collector();
    const h = await harness();
    const wrong = await h.backends.choose({ mode: 'team', address: server.url, token: 'x'.repeat(32) });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!wrong.ok && wrong.error.message).toMatch(/refused this console: check the access token/);

    const remote = await h.backends.choose({ mode: 'team', address: 'http://10.1.2.3:8443', token: TOKEN });
    expect(!remote.ok && remote.error.message).toMatch(/on this computer only/);

    const silent = await collector();
    const port = silent.port;
    await silent.close();
    const nobody = await h.backends.choose({ mode: 'team', address: `127.0.0.1:${port}`, token: TOKEN });
    expect(!nobody.ok && nobody.error.message).toMatch(/Nothing answers at http:\/\/127\.0\.0\.1:\d+: is the collector running/);

    const missing = await h.backends.choose({ mode: 'team', address: server.url });
    expect(!missing.ok && missing.error.message).toMatch(/Give the access token/);

    expect(h.backends.status().mode).toBe('local');
    expect(h.switches).toBe(0);
    expect(data(await h.backends.request('app.info', {}))).toMatchObject({ mode: 'desktop' });
    expect(fs.existsSync(path.join(h.dataDir, TEAM_SERVER_FILE))).toBe(false);
  });

  it('shows the link dropping and coming back when the collector restarts, answering requests meanwhile', async () => {
    const server = await collector();
    const h = await harness();
    data(await h.backends.choose({ mode: 'team', address: server.url, token: TOKEN }));
    const port = server.port;
    await server.close();
    await until('the drop seen', () => h.links.includes('closed'));
    const during = await h.backends.request('sites.list', {});
    expect(during).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!during.ok && during.error.message).toMatch(/Not connected to the team server at http:\/\/127\.0\.0\.1:\d+/);

    await collector(port);
    await until('the link open again', () => h.links.at(-1) === 'open' && h.backends.status().state === 'open');
    expect(data(await h.backends.request('sites.list', {}))).toEqual([]);
  });

  it('goes back to this computer: the team link closes and the local core answers', async () => {
    const server = await collector();
    const local = await localCore();
    const h = await harness({ local: local.start });
    data(await h.backends.choose({ mode: 'team', address: server.url, token: TOKEN }));
    expect(data(await h.backends.choose({ mode: 'local' }))).toMatchObject({ mode: 'local', state: 'local' });
    expect(local.starts).toHaveLength(2);
    expect(h.switches).toBe(2);
    expect(data(await h.backends.request('app.info', {}))).toMatchObject({ mode: 'desktop' });
    expect(JSON.parse(fs.readFileSync(path.join(h.dataDir, TEAM_SERVER_FILE), 'utf8'))).toEqual({ version: 1, mode: 'local' });
  });

  it('keeps the token for this session only when there is no keyring, and asks for it again next time', async () => {
    const server = await collector();
    const dataDir = tempDir();
    const storage = keyring('basic_text');
    const h = await harness({ dataDir, storage });
    expect(data(await h.backends.choose({ mode: 'team', address: server.url, token: TOKEN }))).toMatchObject({ state: 'open', tokenKept: 'session' });
    await h.backends.stop();
    expect(fs.readFileSync(path.join(dataDir, TEAM_SERVER_FILE), 'utf8')).not.toContain(TOKEN);

    const next = await harness({ dataDir, storage });
    expect(next.backends.status()).toMatchObject({ mode: 'team', state: 'closed', error: expect.stringMatching(/last session only/) as unknown });
    const r = await next.backends.request('sites.list', {});
    expect(!r.ok && r.error.message).toMatch(/Settings → Team server/);
    // Giving the token again for the same address is enough.
    expect(data(await next.backends.choose({ mode: 'team', address: server.url, token: TOKEN }))).toMatchObject({ state: 'open' });
  });

  it('sets an unreadable setting aside and starts locally', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, TEAM_SERVER_FILE), '{"version":1,"mode":"team","origin":"http://10.0.0.1:1"');
    const h = await harness({ dataDir });
    expect(h.backends.status().mode).toBe('local');
    const aside = fs.readdirSync(dataDir).filter((f) => f.startsWith(`${TEAM_SERVER_FILE}.unreadable-`));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, aside[0] ?? ''), 'utf8')).toContain('10.0.0.1');
  });
});

describe('RemoteCore against a misbehaving server', () => {
  it('ignores frames that are not JSON or not messages, and answers a request lost with the link at once', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    cleanups.push(() => new Promise((r) => wss.close(() => r())));
    const port = (wss.address() as { port: number }).port;
    wss.on('connection', (ws) => {
      ws.send('not json');
      ws.send(JSON.stringify({ type: 'response', id: 'one', result: 'nope' }));
      ws.send(JSON.stringify({ type: 'event', name: 'sites.changed', payload: { reason: 'created', ids: [1] } }));
      ws.on('message', (raw) => {
        const req = JSON.parse((raw as Buffer).toString('utf8')) as { id: number; channel: string };
        if (req.channel === 'app.info') ws.send(JSON.stringify({ type: 'response', id: req.id, result: { ok: true, data: { fine: true } } }));
        else ws.terminate(); // Drops the link with this request on the wire.
      });
    });
    const address = parseTeamAddress(`127.0.0.1:${port}`);
    if (!address.ok) throw new Error(address.message);
    const log = logger();
    const events: string[] = [];
    const remote = new RemoteCore({ address: address.value, token: TOKEN, operator: 'Sam Patel', log, onEvent: (name) => events.push(name), firstBackoffMs: 50 });
    cleanups.push(() => remote.stop());
    remote.start();
    expect(await remote.attempt()).toBeNull();
    expect(await remote.request('app.info', {})).toEqual({ ok: true, data: { fine: true } });
    expect(events).toEqual(['sites.changed']);
    expect(log.lines.filter((l) => l.startsWith('warn ignored'))).toHaveLength(2);
    const lost = await remote.request('sites.create', { site: SITE });
    expect(!lost.ok && lost.error.message).toMatch(/may or may not have been carried out/);
  });
});
