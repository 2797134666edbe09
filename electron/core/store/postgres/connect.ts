// Opens a pg.Pool from a postgres:// URL and checks it can be used: reachable, signed in,
// database present, schema not newer than this code. Every failure is a StoreConfigError
// naming user@host:port/db, never the password.
import pg from 'pg';
import { StoreConfigError } from './errors.ts';
import { migratePg } from './migrate.ts';
import { pgMigrations, type PgMigration } from './migrations/index.ts';

export { StoreConfigError } from './errors.ts';

const INT8 = 20;
const NUMERIC = 1700;
const INT4_ARRAY = 1007;
const INT8_ARRAY = 1016;

function parseInt8(value: string): number {
  const n = Number(value);
  // Epoch ms and ids fit easily; a value that does not must not come back rounded.
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} does not fit a JS number`);
  return n;
}

// pg types its table as returning `any`; every parser takes the text (or binary) of one value.
const builtinParser = pg.types.getTypeParser as unknown as (oid: number, format: 'text' | 'binary') => (value: string) => unknown;

/**
 * A one-dimensional integer array ('{1,NULL,3}'), as numbers. A chart series comes back as a
 * few such arrays rather than thousands of rows (pg decodes each field of a row on its own),
 * and pg's own array parser walks them a character at a time. Nested arrays go to pg's.
 */
function integerArray(element: (value: string) => number, nested: (value: string) => unknown): (value: string) => unknown {
  return (value) => {
    if (value.lastIndexOf('{') !== 0) return nested(value);
    const inner = value.slice(1, -1);
    return inner === '' ? [] : inner.split(',').map((v) => (v === 'NULL' ? null : element(v)));
  };
}

const parseInt4Array = integerArray(Number, builtinParser(INT4_ARRAY, 'text'));
const parseInt8Array = integerArray(parseInt8, builtinParser(INT8_ARRAY, 'text'));

/** This pool's parsers: bigint, numeric (count, sum) and integer arrays come back as numbers; pg's global table is left alone. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8) return parseInt8;
    if (format !== 'binary' && oid === NUMERIC) return Number;
    if (format !== 'binary' && oid === INT4_ARRAY) return parseInt4Array;
    if (format !== 'binary' && oid === INT8_ARRAY) return parseInt8Array;
    return builtinParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PgTarget {
  user: string;
  host: string;
  port: number;
  database: string;
}

/** Where a URL points, for messages. */
export function describeTarget(t: PgTarget): string {
  return `${t.user}@${t.host}:${t.port}/${t.database}`;
}

/** Reads a postgres:// URL; a malformed one is refused without echoing it (it may hold a password). */
export function parsePgUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreConfigError('The PostgreSQL URL is not a valid URL; expected postgres://user:password@host:port/database.');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new StoreConfigError(`The PostgreSQL URL must start with postgres:// (it starts with ${u.protocol}//).`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!u.hostname || !database || !u.username) {
    throw new StoreConfigError('The PostgreSQL URL must name a user, a host and a database: postgres://user:password@host:port/database.');
  }
  return { user: decodeURIComponent(u.username), host: u.hostname, port: u.port ? Number(u.port) : 5432, database };
}

export interface PgPoolOptions {
  /** Most connections this process holds. */
  max?: number;
  connectTimeoutMs?: number;
  /** Told about errors on idle connections (the server restarted, the network dropped), already stripped of secrets. */
  onIdleError?: (message: string) => void;
}

/** A pool with this store's parsers and keepalive; connects lazily. */
export function createPgPool(url: string, options: PgPoolOptions = {}): pg.Pool {
  const target = parsePgUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // A collector runs for months: dead peers behind NAT or a firewall are found by the kernel, not by a hung query.
    keepAlive: true,
    keepAliveInitialDelayMillis: 30_000,
    idleTimeoutMillis: 60_000,
    types,
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', (err) => options.onIdleError?.(`PostgreSQL connection to ${describeTarget(target)} lost: ${safeMessage(err, url)}`));
  return pool;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An error's message with the URL's password taken out, in case a driver ever echoes it. */
function safeMessage(err: unknown, url: string): string {
  const message = err instanceof Error ? err.message : String(err);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // parsePgUrl has already refused a malformed URL.
  }
  return password ? message.split(password).join('***') : message;
}

/** A connection failure as the person configuring the store should read it. */
export function toStoreConfigError(err: unknown, url: string): StoreConfigError {
  if (err instanceof StoreConfigError) return err;
  const target = parsePgUrl(url);
  const where = describeTarget(target);
  const code = codeOf(err);
  const message = safeMessage(err, url);
  if (code === '28P01') {
    return new StoreConfigError(`PostgreSQL refused the password for user "${target.user}" (${where}). Check the user and password in the store URL.`);
  }
  if (code === '28000') {
    return new StoreConfigError(`PostgreSQL does not let user "${target.user}" connect to ${where} from here (pg_hba.conf, or SSL required).`);
  }
  if (code === '3D000') {
    return new StoreConfigError(`The database "${target.database}" does not exist on ${target.host}:${target.port}. Create it (CREATE DATABASE ${target.database}) or fix the URL.`);
  }
  if ((code !== undefined && UNREACHABLE.has(code)) || /timeout|timed out/i.test(message)) {
    return new StoreConfigError(`Cannot reach PostgreSQL at ${target.host}:${target.port} (${code ?? 'timed out'}). Is the server running and the host and port right?`);
  }
  return new StoreConfigError(`PostgreSQL at ${where} cannot be used: ${message}`);
}

export interface OpenPgOptions extends PgPoolOptions {
  migrations?: readonly PgMigration[];
}

/**
 * A pool that has connected, signed in and brought the schema up to date. On any failure
 * the pool is closed and a StoreConfigError says what to fix.
 */
export async function openPostgres(url: string, options: OpenPgOptions = {}): Promise<pg.Pool> {
  const pool = createPgPool(url, options);
  try {
    await pool.query('SELECT 1');
    await migratePg(pool, options.migrations ?? pgMigrations);
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw toStoreConfigError(err, url);
  }
}
