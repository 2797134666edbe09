// npm run bench:team — a shared PostgreSQL (started here) and two collectors:
//  1. 5,000 simulated sites shared by 2 collectors (child processes): each one's warm round,
//     wall and CPU, against the floor (a bare ssh2 exec of `status` on its own open connections);
//  2. failover: kill -9 one collector, time until the other holds every site;
//  3. one year of history for 1,000 sites in PostgreSQL: its size, uptime of every site over
//     365 days, one site's 90-day series.
// Usage: npm run bench:team [-- 5000 [poll|history]]  (the second word runs one part only)
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { CredentialStore } from '../../electron/core/secrets/credential-store.ts';
import { KeyFileCipher } from '../../electron/core/secrets/secret-cipher.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { openPgStore } from '../../electron/core/store/postgres/pg-store.ts';
import { openDatabase } from '../../electron/core/store/sqlite/db.ts';
import { SitesRepo } from '../../electron/core/store/sqlite/sites-repo.ts';
import { ManualClock, systemClock } from '../../shared/clock.ts';
import { SiteInputSchema } from '../../shared/site.ts';
import { startFleet, type SiteDescriptor } from '../../sim/index.ts';
import { pgUnavailableReason, startPg } from '../helpers/pg-cluster.ts';
import { allVisible } from '../helpers/pg-vacuum.ts';
import { Figures } from './figures.ts';
import { DAY_S, generate, NOW, siteModels } from './history-year.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const figures = new Figures(52);
const report = figures.report.bind(figures);
type Msg = { type: string; [k: string]: unknown };

function next(child: ChildProcess, type: string): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const on = (m: Msg) => {
      if (m.type !== type) return;
      child.off('message', on);
      child.off('exit', gone);
      resolve(m);
    };
    const gone = (code: number | null) => reject(new Error(`child exited (${String(code)}) before "${type}"`));
    child.on('message', on);
    child.once('exit', gone);
  });
}

