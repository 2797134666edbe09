// npm run bench:drivers — what a query layer costs on the poller's hot path: an upsert of one
// site's latest-state row (site_latest as migration 015 shapes it) and a one-row read by
// primary key, 500 to a transaction, through the driver's own prepared statement and through
// Kysely. SQLite on a real file (WAL, synchronous=NORMAL, as store/db.ts opens it), then
// PostgreSQL on a throwaway cluster started here. Ends with one JSON line of figures.
// Usage: npm run bench:drivers [-- rounds=30]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

const ROWS = 500;
const ROUNDS = Number(process.argv[2] ?? 30);
const WARMUP = 3;
const PG_BIN = '/usr/lib/postgresql/15/bin';

interface SiteLatest {
  site_id: number;
  ts: number;
  verdict: string;
  raw_verdict: string;
  since: number;
  latency_ms: number | null;
  reasons: string;
  ls_pupils: number | null;
  ls_attendance: number | null;
  ls_exclusions: number | null;
  ls_assessment: number | null;
  first_ts: number;
  candidate: string | null;
  candidate_n: number;
  datasets: string;
  last_ok_at: number | null;
  failures: number;
  status_json: string | null;
  agent_version: string | null;
}
interface Schema {
  site_latest: SiteLatest;
}
const COLUMNS = ['site_id', 'ts', 'verdict', 'raw_verdict', 'since', 'latency_ms', 'reasons', 'ls_pupils', 'ls_attendance', 'ls_exclusions', 'ls_assessment', 'first_ts', 'candidate', 'candidate_n', 'datasets', 'last_ok_at', 'failures', 'status_json', 'agent_version'] as const;
const UPDATED = COLUMNS.filter((c) => c !== 'site_id' && c !== 'first_ts');

const ddl = (time: 'INTEGER' | 'BIGINT'): string => `
CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE site_latest (
  site_id INTEGER PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
  ts ${time} NOT NULL, verdict TEXT NOT NULL, raw_verdict TEXT NOT NULL, since ${time} NOT NULL, latency_ms INTEGER,
  reasons TEXT NOT NULL, ls_pupils ${time}, ls_attendance ${time}, ls_exclusions ${time}, ls_assessment ${time}, first_ts ${time} NOT NULL,
  candidate TEXT, candidate_n INTEGER NOT NULL DEFAULT 0, datasets TEXT NOT NULL DEFAULT '[]', last_ok_at ${time},
  failures INTEGER NOT NULL DEFAULT 0, status_json TEXT, agent_version TEXT);
CREATE INDEX site_latest_verdict ON site_latest (verdict);`;

// A realistic row: a healthy poll's reasons, datasets and status are a few hundred bytes of JSON.
const STATUS = JSON.stringify({ protocol: '1.1', agent: { version: '1.4.2' }, service: { state: 'running' }, config: { hash: `sha256:${'a'.repeat(64)}` }, datasets: [] });
function row(siteId: number, round: number): SiteLatest {
  const ts = 1_795_000_000_000 + round * 60_000;
  return {
    site_id: siteId, ts, verdict: 'healthy', raw_verdict: 'healthy', since: ts - 3_600_000, latency_ms: 40 + (siteId % 17), reasons: '[]',
    ls_pupils: ts - 300_000, ls_attendance: ts - 600_000, ls_exclusions: ts - 86_400_000, ls_assessment: ts - 86_400_000, first_ts: 1_790_000_000_000,
    candidate: null, candidate_n: 0, datasets: '[{"name":"pupils","state":"fresh"},{"name":"attendance","state":"fresh"}]', last_ok_at: ts, failures: 0, status_json: STATUS, agent_version: '1.4.2',
  };
}
const values = (r: SiteLatest) => COLUMNS.map((c) => r[c]);

interface Case {
  name: string;
  /** One round: ROWS calls inside one transaction. */
  round: (round: number) => Promise<void> | void;
}

// Per call, per round: the median round and the spread over the rounds (wall, and this process's CPU).
async function measure(c: Case): Promise<{ wallUs: number; cpuUs: number; minUs: number; maxUs: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const u = process.cpuUsage();
    const t0 = performance.now();
    await c.round(i);
    const t = ((performance.now() - t0) * 1000) / ROWS;
    const used = process.cpuUsage(u);
    if (i < WARMUP) continue;
    wall.push(t);
    cpu.push((used.user + used.system) / ROWS);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { wallUs: med(wall), cpuUs: med(cpu), minUs: Math.min(...wall), maxUs: Math.max(...wall) };
}

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string | null;
}
const figures: Figure[] = [];
/**
 * `unprepared` is the plain driver parsing its SQL on every call, as Kysely's drivers do: it
 * tells Kysely's own cost (building and compiling the query) from the statement's preparation.
 */
