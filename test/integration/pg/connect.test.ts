// Opening the PostgreSQL store: what a person configuring it is told when it cannot be used.
import net, { type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool, openPostgres, StoreConfigError } from '../../../electron/core/store/postgres/connect.ts';
import { pgMigrations } from '../../../electron/core/store/postgres/migrations/index.ts';
import { PG_APP, PG_APP_PASSWORD, pgUnavailableReason, startPg, type PgCluster } from '../../helpers/pg-cluster.ts';

const reason = pgUnavailableReason();
if (reason !== null) console.log(`connect.test.ts skipped: ${reason}`);

const WRONG = 'not-the-password-9Zq';

/** The error openPostgres fails with; a test fails if it opens. */
async function openFails(url: string, options: Parameters<typeof openPostgres>[1] = {}): Promise<StoreConfigError> {
  const pool = await openPostgres(url, options).catch((err: unknown) => err);
  if (!(pool instanceof StoreConfigError)) {
    if (pool instanceof pg.Pool) await pool.end();
    throw new Error(`expected a StoreConfigError, got ${String(pool)}`);
  }
  return pool;
}

describe.skipIf(reason !== null)('opening a PostgreSQL store', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('says the server cannot be reached when nothing listens on the port', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const err = await openFails(`postgres://${PG_APP}:${PG_APP_PASSWORD}@127.0.0.1:${port}/b2b`);
    expect(err.name).toBe('StoreConfigError');
    expect(err.message).toMatch(new RegExp(`Cannot reach PostgreSQL at 127.0.0.1:${port} \\(ECONNREFUSED\\)`));
    expect(err.message).not.toContain(PG_APP_PASSWORD);
  });

  it('says the server cannot be reached when it never answers (timeout)', async () => {
    // A listener that accepts and says nothing: the connect timeout is what ends it.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const err = await openFails(`postgres://${PG_APP}:${PG_APP_PASSWORD}@127.0.0.1:${port}/b2b`, { connectTimeoutMs: 300 });
      expect(err.message).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:\d+ \(timed out\)/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('says the password was refused, without echoing it', async () => {
    const err = await openFails(cluster.url.replace(encodeURIComponent(PG_APP_PASSWORD), WRONG));
    expect(err.message).toBe(`PostgreSQL refused the password for user "${PG_APP}" (${PG_APP}@127.0.0.1:${cluster.port}/b2b). Check the user and password in the store URL.`);
    expect(err.message).not.toContain(WRONG);
    expect(String(err.stack)).not.toContain(WRONG);
  });

  it('says the database does not exist', async () => {
    const err = await openFails(cluster.url.replace(/\/b2b$/, '/nowhere'));
    expect(err.message).toMatch(/^The database "nowhere" does not exist on 127\.0\.0\.1:\d+\./);
    expect(err.message).not.toContain(PG_APP_PASSWORD);
  });

  it('refuses a database whose schema is newer than this code', async () => {
    const url = await cluster.createDatabase('from_the_future');
    await (await openPostgres(url)).end();
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query(`INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES (99, 'later', 'x', now())`);
    await raw.end();
    const err = await openFails(url);
    expect(err.message).toBe(`The database is at schema version 99, newer than this console knows (${pgMigrations.length}). Update the console.`);
  });

  it('refuses a malformed URL without echoing it', async () => {
    const bad = `postgres://${PG_APP}:${WRONG}@127.0.0.1:notaport/b2b`;
    expect(() => createPgPool(bad)).toThrow(StoreConfigError);
    const err = await openFails(bad);
    expect(err.message).toMatch(/not a valid URL/);
    expect(err.message).not.toContain(WRONG);
    expect(() => createPgPool(`mysql://${PG_APP}:${WRONG}@127.0.0.1/b2b`)).toThrow(/must start with postgres:\/\//);
    expect(() => createPgPool(`postgres://127.0.0.1:5432`)).toThrow(/must name a user, a host and a database/);
  });

  it('reads bigint and numeric counts as numbers in its own pool only, with TCP keepalive on', async () => {
    const pool = await openPostgres(await cluster.createDatabase('numbers'));
    try {
      const { rows } = await pool.query('SELECT count(*) AS n, sum(x) AS total, 1733232000000::bigint AS ms FROM (VALUES (1::bigint), (2::bigint)) v(x)');
      expect(rows[0]).toEqual({ n: 2, total: 3, ms: 1733232000000 });
      await expect(pool.query(`SELECT '9007199254740993'::bigint AS big`)).rejects.toThrow(/does not fit a JS number/);
      // The refused row does not leave the connection unusable.
      for (let i = 0; i < 12; i++) expect((await pool.query('SELECT 1::bigint AS one')).rows[0]).toEqual({ one: 1 });
      expect(pool.options.keepAlive).toBe(true);
    } finally {
      await pool.end();
    }
    // pg's global parsers are untouched: any other pool in the process still gets strings.
    const plain = new pg.Client({ connectionString: cluster.url });
    await plain.connect();
    expect((await plain.query('SELECT count(*) AS n FROM (VALUES (1)) v(x)')).rows[0]).toEqual({ n: '1' });
    await plain.end();
  });

  it('reads integer and bigint arrays as numbers, nulls kept, and refuses a bigint element it would round', async () => {
    const pool = await openPostgres(await cluster.createDatabase('arrays'));
    try {
      const { rows } = await pool.query(`SELECT ARRAY[1, NULL, -3]::integer[] AS ints, ARRAY[1794819600, 1733232000000]::bigint[] AS bigs,
        '{}'::integer[] AS empty, NULL::bigint[] AS none, ARRAY[[1, 2], [3, 4]]::integer[] AS grid`);
      expect(rows[0]).toEqual({ ints: [1, null, -3], bigs: [1794819600, 1733232000000], empty: [], none: null, grid: [[1, 2], [3, 4]] });
      await expect(pool.query(`SELECT ARRAY['9007199254740993']::bigint[] AS big`)).rejects.toThrow(/does not fit a JS number/);
      expect((await pool.query('SELECT ARRAY[2]::bigint[] AS two')).rows[0]).toEqual({ two: [2] });
    } finally {
      await pool.end();
    }
  });
});