const ask = (child: ChildProcess, type: string): Promise<Msg> => {
  const answer = next(child, type);
  child.send({ type });
  return answer;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function fleetChild(size: number): Promise<void> {
  const fleet = await startFleet({ sites: size, seed: 'bench-team', faultRate: 0, transientFailureRate: 0, speed: 0, start: NOW, controlPort: false });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', sites: fleet.sites, privateKey: fleet.clientKey.privateKey });
}

async function pollAndFailover(cluster: Awaited<ReturnType<typeof startPg>>, size: number, dir: string): Promise<void> {
  const fleetProc = fork(fileURLToPath(import.meta.url), ['fleet', String(size)], { stdio: 'inherit' });
  const ready = (await next(fleetProc, 'ready')) as unknown as { sites: SiteDescriptor[]; privateKey: string };
  const url = await cluster.createDatabase('team');
  const keyDir = path.join(dir, 'key');
  const seed = await openPgStore(url, { clock: systemClock });
  await seed.settings.set('dampingPolls', 1);
  await new CredentialStore(seed.credentials, new KeyFileCipher(keyDir), systemClock).save('default', { privateKey: ready.privateKey });
  await importSites({ store: seed, now: () => Date.now() }, ready.sites, { approvedBy: 'bench' });
  await seed.close();

  const collectors = ['alpha', 'bravo'].map((name) =>
    fork(path.join(here, 'team-collector-child.ts'), [JSON.stringify({ url, name, dataDir: path.join(dir, name), keyDir })], { stdio: 'inherit', execArgv: ['--max-semi-space-size=16'] }),
  );
  try {
    await Promise.all(collectors.map((c) => next(c, 'ready')));
    for (;;) {
      const held = await Promise.all(collectors.map(async (c) => Number((await ask(c, 'held')).sites)));
      if (held.every((h) => h > 0) && held.reduce((a, b) => a + b, 0) === size) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`${size} sites shared out between 2 collectors`);
    // Cold round (connections open), then warm rounds: both collectors at once, as in service.
    await Promise.all(collectors.map((c) => ask(c, 'round')));
    const warm: Msg[][] = [[], []];
    for (let r = 0; r < 3; r++) {
      const rounds = await Promise.all(collectors.map((c) => ask(c, 'round')));
      rounds.forEach((m, i) => warm[i]?.push(m));
    }
    const floors = await Promise.all(collectors.map((c) => ask(c, 'floor')));
    collectors.forEach((_, i) => {
      const rounds = warm[i] ?? [];
      const sites = Number(rounds[0]?.sites ?? 0);
      const cpu = median(rounds.map((m) => Number(m.cpuMs)));
      const floor = floors[i] as unknown as { cpuMs: number; sites: number };
      report(`collector ${i + 1}: sites held`, sites, 'sites');
      report(`collector ${i + 1}: warm round wall`, median(rounds.map((m) => Number(m.wallMs))), 'ms');
      report(`collector ${i + 1}: warm round CPU`, cpu, 'ms');
      report(`collector ${i + 1}: CPU per site`, cpu / Math.max(1, sites), 'ms');
      report(`collector ${i + 1}: floor CPU per site`, floor.cpuMs / Math.max(1, floor.sites), 'ms');
      // Fewer than held: the rest reconnect every round, and the ratio is not a warm one.
      report(`collector ${i + 1}: connections open for the floor`, floor.sites, 'sites');
      report(`collector ${i + 1}: CPU per poll ÷ floor`, cpu / Math.max(1, sites) / (floor.cpuMs / Math.max(1, floor.sites)), 'ratio', '≤ 1.5');
      report(`collector ${i + 1}: RSS`, Number(rounds.at(-1)?.rssMb ?? 0), 'MB');
    });

    const [killed, survivor] = collectors as [ChildProcess, ChildProcess];
    const t0 = performance.now();
    killed.kill('SIGKILL');
    for (;;) {
      if (Number((await ask(survivor, 'held')).sites) === size) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    report('failover: survivor holds every site, after kill -9', (performance.now() - t0) / 1000, 's', '≤ 60 s');
    await ask(survivor, 'round');
    report('failover: survivor polls all sites (one round)', (performance.now() - t0) / 1000, 's', '≤ 60 s');
  } finally {
    for (const c of collectors) {
      if (c.connected) {
        c.send({ type: 'stop' });
        await new Promise((r) => setTimeout(r, 200));
        c.kill('SIGKILL');
      }
    }
    fleetProc.kill('SIGKILL');
  }
}

/**
 * The order the poller writes each table in: a round at a time, every site's row for one hour
 * (or day, or poll) side by side. Copying in SQLite's storage order (site by site, its rollups
 * are clustered by key) would hand PostgreSQL a layout no collector ever produces, with each
 * site's rows on a few adjacent pages, and flatter the reads.
 */
const WRITE_ORDER: Record<string, string> = { history_daily: 'day, site_id', history_hourly: 'hour, site_id', history_samples: 'id', sites: 'id', site_latest: 'site_id' };

/**
 * Copies a table from the generated SQLite file into PostgreSQL in the poller's order: one
 * INSERT … SELECT FROM unnest(...) per 50,000 rows, a parameter per column (one array each),
 * which parses far faster than a VALUES list with a parameter per field.
 */
async function copyTable(sqlite: ReturnType<typeof openDatabase>, pool: pg.Pool, table: string): Promise<number> {
  const cols = (sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const quoted = cols.map((c) => (c === 'user' ? '"user"' : c));
  const types = new Map(
    (await pool.query<{ col: string; type: string }>('SELECT attname AS col, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped', [table])).rows.map((r) => [r.col, r.type]),
  );
  const arrays = cols.map((c, i) => `$${i + 1}::${types.get(c) ?? 'text'}[]`).join(', ');
  const insert = `INSERT INTO ${table} (${quoted.join(', ')}) OVERRIDING SYSTEM VALUE SELECT * FROM unnest(${arrays})`;
  let batch: unknown[][] = cols.map(() => []);
  let n = 0;
  const flush = async () => {
    const rows = batch[0]?.length ?? 0;
    if (!rows) return;
    await pool.query(insert, batch);
    n += rows;
    batch = cols.map(() => []);
  };
  for (const row of sqlite.prepare(`SELECT ${quoted.join(', ')} FROM ${table} ORDER BY ${WRITE_ORDER[table] ?? 'rowid'}`).raw().iterate() as IterableIterator<unknown[]>) {
    row.forEach((v, i) => batch[i]?.push(v));
    if ((batch[0]?.length ?? 0) >= 50_000) await flush();
  }
  await flush();
  return n;
}

async function historyYear(cluster: Awaited<ReturnType<typeof startPg>>, dir: string): Promise<void> {
  const file = path.join(dir, 'year.sqlite');
  const sqlite = openDatabase(file);
  const clock = new ManualClock(NOW);
  const sites = new SitesRepo(sqlite, clock).createMany(
    Array.from({ length: 1000 }, (_, i) => SiteInputSchema.parse({ urn: 100000 + i, name: `School ${i}`, host: '127.0.0.1', user: 'b2b', area: ['North', 'South', 'East', 'West'][i % 4] })),
  );
  console.log('Generating 1,000 sites × 365 days, then copying into PostgreSQL…');
  sqlite.pragma('synchronous = OFF');
  generate(sqlite, siteModels(sites.map((s) => s.id)));
  const url = await cluster.createDatabase('year');
  const store = await openPgStore(url, { clock });
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const t = performance.now();
    for (const table of ['sites', 'history_daily', 'history_hourly', 'history_samples', 'site_latest']) console.log(`  ${table}: ${await copyTable(sqlite, pool, table)} rows`);
    await pool.query("SELECT setval(pg_get_serial_sequence('history_samples', 'id'), (SELECT max(id) FROM history_samples))");
    await pool.query("SELECT setval(pg_get_serial_sequence('sites', 'id'), (SELECT max(id) FROM sites))");
    // As autovacuum leaves a year the poller has moved past: every rollup page all-visible (the
    // cluster commits asynchronously, so a VACUUM straight after the copy can leave some unmarked).
    await allVisible(pool);
    console.log(`  copied in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const size = (await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes')).rows[0]?.bytes ?? '0';
    report('PostgreSQL: one year, 1,000 sites: database size', Number(size) / 1e6, 'MB', '≤ 1000 MB');
    const now = NOW;
    const time = async (fn: () => Promise<unknown>, runs: number) => {
      const out: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await fn();
        out.push(performance.now() - t0);
      }
      return median(out);
    };
    const year = { from: now - 365 * DAY_S * 1000, to: now };
    report('PostgreSQL: uptime, every site, 365 days (median of 11)', await time(() => store.history.uptime(year), 11), 'ms', '≤ 50 ms');
    const ids = sites.map((s) => s.id);
    let i = 0;
    const ninety = { from: now - 90 * DAY_S * 1000, to: now };
    report("PostgreSQL: one site's 90-day series, daily (median of 51)", await time(() => store.history.series({ siteId: ids[(i++ * 37) % ids.length] ?? 1, ...ninety, bucket: 'day' }), 51), 'ms', '≤ 5 ms');
    report("PostgreSQL: one site's 90-day series, hourly (median of 51)", await time(() => store.history.series({ siteId: ids[(i++ * 37) % ids.length] ?? 1, ...ninety, bucket: 'hour' }), 51), 'ms', '≤ 5 ms');
  } finally {
    await pool.end();
    await store.close();
    sqlite.close();
  }
}

async function main(): Promise<void> {
  const why = pgUnavailableReason();
  if (why !== null) {
    console.log(`bench:team needs PostgreSQL: ${why}`);
    process.exit(1);
  }
  const size = Number(process.argv[2] ?? 5000);
  const only = process.argv[3];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-bench-team-'));
  const cluster = await startPg();
  try {
    if (only !== 'history') await pollAndFailover(cluster, size, dir);
    if (only !== 'poll') await historyYear(cluster, dir);
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(figures.line('team'));
}

if (process.argv[2] === 'fleet') await fleetChild(Number(process.argv[3] ?? 5000));
else await main();