async function compare(backend: string, op: string, plain: Case, kysely: Case, unprepared: Case): Promise<void> {
  const a = await measure(plain);
  const b = await measure(kysely);
  const u = await measure(unprepared);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  for (const [c, m] of [[plain, a], [unprepared, u], [kysely, b]] as const) {
    console.log(`  ${c.name.padEnd(44)} ${m.wallUs.toFixed(1).padStart(7)} µs/call wall (rounds ${m.minUs.toFixed(1)}–${m.maxUs.toFixed(1)}), ${m.cpuUs.toFixed(1).padStart(6)} µs/call CPU`);
  }
  console.log(`  ${`${backend} ${op}: Kysely ÷ plain`.padEnd(44)} ${(b.wallUs / a.wallUs).toFixed(2)}x wall, ${(b.cpuUs / a.cpuUs).toFixed(2)}x CPU`);
  figures.push(
    { name: `${backend}_${op}_plain`, value: r2(a.wallUs), unit: 'µs', target: null },
    { name: `${backend}_${op}_kysely`, value: r2(b.wallUs), unit: 'µs', target: null },
    { name: `${backend}_${op}_plain_cpu`, value: r2(a.cpuUs), unit: 'µs', target: null },
    { name: `${backend}_${op}_kysely_cpu`, value: r2(b.cpuUs), unit: 'µs', target: null },
    { name: `${backend}_${op}_kysely_over_plain`, value: r2(b.wallUs / a.wallUs), unit: 'x', target: null },
    { name: `${backend}_${op}_unprepared`, value: r2(u.wallUs), unit: 'µs', target: null },
  );
}

