// npm run bench:poll — the poller against the simulator at 500, 2,000 and 5,000 sites,
// first all healthy, then with 10% black-holed and 5% slow to answer. The fleet runs in
// a child process (both share this 2-core machine); the console core runs here, so the
// RSS reported is the console's own. Ends with one JSON line of figures.
// Usage: npm run bench:poll [-- 500,2000]
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../electron/core/core.ts';
import type { PollResult } from '../../electron/core/poller/site-poller.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { ManualClock } from '../../shared/clock.ts';
import { startFleet, type SiteDescriptor } from '../../sim/index.ts';
import { floorRound } from './poll-floor.ts';

const START = Date.parse('2026-11-18T10:30:00Z');
const CONNECT_TIMEOUT_MS = 10_000;
const SLOW_BANNER_MS = 3_000;
// Longer than the core's memory check (every 10 s).
const IDLE_MS = 15_000;

type FromChild = { type: 'ready'; sites: SiteDescriptor[]; privateKey: string } | { type: 'injected' };

async function fleetChild(size: number): Promise<void> {
  const fleet = await startFleet({ sites: size, seed: 'bench-poll', faultRate: 0, transientFailureRate: 0, speed: 0, start: START, controlPort: false, slowBannerMs: SLOW_BANNER_MS });
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { type: string }) => {
    if (m.type === 'faults') {
      void (async () => {
        // Every 10th site black-holed, every 20th (offset) slow to answer: spread through the fleet.
        for (const [i, s] of fleet.sites.entries()) {
          if (i % 10 === 3) await fleet.control.inject(s.urn, { name: 'black-hole' });
          else if (i % 20 === 7) await fleet.control.inject(s.urn, { name: 'slow-banner' });
        }
        process.send?.({ type: 'injected' });
      })();
    } else if (m.type === 'stop') void fleet.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', sites: fleet.sites, privateKey: fleet.clientKey.privateKey });
}

function next(child: ChildProcess, type: FromChild['type']): Promise<FromChild> {
  return new Promise((resolve) => {
    const on = (m: FromChild) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
  });
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

interface Round {
  wallMs: number;
  cpuMs: number;
  durations: Map<number, number>;
}

async function round(core: Core, results: PollResult[]): Promise<Round> {
  results.length = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await core.context.poller.pollNow();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, durations: new Map(results.map((r) => [r.siteId, r.finishedAt - r.startedAt])) };
}

async function newCore(sites: SiteDescriptor[], privateKey: string, results: PollResult[]): Promise<{ core: Core; dir: string; ids: Map<number, number> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-bench-poll-'));
  const clock = new ManualClock(START);
  // The results' start/finish times come from the real clock so latencies are real.
  const core = await createCore({
    dataDir: dir,
    mode: 'browser',
    version: 'bench',
    clock: { now: () => Math.round(clock.now() + (performance.timeOrigin + performance.now() - benchStart)) },
    startPolling: false,
    poller: { timeouts: { connectMs: CONNECT_TIMEOUT_MS, execMs: 10_000 }, onPolled: (r) => results.push(r) },
  });
  const ctx = core.context;
  await ctx.credentials.save('default', { privateKey });
  const created = await importSites({ store: ctx.store, now: () => ctx.clock.now() }, sites, { approvedBy: 'bench' });
  await ctx.poller.syncSites();
  return { core, dir, ids: new Map(created.map((s) => [s.urn, s.id])) };
}
const benchStart = performance.timeOrigin + performance.now();

