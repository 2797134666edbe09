// A real collector process (`electron/server/collector.ts`) for the multi-collector tests:
// started on a free loopback port, its output kept for the message if it dies, its health read
// over HTTP as a service manager would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from './until.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CollectorProcess {
  name: string;
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

export interface CollectorHealth {
  ok: boolean;
  leasesHeld: number | null;
  sitesPolled: number;
}

/** `env` adds to the test's environment (e.g. B2B_TEST_TIMINGS); the database URL goes in B2B_STORE_URL, as in service. */
export async function startCollector(url: string, name: string, dir: string, keyDir: string, env: Record<string, string> = {}): Promise<CollectorProcess> {
  const child = spawn(process.execPath, ['electron/server/collector.ts', '--listen', '127.0.0.1:0', '--name', name, '--data', path.join(dir, name), '--key-dir', keyDir], {
    cwd: root,
    env: { ...process.env, B2B_STORE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await until(
    `collector ${name} to start`,
    () => {
      if (child.exitCode !== null) throw new Error(`collector ${name} exited: ${out}`);
      const m = /health at http:\/\/127\.0\.0\.1:(\d+)\/health/.exec(out);
      return m ? Number(m[1]) : null;
    },
    30_000,
  );
  return { name, child, port, exited };
}

export async function collectorHealth(c: CollectorProcess): Promise<CollectorHealth> {
  const res = await fetch(`http://127.0.0.1:${c.port}/health`, { headers: { host: `127.0.0.1:${c.port}` } });
  return (await res.json()) as CollectorHealth;
}
