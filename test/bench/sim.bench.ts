// npm run bench:sim — what the fleet simulator sustains at 2,000 sites on this machine:
// SSH handshakes/s, agent execs/s over open sessions, and the simulator's memory.
// The fleet runs in a child process and the load client here, so the simulator's RSS
// and CPU are its own; the client's share of the two cores is reported alongside.
// Ends with one JSON line: {"bench":"sim","figures":[{name,value,unit,target}]}.
import { fork, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import ssh2 from 'ssh2';
import { parseAnswer } from '../../shared/protocol/v1.ts';
import { startFleet } from '../../sim/index.ts';

const SITES = 2000;
const HANDSHAKE_CONCURRENCY = 64;
const EXECS = 10_000;
const EXEC_CONCURRENCY = 64;

interface Ready {
  type: 'ready';
  sites: Array<{ host: string; port: number; user: string }>;
  privateKey: string;
  startMs: number;
}
interface Stats {
  type: 'stats';
  rss: number;
  peakRss: number;
  cpuMs: number;
}
type ChildMessage = Ready | Stats;

// ---- the fleet's side -----------------------------------------------------------

async function fleetChild(): Promise<void> {
  const t0 = performance.now();
  const fleet = await startFleet({ sites: SITES, seed: 'bench', faultRate: 0, speed: 0, start: Date.parse('2026-11-18T10:00:00Z'), controlPort: false, transientFailureRate: 0 });
  const startMs = performance.now() - t0;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const send = (m: ChildMessage): void => {
    process.send?.(m);
  };
  process.on('message', (m: unknown) => {
    if (m === 'stats') {
      const cpu = process.cpuUsage();
      const rss = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, rss);
      send({ type: 'stats', rss, peakRss, cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (m === 'stop') {
      clearInterval(sampler);
      void fleet.close().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', sites: fleet.sites.map((s) => ({ host: s.host, port: s.port, user: s.user })), privateKey: fleet.clientKey.privateKey, startMs });
}

// ---- the load client's side ----------------------------------------------------------

function ask(child: ChildProcess, type: 'stats'): Promise<Stats> {
  return new Promise((resolve) => {
    const on = (m: ChildMessage): void => {
      if (m.type === type) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
    child.send(type);
  });
}

function open(site: Ready['sites'][number], privateKey: string): Promise<InstanceType<typeof ssh2.Client>> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ sock: connect({ host: site.host, port: site.port, noDelay: true }), username: site.user, privateKey, readyTimeout: 30_000, keepaliveInterval: 0 });
  });
}

function exec(client: InstanceType<typeof ssh2.Client>, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(line, (err, stream) => {
      if (err) return reject(err);
      let out = '';
      stream.on('data', (d: Buffer) => (out += d.toString('utf8')));
      stream.on('close', () => resolve(out));
      stream.end();
    });
  });
}

function siteAt(ready: Ready, i: number): Ready['sites'][number] {
  const site = ready.sites[i];
  if (!site) throw new Error(`no site ${i}`);
  return site;
}