async function benchSize(size: number) {
  const child = fork(fileURLToPath(import.meta.url), ['--child', String(size)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // The fleet must not outlive a failed run.
  const killChild = () => child.kill();
  process.once('exit', killChild);
  const ready = (await next(child, 'ready')) as Extract<FromChild, { type: 'ready' }>;
  const results: PollResult[] = [];
  const a = await newCore(ready.sites, ready.privateKey, results);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const cold = await round(a.core, results);
  const warm = await round(a.core, results);
  // The same open connections, polled bare: what a warm poll cannot cost less than.
  const floor = await floorRound(a.core.context.poller.pool, a.ids.values());
  const healthyP = (r: Round, ids: Set<number>) => [...r.durations].filter(([id]) => ids.has(id)).map(([, d]) => d);

  child.send({ type: 'faults' });
  await next(child, 'injected');
  const faulty = new Set(ready.sites.filter((_, i) => i % 10 === 3 || i % 20 === 7).map((s) => a.ids.get(s.urn) ?? 0));
  const healthyIds = new Set([...a.ids.values()].filter((id) => !faulty.has(id)));
  const warmFaults = await round(a.core, results);
  const withFault = [...warmFaults.durations].filter(([id]) => healthyIds.has(id)).map(([, d]) => d);
  // The bench's own copies of every answer are not the console's memory.
  results.length = 0;
  clearInterval(sampler);
  const busyRss = process.memoryUsage.rss();
  // Then as the console spends most of its life, between rounds: nothing here collects
  // garbage or trims; the core does that itself once polling is quiet (memory-trim.ts).
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const mem = process.memoryUsage();
  const rss = mem.rss;
  console.log(`  RSS: peak during the rounds ${(peakRss / 1048576).toFixed(0)} MB, right after them ${(busyRss / 1048576).toFixed(0)} MB, after ${IDLE_MS / 1000} s idle ${(rss / 1048576).toFixed(0)} MB`);
  console.log(`  memory after the rounds: rss ${(mem.rss / 1048576).toFixed(0)} MB, heap ${(mem.heapUsed / 1048576).toFixed(0)}/${(mem.heapTotal / 1048576).toFixed(0)} MB, external ${(mem.external / 1048576).toFixed(0)} MB, open connections ${a.core.context.poller.pool.size}`);
  await a.core.close();
  fs.rmSync(a.dir, { recursive: true, force: true });

  // A console meeting the faulty fleet for the first time: every handshake, and the black holes' full timeout.
  const b = await newCore(ready.sites, ready.privateKey, results);
  const coldFaults = await round(b.core, results);
  await b.core.close();
  fs.rmSync(b.dir, { recursive: true, force: true });
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
  process.off('exit', killChild);

  const noFault = healthyP(warm, healthyIds);
  return {
    size,
    coldMs: cold.wallMs,
    coldCpuMs: cold.cpuMs,
    warmMs: warm.wallMs,
    warmCpuMs: warm.cpuMs,
    warmCpuPerSiteMs: warm.cpuMs / size,
    floorCpuPerSiteMs: floor.cpuMs / Math.max(1, floor.sites),
    floorMs: floor.wallMs,
    floorSites: floor.sites,
    coldFaultsMs: coldFaults.wallMs,
    warmFaultsMs: warmFaults.wallMs,
    p50: pct(noFault, 50),
    p99: pct(noFault, 99),
    p50Faults: pct(withFault, 50),
    p99Faults: pct(withFault, 99),
    rssMb: rss / 1048576,
    peakRssMb: peakRss / 1048576,
  };
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '500,2000,5000').split(',').map(Number);
  const figures: { name: string; value: number; unit: string; target: string }[] = [];
  console.log(`bench:poll on ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const size of sizes) {
    const r = await benchSize(size);
    const f = (v: number) => Math.round(v * 10) / 10;
    console.log(`\n${size} sites`);
    console.log(`  cold round, healthy fleet:   ${f(r.coldMs)} ms wall, ${f(r.coldCpuMs)} ms CPU (console)`);
    console.log(`  warm round, healthy fleet:   ${f(r.warmMs)} ms wall, ${f(r.warmCpuMs)} ms CPU (console)`);
    const ratio = r.warmCpuPerSiteMs / r.floorCpuPerSiteMs;
    console.log(`  floor, bare ssh2 status exec: ${f(r.floorMs)} ms wall on ${r.floorSites} open connections, ${r.floorCpuPerSiteMs.toFixed(3)} ms CPU per site`);
    console.log(`  cpu per poll ÷ floor:         ${r.warmCpuPerSiteMs.toFixed(3)} ms ÷ ${r.floorCpuPerSiteMs.toFixed(3)} ms = ${ratio.toFixed(2)}x (target 1.5)${r.floorSites < size ? `; only ${r.floorSites} connections stay open, the console's round also reconnects the rest` : ''}`);
    console.log(`  healthy sites' poll latency: p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms without faults; p50 ${f(r.p50Faults)} ms, p99 ${f(r.p99Faults)} ms with 10% black-holed + 5% slow`);
    console.log(`  warm round with faults:      ${f(r.warmFaultsMs)} ms (bounded by the ${CONNECT_TIMEOUT_MS / 1000} s connect timeout of the black holes)`);
    console.log(`  cold round with faults:      ${f(r.coldFaultsMs)} ms`);
    console.log(`  console RSS:                 ${f(r.rssMb)} MB between rounds (peak ${f(r.peakRssMb)} MB during them)`);
    figures.push(
      { name: `cold_round_${size}`, value: f(r.coldFaultsMs), unit: 'ms', target: `<= ${10_000 + CONNECT_TIMEOUT_MS}` },
      { name: `warm_round_${size}`, value: f(r.warmMs), unit: 'ms', target: size === 2000 ? '<= 1500' : 'none' },
      { name: `warm_round_cpu_${size}`, value: f(r.warmCpuMs), unit: 'ms', target: 'none' },
      { name: `warm_cpu_per_site_${size}`, value: Math.round(r.warmCpuPerSiteMs * 1000) / 1000, unit: 'ms', target: 'none' },
      { name: `floor_cpu_per_site_${size}`, value: Math.round(r.floorCpuPerSiteMs * 1000) / 1000, unit: 'ms', target: 'none' },
      { name: `cpu_per_poll_over_floor_${size}`, value: Math.round(ratio * 100) / 100, unit: 'x', target: '<= 1.5' },
      { name: `healthy_p50_${size}`, value: f(r.p50), unit: 'ms', target: 'none' },
      { name: `healthy_p99_${size}`, value: f(r.p99), unit: 'ms', target: 'none' },
      { name: `healthy_p99_with_faults_${size}`, value: f(r.p99Faults), unit: 'ms', target: `<= ${f(2 * r.p99)}` },
      { name: `rss_${size}`, value: f(r.rssMb), unit: 'MB', target: size === 5000 ? '<= 300' : 'none' },
      { name: `rss_peak_${size}`, value: f(r.peakRssMb), unit: 'MB', target: 'none' },
    );
  }
  console.log(JSON.stringify({ bench: 'poll', figures }));
}

if (process.argv[2] === '--child') await fleetChild(Number(process.argv[3]));
else await main();