async function sqlite(dir: string): Promise<void> {
  const db = new Database(path.join(dir, 'drivers.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(ddl('INTEGER'));
  const addSite = db.prepare('INSERT INTO sites (id, name) VALUES (?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= ROWS; id++) addSite.run(id, `School ${id}`);
  })();
  const upsert = db.prepare(
    `INSERT INTO site_latest (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (site_id) DO UPDATE SET ${UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  const read = db.prepare<[number], SiteLatest>('SELECT * FROM site_latest WHERE site_id = ?');
  const upsertSql = upsert.source;
  const readSql = read.source;
  const k = new Kysely<Schema>({ dialect: new SqliteDialect({ database: db }) });
  let seen = 0;
  console.log(`\nSQLite (better-sqlite3, WAL, synchronous=NORMAL), ${ROWS} calls a transaction, ${ROUNDS} rounds`);
  await compare(
    'sqlite',
    'upsert',
    { name: 'better-sqlite3 prepared statement', round: (n) => db.transaction(() => { for (let id = 1; id <= ROWS; id++) upsert.run(values(row(id, n))); })() },
    {
      name: 'Kysely SqliteDialect',
      round: (n) =>
        k.transaction().execute(async (trx) => {
          for (let id = 1; id <= ROWS; id++) {
            const r = row(id, n);
            await trx.insertInto('site_latest').values(r).onConflict((oc) => oc.column('site_id').doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)])))).execute();
          }
        }),
    },
    { name: 'better-sqlite3, prepare() every call', round: (n) => db.transaction(() => { for (let id = 1; id <= ROWS; id++) db.prepare(upsertSql).run(values(row(id, n))); })() },
  );
  await compare(
    'sqlite',
    'read',
    { name: 'better-sqlite3 prepared statement', round: () => db.transaction(() => { for (let id = 1; id <= ROWS; id++) seen += read.get(id)?.failures === 0 ? 1 : 0; })() },
    {
      name: 'Kysely SqliteDialect',
      round: () =>
        k.transaction().execute(async (trx) => {
          for (let id = 1; id <= ROWS; id++) seen += (await trx.selectFrom('site_latest').selectAll().where('site_id', '=', id).executeTakeFirst())?.failures === 0 ? 1 : 0;
        }),
    },
    { name: 'better-sqlite3, prepare() every call', round: () => db.transaction(() => { for (let id = 1; id <= ROWS; id++) seen += db.prepare<[number], SiteLatest>(readSql).get(id)?.failures === 0 ? 1 : 0; })() },
  );
  // Every read must have found its row, or the figures measured nothing.
  if (seen !== 3 * ROWS * (WARMUP + ROUNDS)) throw new Error(`SQLite reads found ${seen} rows`);
  await k.destroy();
}

// ---- a throwaway PostgreSQL cluster ------------------------------------------------------

interface Cluster {
  port: number;
  stop: () => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** initdb refuses root: as root, the cluster runs as the system's `postgres` user. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root needs a `postgres` user to own the throwaway cluster (useradd postgres)');
  return { uid, gid: id('-g') };
}

async function startCluster(dir: string): Promise<Cluster> {
  const user = runAs();
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const run = (cmd: string, args: string[]): void => {
    const r = spawnSync(path.join(PG_BIN, cmd), args, { encoding: 'utf8', ...(user ?? {}) });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.error?.message ?? ''}${r.stderr}${r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'bench', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir}`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start']);
  let stopped = false;
  return {
    port,
    stop: () => {
      if (stopped) return;
      stopped = true;
      spawnSync(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore', ...(user ?? {}) });
    },
  };
}

async function postgres(dir: string): Promise<void> {
  const cluster = await startCluster(dir);
  // An interrupted bench must not leave a server behind.
  const onSignal = (): void => {
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const conn = { host: '127.0.0.1', port: cluster.port, user: 'bench', database: 'postgres' };
  const client = new pg.Client(conn);
  // The pool holds one connection, as the plain client does: the same round trips.
  const k = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...conn, max: 1 }) }) });
  try {
    await client.connect();
    await client.query(ddl('BIGINT'));
    await client.query(`INSERT INTO sites (id, name) SELECT g, 'School ' || g FROM generate_series(1, ${ROWS}) g`);
    const upsert = {
      name: 'site_latest_upsert',
      text: `INSERT INTO site_latest (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
             ON CONFLICT (site_id) DO UPDATE SET ${UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    };
    const read = { name: 'site_latest_read', text: 'SELECT * FROM site_latest WHERE site_id = $1' };
    const inTx = async (body: () => Promise<void>): Promise<void> => {
      await client.query('BEGIN');
      await body();
      await client.query('COMMIT');
    };
    let seen = 0;
    console.log(`\nPostgreSQL 15 on 127.0.0.1 (node-postgres), ${ROWS} calls a transaction, ${ROUNDS} rounds`);
    await compare(
      'pg',
      'upsert',
      { name: 'pg named prepared statement', round: (n) => inTx(async () => { for (let id = 1; id <= ROWS; id++) await client.query({ ...upsert, values: values(row(id, n)) }); }) },
      {
        name: 'Kysely PostgresDialect',
        round: (n) =>
          k.transaction().execute(async (trx) => {
            for (let id = 1; id <= ROWS; id++) {
              await trx.insertInto('site_latest').values(row(id, n)).onConflict((oc) => oc.column('site_id').doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)])))).execute();
            }
          }),
      },
      { name: 'pg unnamed query (parsed every call)', round: (n) => inTx(async () => { for (let id = 1; id <= ROWS; id++) await client.query(upsert.text, values(row(id, n))); }) },
    );
    await compare(
      'pg',
      'read',
      { name: 'pg named prepared statement', round: () => inTx(async () => { for (let id = 1; id <= ROWS; id++) seen += (await client.query<SiteLatest>({ ...read, values: [id] })).rows[0]?.failures === 0 ? 1 : 0; }) },
      {
        name: 'Kysely PostgresDialect',
        round: () =>
          k.transaction().execute(async (trx) => {
            for (let id = 1; id <= ROWS; id++) seen += (await trx.selectFrom('site_latest').selectAll().where('site_id', '=', id).executeTakeFirst())?.failures === 0 ? 1 : 0;
          }),
      },
      { name: 'pg unnamed query (parsed every call)', round: () => inTx(async () => { for (let id = 1; id <= ROWS; id++) seen += (await client.query<SiteLatest>(read.text, [id])).rows[0]?.failures === 0 ? 1 : 0; }) },
    );
    if (seen !== 3 * ROWS * (WARMUP + ROUNDS)) throw new Error(`PostgreSQL reads found ${seen} rows`);
  } finally {
    await client.end().catch(() => undefined);
    await k.destroy().catch(() => undefined);
    cluster.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

console.log(`bench:drivers on ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-bench-drivers-'));
try {
  await sqlite(dir);
  await postgres(dir);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: 'drivers', figures }));
