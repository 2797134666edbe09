// A throwaway PostgreSQL cluster for a test or benchmark: Debian's own binaries, a temp
// dir, a free loopback port, password (scram) auth over TCP, fsync off. initdb and
// postgres refuse to run as root, so as root they run as a dedicated system user.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const PG_ROOT = '/usr/lib/postgresql';
const PG_USER = 'b2bpg';
const MIN_MAJOR = 15;
export const PG_ADMIN = 'b2b_admin';
export const PG_ADMIN_PASSWORD = 'admin-secret-7Qx';
export const PG_APP = 'b2b_app';
export const PG_APP_PASSWORD = 'app-secret-3Kd';

/** The newest installed server's bin dir (>= 15), or null. */
export function pgBinDir(): string | null {
  if (!fs.existsSync(PG_ROOT)) return null;
  const majors = fs
    .readdirSync(PG_ROOT)
    .filter((d) => /^\d+$/.test(d) && Number(d) >= MIN_MAJOR && fs.existsSync(path.join(PG_ROOT, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  const newest = majors[0];
  return newest === undefined ? null : path.join(PG_ROOT, newest, 'bin');
}

/** Why these tests cannot run here, or null when they can. */
export function pgUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `PostgreSQL tests run on Linux only (this is ${process.platform})`;
  if (pgBinDir() === null) return `no PostgreSQL >= ${MIN_MAJOR} under ${PG_ROOT} (apt-get install -y postgresql)`;
  if (process.getuid?.() === 0 && spawnSync('id', [PG_USER]).status !== 0 && spawnSync('which', ['useradd']).status !== 0) {
    return `running as root without a ${PG_USER} user or useradd to create one`;
  }
  return null;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

function ensureUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  if (spawnSync('id', [PG_USER]).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER], { encoding: 'utf8' });
    // Another test file may have created it meanwhile.
    if (r.status !== 0 && spawnSync('id', [PG_USER]).status !== 0) throw new Error(`useradd ${PG_USER} failed: ${r.stderr}`);
  }
  const read = (flag: string): number => Number(spawnSync('id', [flag, PG_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid: read('-u'), gid: read('-g') };
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface PgCluster {
  port: number;
  /** The app role on its own database `b2b` (not a superuser). */
  url: string;
  /** The superuser on the `postgres` database. */
  adminUrl: string;
  /** A fresh database owned by the app role; its URL. */
  createDatabase(name: string): Promise<string>;
  /** What the server logged, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

const urlFor = (user: string, password: string, port: number, db: string): string =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

export async function startPg(): Promise<PgCluster> {
  const bin = pgBinDir();
  if (bin === null) throw new Error(pgUnavailableReason() ?? 'PostgreSQL is missing');
  const runAs = ensureUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-pg-'));
  const data = path.join(dir, 'data');
  const owned = (p: string): void => {
    if (runAs.uid !== undefined && runAs.gid !== undefined) fs.chownSync(p, runAs.uid, runAs.gid);
  };
  owned(dir);
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, `${PG_ADMIN_PASSWORD}\n`, { mode: 0o600 });
  owned(pwfile);

  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', PG_ADMIN, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { ...runAs, encoding: 'utf8', cwd: dir },
  );
  fs.rmSync(pwfile, { force: true });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.error?.message || `exit ${init.status}`}`);
  }

  const port = await freePort();
  const server: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', 'shared_buffers=16MB', '-c', 'max_connections=60', '-c', 'log_min_messages=warning'],
    { ...runAs, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  // Kills the server and removes the dir if this process dies without calling stop().
  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -QUIT ${server.pid} 2>/dev/null; sleep 1; rm -rf '${dir}'`], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  let log = '';
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    // SIGQUIT: immediate shutdown; nothing in a throwaway cluster needs a checkpoint.
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGQUIT');
    await exited;
    watchdog.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onExit = (): void => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  try {
    await new Promise<void>((resolve, reject) => {
      server.stderr?.setEncoding('utf8');
      server.stderr?.on('data', (chunk: string) => {
        log = (log + chunk).slice(-20_000);
        if (log.includes('ready to accept connections')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`postgres exited (${code ?? 'signal'}) before it was ready:\n${log}`)));
      server.once('error', reject);
      setTimeout(() => reject(new Error(`postgres was not ready within 30 s:\n${log}`)), 30_000).unref();
    });
    const adminUrl = urlFor(PG_ADMIN, PG_ADMIN_PASSWORD, port, 'postgres');
    const admin = async (sql: string): Promise<void> => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE ROLE ${PG_APP} LOGIN PASSWORD '${PG_APP_PASSWORD}'`);
    const createDatabase = async (name: string): Promise<string> => {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await admin(`CREATE DATABASE ${name} OWNER ${PG_APP}`);
      return urlFor(PG_APP, PG_APP_PASSWORD, port, name);
    };
    const url = await createDatabase('b2b');
    return { port, url, adminUrl, createDatabase, log: () => log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
