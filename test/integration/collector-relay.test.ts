// Two cores on one PostgreSQL (two collectors, or a collector and a console's): a change made
// through one reaches the other's consoles within a second, as a hint over LISTEN/NOTIFY that
// makes it read again. And a collector given a database it cannot use says why and exits 2.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract.ts';
import { createCore, type Core } from '../../electron/core/core.ts';
import { COLLECTOR_MAX_OPEN, DEFAULT_POOL_LIMITS } from '../../electron/core/poller/connection-pool.ts';
import { pgUnavailableReason, PG_APP, startPg, type PgCluster } from '../helpers/pg-cluster.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const reason = pgUnavailableReason();
if (reason !== null) console.log(`collector-relay.test.ts skipped: ${reason}`);

function nextEvent(core: Core, name: EventName, match: (payload: unknown) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const off = core.onEvent((n, payload) => {
      if (n !== name || !match(payload)) return;
      off();
      resolve(performance.now());
    });
  });
}

function runCollector(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['electron/server/collector.ts', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe.skipIf(reason !== null)('collectors sharing one PostgreSQL', () => {
  let pg: PgCluster;
  let dir: string;
  const cores: Core[] = [];

  beforeAll(async () => {
    pg = await startPg();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-relay-'));
  }, 60_000);

  afterAll(async () => {
    for (const c of cores) await c.close();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a site added through one core reaches the other core within a second, and its register with it', async () => {
    const url = await pg.createDatabase('relay');
    const open = (name: string) => createCore({ dataDir: path.join(dir, name), mode: 'browser', version: 'test', store: { postgres: url }, collector: { id: name, name }, startPolling: false });
    const a = await open('alpha');
    cores.push(a);
    const b = await open('bravo');
    cores.push(b);
    // The listening connection opens on subscribe; give it a moment before the first change.
    await new Promise((r) => setTimeout(r, 500));

    const heard = nextEvent(b, 'sites.changed', () => true);
    const t0 = performance.now();
    const created = await a.request('sites.create', { site: { urn: 141885, name: 'Birchwood Academy', host: '127.0.0.1', port: 2222, user: 'b2b' } }, { actor: 'Sam Patel' });
    expect(created.ok).toBe(true);
    const at = await heard;
    console.log(`the other core heard of it after ${Math.round(at - t0)} ms`);
    expect(at - t0).toBeLessThan(1000);
    const snapshot = await b.request('fleet.snapshot', {});
    expect(snapshot.ok && (snapshot.data as { sites: { urn: number }[] }).sites.map((s) => s.urn)).toEqual([141885]);

    // Settings too: the other core reads them again.
    const s0 = performance.now();
    await a.request('settings.update', { patch: { pollIntervalS: 900 } }, { actor: 'Sam Patel' });
    for (;;) {
      if (b.context.settings.get('pollIntervalS') === 900) break;
      if (performance.now() - s0 > 1000) throw new Error('the other core did not read the new setting within 1 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  }, 60_000);

  it('a collector keeps every site it may hold open, past the desktop\'s 2,000 (a poll past the cap paid a handshake)', async () => {
    const url = await pg.createDatabase('pool');
    const collector = await createCore({ dataDir: path.join(dir, 'pool-c'), mode: 'browser', version: 'test', store: { postgres: url }, collector: { id: 'pool-c', name: 'pool-c' }, startPolling: false });
    cores.push(collector);
    const desktop = await createCore({ dataDir: path.join(dir, 'pool-d'), mode: 'desktop', version: 'test', startPolling: false });
    cores.push(desktop);
    expect(collector.context.poller.pool.maxOpen).toBe(COLLECTOR_MAX_OPEN);
    expect(desktop.context.poller.pool.maxOpen).toBe(DEFAULT_POOL_LIMITS.maxOpen);
    expect(COLLECTOR_MAX_OPEN).toBeGreaterThan(DEFAULT_POOL_LIMITS.maxOpen);
  }, 60_000);

  it('a collector starting up leaves alone an action another live collector is running, and recovers a dead one\'s', async () => {
    const url = await pg.createDatabase('owners');
    const open = (name: string) => createCore({ dataDir: path.join(dir, name), mode: 'browser', version: 'test', store: { postgres: url }, collector: { id: name, name } });
    const alpha = await open('alpha');
    cores.push(alpha);
    const site = await alpha.request('sites.create', { site: { urn: 141886, name: 'Ash Primary', host: '127.0.0.1', port: 1, user: 'b2b' } }, { actor: 'Sam Patel' });
    if (!site.ok) throw new Error(site.error.message);
    const siteId = (site.data as { id: number }).id;
    // Alpha is sending a restart right now (its command in flight), and has one more queued.
    const { journal } = alpha.context.store;
    const run = await journal.createRun({ kind: 'restart', params: { kind: 'restart' }, actor: 'Sam Patel', pacing: { concurrency: 1, waveSize: null, wavePauseS: 0 }, skipped: [], at: Date.now(), actions: [{ siteId, siteName: 'Ash Primary', state: 'queued', expiresAt: null }, { siteId, siteName: 'Ash Primary', state: 'queued', expiresAt: null }], owner: 'alpha' });
    expect(await journal.claim(run.actionIds[0] ?? 0, Date.now(), null, [], 'alpha')).toBe(true);

    const bravo = await open('bravo');
    cores.push(bravo);
    expect((await bravo.context.store.journal.actionsOf(run.runId)).map((a) => a.state)).toEqual(['running', 'queued']);

    // Alpha goes (its row leaves the collectors): what it was running is left behind, and the next to start recovers it.
    cores.splice(cores.indexOf(alpha), 1);
    await alpha.close();
    const other = await open('charlie');
    cores.push(other);
    expect((await other.context.store.journal.actionsOf(run.runId)).map((a) => a.state)).toEqual(['unknown', 'cancelled']);
  }, 60_000);

  it('refuses an unreachable database, a wrong password and a newer schema with the reason and exit code 2', async () => {
    const unreachable = await runCollector({ B2B_STORE_URL: 'postgres://b2b:secret@127.0.0.1:1/b2b' }, ['--listen', '127.0.0.1:0', '--data', path.join(dir, 'x1')]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.out).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    expect(unreachable.out).not.toContain('secret');

    const url = new URL(await pg.createDatabase('refusals'));
    url.password = 'not-the-password';
    const wrong = await runCollector({ B2B_STORE_URL: url.toString() }, ['--listen', '127.0.0.1:0', '--data', path.join(dir, 'x2')]);
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain(`refused the password for user "${PG_APP}"`);
    expect(wrong.out).not.toContain('not-the-password');

    const newer = new URL(await pg.createDatabase('newer'));
    const first = await runCollector({ B2B_STORE_URL: newer.toString() }, ['--listen', '127.0.0.2:0']);
    expect(first.code).toBe(2);
    expect(first.out).toContain('listens on 127.0.0.1 only');
    // A database a newer release has migrated: this release must not touch it.
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: newer.toString() });
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await client.query("INSERT INTO schema_migrations (version, name, hash) VALUES (999, 'from-the-future', 'x')");
    await client.end();
    const future = await runCollector({ B2B_STORE_URL: newer.toString() }, ['--listen', '127.0.0.1:0', '--data', path.join(dir, 'x3')]);
    expect(future.code).toBe(2);
    expect(future.out).toMatch(/newer/i);
  }, 60_000);
});
