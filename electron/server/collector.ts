// The 24/7 collector: the core without a window, polling around the clock into a shared
// PostgreSQL database, serving consoles (browser mode, or the desktop's "team server") over
// the same WebSocket contract. Several collectors on one database share the fleet by leases.
// Run: npm run collector -- --db postgres://user:password@host:5432/b2b --listen 127.0.0.1:8443
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CoreOptions } from '../core/context.ts';
import { KeyFileCipher } from '../core/secrets/secret-cipher.ts';
import { StoreConfigError } from '../core/store/postgres/errors.ts';
import { closeOnSignal, runAsMain } from './entry.ts';
import { defaultDataDir, startServer } from './serve.ts';

const USAGE = 'usage: npm run collector -- --db postgres://USER:PASSWORD@HOST:5432/DB [--listen 127.0.0.1:8443] [--name NAME] [--data DIR] [--key-dir DIR]';
/** Until sign-in and TLS arrive, a collector answers on this machine only. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

export class CollectorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectorConfigError';
  }
}

const ms = z.number().int().positive().max(86_400_000);
/**
 * Tests only (B2B_TEST_TIMINGS, JSON): shorter lease, rollout and key rotation timings, so a
 * failover test runs in seconds, not minutes. Unset in production; the defaults are the design.
 */
const TestTimingsSchema = z
  .object({
    leases: z.object({ ttlMs: ms, everyMs: ms, marginMs: ms }).partial().strict(),
    rollouts: z.object({ execTimeoutMs: ms, verifyFirstMs: ms, verifyEveryMs: ms, retryMs: ms, tickMs: ms }).partial().strict(),
    keyRotations: z.object({ overallMs: ms, retryMs: ms, scanMs: ms }).partial().strict(),
  })
  .partial()
  .strict();
export type TestTimings = z.infer<typeof TestTimingsSchema>;

export function parseTestTimings(text: string | undefined): TestTimings {
  if (text === undefined || text === '') return {};
  try {
    return TestTimingsSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new CollectorConfigError(`B2B_TEST_TIMINGS is not valid: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export interface CollectorArgs {
  db: string;
  /** 0: a free port the system picks (tests). */
  port: number;
  name: string;
  dataDir: string;
  /** The folder with the team's secret key file: every collector on one database needs the same one. */
  keyDir: string;
  timings: TestTimings;
}

export function parseCollectorArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CollectorArgs {
  let values: { db?: string | undefined; listen?: string | undefined; name?: string | undefined; data?: string | undefined; 'key-dir'?: string | undefined };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { db: { type: 'string' }, listen: { type: 'string' }, name: { type: 'string' }, data: { type: 'string' }, 'key-dir': { type: 'string' } } }));
  } catch (err) {
    throw new CollectorConfigError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  // The URL carries a password: prefer the environment, so it stays out of `ps` and shell history.
  const db = values.db ?? env.B2B_STORE_URL;
  if (!db) throw new CollectorConfigError(`No database: pass --db or set B2B_STORE_URL.\n${USAGE}`);
  if (!/^postgres(ql)?:\/\//.test(db)) throw new CollectorConfigError('--db must be a postgres:// URL (a collector shares its fleet through PostgreSQL).');
  const listen = values.listen ?? '127.0.0.1:8443';
  const m = /^([^:]+):(\d{1,5})$/.exec(listen);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new CollectorConfigError(`--listen must be HOST:PORT, got "${listen}".`);
  if (!LOOPBACK.has(m[1] ?? '')) throw new CollectorConfigError(`--listen ${listen}: a collector listens on 127.0.0.1 only until sign-in and TLS are in place.`);
  const dataDir = values.data ?? env.B2B_DATA_DIR ?? path.join(defaultDataDir(), 'collector');
  return { db, port, name: values.name ?? os.hostname(), dataDir, keyDir: values['key-dir'] ?? env.B2B_KEY_DIR ?? dataDir, timings: parseTestTimings(env.B2B_TEST_TIMINGS) };
}

function timingOptions(t: TestTimings): Pick<CoreOptions, 'rollouts' | 'keyRotations'> {
  return { ...(t.rollouts ? { rollouts: t.rollouts } : {}), ...(t.keyRotations ? { keyRotations: t.keyRotations } : {}) };
}

/** The file in the data folder holding the collector's console access token. */
export const TOKEN_FILE = 'console-token';

/**
 * The token consoles present: made once and kept (mode 0600), so a desktop's saved "team
 * server" setting outlives a collector restart. Whoever can read this file can use the console.
 */
export function consoleToken(dataDir: string): string {
  const file = path.join(dataDir, TOKEN_FILE);
  try {
    const saved = fs.readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{16,200}$/.test(saved)) return saved;
    throw new CollectorConfigError(`${file} does not hold an access token (16–200 letters, digits, - or _): delete it to have a new one made.`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const token = crypto.randomBytes(24).toString('base64url');
  // wx: two collectors sharing a data folder cannot both write one.
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return consoleToken(dataDir);
    throw err;
  }
  return token;
}

async function main(): Promise<void> {
  let args: CollectorArgs;
  try {
    args = parseCollectorArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const staticDir = path.join(root, 'dist', 'renderer');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  try {
    const running = await startServer({
      dataDir: args.dataDir,
      staticDir,
      port: args.port,
      token: consoleToken(args.dataDir),
      version: pkg.version,
      echoLogs: true,
      store: { postgres: args.db },
      cipher: new KeyFileCipher(args.keyDir),
      collector: { name: args.name, ...(args.timings.leases ? { leases: args.timings.leases } : {}) },
      ...timingOptions(args.timings),
    });
    const { leases } = running.core.context;
    console.log(`B2B collector ${leases?.id ?? ''} polling its share of the fleet; health at ${running.url}health`);
    // The token is a secret: a service's output goes to its log, so only a person at a terminal sees it.
    const where = `the access token is in ${path.join(args.dataDir, TOKEN_FILE)}`;
    console.log(`Consoles connect to ${running.url} (${process.stdout.isTTY ? running.loginUrl : where}): a browser, or the desktop's Settings → Team server`);
    closeOnSignal(() => running.close());
  } catch (err) {
    // A database that cannot be used is a configuration problem: say what, and exit non-zero.
    if (err instanceof StoreConfigError || err instanceof CollectorConfigError) {
      console.error(`Cannot start the collector: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

runAsMain(import.meta.url, main);