/** Runs `count` tasks with at most `width` in flight; returns elapsed ms. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) await task(next++);
  });
  await Promise.all(lanes);
  return performance.now() - t0;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const r1 = (n: number): number => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--fleet-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m: ChildMessage) => (m.type === 'ready' ? resolve(m) : reject(new Error('unexpected message'))));
    child.once('exit', (code) => reject(new Error(`fleet exited (${String(code)})`)));
  });
  const idle = await ask(child, 'stats');
  // Other work on the machine skews every figure here; say how busy it was.
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`fleet: ${SITES} sites started in ${Math.round(ready.startMs)} ms, RSS ${Math.round(idle.rss / 1e6)} MB`);

  // 1. Handshakes: connect, key exchange, public-key auth, disconnect; one per site.
  const latencies: number[] = [];
  const cpu0 = (await ask(child, 'stats')).cpuMs;
  const clientCpu0 = process.cpuUsage();
  const hsMs = await pool(SITES, HANDSHAKE_CONCURRENCY, async (i) => {
    const t = performance.now();
    const c = await open(siteAt(ready, i), ready.privateKey);
    latencies.push(performance.now() - t);
    c.end();
  });
  const cpu1 = (await ask(child, 'stats')).cpuMs;
  const clientCpu1 = process.cpuUsage(clientCpu0);
  const handshakesPerS = SITES / (hsMs / 1000);
  const simCpuHs = (cpu1 - cpu0) / hsMs;
  console.log(
    `handshakes: ${SITES} in ${Math.round(hsMs)} ms = ${r1(handshakesPerS)}/s (p50 ${r1(pct(latencies, 50))} ms, p95 ${r1(pct(latencies, 95))} ms, ${HANDSHAKE_CONCURRENCY} in flight); ` +
      `sim CPU ${Math.round(simCpuHs * 100)}%, client CPU ${Math.round(((clientCpu1.user + clientCpu1.system) / 1000 / hsMs) * 100)}%`,
  );

  // 2. Execs over open sessions: a session to every site, then `status` round-robin.
  const clients: Array<InstanceType<typeof ssh2.Client>> = [];
  await pool(SITES, HANDSHAKE_CONCURRENCY, async (i) => {
    clients[i] = await open(siteAt(ready, i), ready.privateKey);
  });
  const withSessions = await ask(child, 'stats');
  console.log(`sessions: ${clients.length} open, sim RSS ${Math.round(withSessions.rss / 1e6)} MB`);
  let checked = 0;
  const cpu2 = withSessions.cpuMs;
  const clientCpu2 = process.cpuUsage();
  const execMs = await pool(EXECS, EXEC_CONCURRENCY, async (i) => {
    const client = clients[i % clients.length];
    if (!client) throw new Error('no session');
    const out = await exec(client, 'b2b-agent status');
    // Validate a sample: parsing every answer would measure the client, not the fleet.
    if (i % 100 === 0) {
      if (!parseAnswer('status', out).ok) throw new Error('status answer not ok');
      checked++;
    }
  });
  const after = await ask(child, 'stats');
  const clientCpu3 = process.cpuUsage(clientCpu2);
  const execsPerS = EXECS / (execMs / 1000);
  const simCpuExec = (after.cpuMs - cpu2) / execMs;
  console.log(
    `execs: ${EXECS} status in ${Math.round(execMs)} ms = ${r1(execsPerS)}/s over ${clients.length} sessions (${EXEC_CONCURRENCY} in flight, ${checked} answers validated); ` +
      `sim CPU ${Math.round(simCpuExec * 100)}%, client CPU ${Math.round(((clientCpu3.user + clientCpu3.system) / 1000 / execMs) * 100)}%`,
  );
  console.log(`sim RSS: idle ${Math.round(idle.rss / 1e6)} MB, peak ${Math.round(after.peakRss / 1e6)} MB`);

  for (const c of clients) c.end();
  child.send('stop');
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const figures = [
    { name: 'sim_handshakes_per_s', value: r1(handshakesPerS), unit: 'handshakes/s', target: 100 },
    { name: 'sim_execs_per_s', value: r1(execsPerS), unit: 'execs/s', target: 300 },
    { name: 'sim_rss_idle_2000_sites', value: Math.round(idle.rss / 1e6), unit: 'MB', target: 400 },
    { name: 'sim_rss_peak_2000_sessions', value: Math.round(after.peakRss / 1e6), unit: 'MB', target: 800 },
    { name: 'sim_start_2000_sites', value: Math.round(ready.startMs), unit: 'ms', target: 5000 },
  ];
  console.log(JSON.stringify({ bench: 'sim', figures }));
}

if (process.argv.includes('--fleet-child')) {
  void fleetChild();
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
