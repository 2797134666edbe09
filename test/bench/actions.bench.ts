// npm run bench:actions — remote actions against the simulator over real SSH, and the
// journal and audit trail at 100,000 entries each. The fleet runs in a child process
// (both share this 2-core machine); the console core runs here. Ends with one JSON line.
//  1. restart 500 sites in waves of 50: wall time;
//  2. resync every site of a 2,000-site fleet at concurrency 64 while polling goes on:
//     wall, console CPU, and healthy sites' poll p99 during the run against a round without it;
//  3. a filtered journal page and an audit verification over 100,000 entries each.
// Usage: npm run bench:actions [-- restart|resync|store]
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../electron/core/core.ts';
import type { PollResult } from '../../electron/core/poller/site-poller.ts';
import { canonicalEntry } from '../../electron/core/store/audit-chain.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { ManualClock } from '../../shared/clock.ts';
import type { ActionParams } from '../../shared/actions.ts';
import { startFleet, type SiteDescriptor } from '../../sim/index.ts';

const START = Date.parse('2026-11-18T10:30:00Z');
type Figure = { name: string; value: number; unit: string; target: string };
const r1 = (v: number) => Math.round(v * 10) / 10;

async function fleetChild(size: number): Promise<void> {
  const fleet = await startFleet({ sites: size, seed: 'bench-actions', faultRate: 0, transientFailureRate: 0, speed: 0, start: START, controlPort: false });
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') void fleet.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', sites: fleet.sites, privateKey: fleet.clientKey.privateKey });
}

async function withFleet<T>(size: number, body: (sites: SiteDescriptor[], privateKey: string) => Promise<T>): Promise<T> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', String(size)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = () => child.kill();
  process.once('exit', kill);
  try {
    const ready = await new Promise<{ sites: SiteDescriptor[]; privateKey: string }>((resolve) => child.once('message', resolve));
    return await body(ready.sites, ready.privateKey);
  } finally {
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
    process.off('exit', kill);
  }
}

const benchStart = performance.timeOrigin + performance.now();

async function newCore(sites: SiteDescriptor[] | null, privateKey: string | null, onPolled?: (r: PollResult) => void): Promise<{ core: Core; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-bench-actions-'));
  const clock = new ManualClock(START);
  const core = await createCore({
    dataDir: dir,
    mode: 'browser',
    version: 'bench',
    // Real elapsed time on top of the fleet's start, so latencies are real.
    clock: { now: () => Math.round(clock.now() + (performance.timeOrigin + performance.now() - benchStart)) },
    startPolling: false,
    poller: { timeouts: { connectMs: 10_000, execMs: 10_000 }, ...(onPolled ? { onPolled } : {}) },
    // Verification polls would add their own load after each action; the run's wall time is what is measured.
    actions: { verifyFirstMs: 3_600_000 },
  });
  const ctx = core.context;
  if (sites && privateKey) {
    await ctx.credentials.save('default', { privateKey });
    await importSites({ store: ctx.store, now: () => ctx.clock.now() }, sites, { approvedBy: 'bench' });
    await ctx.poller.syncSites();
  }
  return { core, dir };
}

async function runToEnd(core: Core, params: ActionParams, pacing: { concurrency: number; waveSize: number | null; wavePauseS: number }): Promise<{ wallMs: number; cpuMs: number; counts: Record<string, number> }> {
  const { actions, journal } = core.context;
  const ids = (await core.context.sites.list()).map((s) => s.id);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const run = await actions.start({ params, siteIds: ids, whenBack: false, pacing, confirmCount: ids.length }, 'bench');
  await new Promise<void>((resolve, reject) => {
    const off = core.onEvent((name) => {
      if (name !== 'actions.changed') return;
      journal.run(run.id).then((r) => {
        if (r?.state === 'running') return;
        off();
        resolve();
      }, reject);
    });
  });
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, counts: (await journal.run(run.id))?.counts ?? {} };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0) : 0;
};

async function benchRestart(): Promise<Figure[]> {
  return withFleet(500, async (sites, key) => {
    const { core, dir } = await newCore(sites, key);
    await core.context.poller.pollNow();
    const r = await runToEnd(core, { kind: 'restart' }, { concurrency: 50, waveSize: 50, wavePauseS: 0 });
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`restart 500 sites in waves of 50: ${r1(r.wallMs)} ms wall, ${r1(r.cpuMs)} ms console CPU, ${JSON.stringify(r.counts)}`);
    return [{ name: 'restart_500_waves_of_50', value: r1(r.wallMs), unit: 'ms', target: 'none' }];
  });
}

async function benchResync(): Promise<Figure[]> {
  return withFleet(2000, async (sites, key) => {
    let sink: PollResult[] | null = null;
    const { core, dir } = await newCore(sites, key, (r) => sink?.push(r));
    await core.context.poller.pollNow();
    // The baseline: a warm round with nothing else going on.
    const quiet: PollResult[] = (sink = []);
    await core.context.poller.pollNow();
    // Polling goes on, round after round, while every site resyncs.
    const busy: PollResult[] = [];
    sink = busy;
    let running = true;
    const polling = (async () => {
      while (running) await core.context.poller.pollNow();
    })();
    const r = await runToEnd(core, { kind: 'resync', dataset: 'all' }, { concurrency: 64, waveSize: null, wavePauseS: 0 });
    running = false;
    await polling;
    sink = null;
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const latency = (xs: PollResult[]) => xs.filter((x) => x.status !== null).map((x) => x.finishedAt - x.startedAt);
    const p99Quiet = pct(latency(quiet), 99);
    const p99Busy = pct(latency(busy), 99);
    console.log(`resync 2,000 sites at concurrency 64 while polling: ${r1(r.wallMs)} ms wall, ${r1(r.cpuMs)} ms console CPU, ${JSON.stringify(r.counts)}`);
    console.log(`  healthy polls: p99 ${r1(p99Quiet)} ms in a quiet round (${quiet.length} polls), ${r1(p99Busy)} ms during the run (${busy.length} polls): ${r1(p99Busy / p99Quiet)}×`);
    return [
      { name: 'resync_2000_c64_wall', value: r1(r.wallMs), unit: 'ms', target: 'none' },
      { name: 'resync_2000_c64_cpu', value: r1(r.cpuMs), unit: 'ms', target: 'none' },
      { name: 'poll_p99_quiet', value: r1(p99Quiet), unit: 'ms', target: 'none' },
      { name: 'poll_p99_during_resync', value: r1(p99Busy), unit: 'ms', target: `<= ${r1(2 * p99Quiet)}` },
      { name: 'poll_p99_ratio', value: r1(p99Busy / p99Quiet), unit: 'x', target: '<= 2' },
    ];
  });
}

async function timeIt(n: number, f: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(n / 2)] ?? 0, max: times.at(-1) ?? 0 };
}

async function benchStore(): Promise<Figure[]> {
  const N = 100_000;
  const { core, dir } = await newCore(null, null);
  const { journal, audit, auditTrail, store } = core.context;
  const actors = ['Sam Patel', 'Priya Shah', 'Tom Hughes', 'Amira Khan', 'Joe Bloggs'];
  const kinds: ActionParams[] = [{ kind: 'restart' }, { kind: 'resync', dataset: 'attendance' }, { kind: 'diag' }, { kind: 'logs', tail: 200 }];
  let t0 = performance.now();
  await store.withTransaction(async () => {
    for (let run = 0; run < N / 100; run++) {
      const params = kinds[run % kinds.length] ?? { kind: 'diag' };
      const { actionIds } = await journal.createRun({
        kind: params.kind,
        params,
        actor: actors[run % actors.length] ?? 'x',
        pacing: { concurrency: 16, waveSize: null, wavePauseS: 0 },
        skipped: [],
        owner: 'console',
        at: START + run * 60_000,
        actions: Array.from({ length: 100 }, (_, i) => ({ siteId: 1 + ((run * 100 + i) % 2000), siteName: `School ${i}`, state: 'queued' as const, expiresAt: null })),
      });
      for (const id of actionIds) {
        await journal.claim(id, START + run * 60_000, 'failing', ['service-crash-loop'], 'console');
        await journal.settle(id, { state: id % 10 ? 'succeeded' : 'failed', at: START + run * 60_000 + 5_000, errorCode: null, message: null, output: '{"ok":true}', outputSha256: 'x'.repeat(64), outputTruncated: false, verification: 'cleared', verifyUntil: null });
      }
    }
  });
  const journalBuildMs = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < N; i++) await audit.record({ at: START + i * 1000, actor: actors[i % actors.length] ?? 'x', action: i % 3 ? 'action.restart' : 'settings.update', siteId: 1 + (i % 2000), target: `School ${i % 2000}`, detail: { i }, outcome: 'succeeded' });
  const auditBuildMs = performance.now() - t0;

  const filters = {
    'newest 100': { limit: 100 },
    'one site': { siteId: 1234, limit: 100 },
    'one actor': { actor: 'Tom Hughes', limit: 100 },
    'failed restarts': { kind: 'restart' as const, state: 'failed' as const, limit: 100 },
    'one hour': { from: START + 5 * 3_600_000, to: START + 6 * 3_600_000, limit: 100 },
    'a site and kind, older page': { siteId: 77, kind: 'restart' as const, beforeId: 60_000, limit: 100 },
  };
  const figures: Figure[] = [];
  let worst = 0;
  console.log(`journal: ${N.toLocaleString()} actions written in ${r1(journalBuildMs)} ms; audit: ${N.toLocaleString()} chained entries in ${r1(auditBuildMs)} ms`);
  for (const [name, f] of Object.entries(filters)) {
    const t = await timeIt(30, () => journal.page(f));
    worst = Math.max(worst, t.median);
    console.log(`  journal page, ${name}: median ${t.median.toFixed(2)} ms, slowest ${t.max.toFixed(2)} ms (${(await journal.page(f)).length} rows)`);
  }
  const auditPage = await timeIt(30, () => auditTrail.page({ actor: 'Amira Khan', action: 'settings.update', limit: 200 }));
  console.log(`  audit page, one actor and action: median ${auditPage.median.toFixed(2)} ms`);
  const verify = await timeIt(3, () => auditTrail.verify());
  const v = await auditTrail.verify();
  // The floor: sha256 over the same canonical bytes, already in memory.
  const texts = (await audit.rowsAfter(0, Number.MAX_SAFE_INTEGER)).map((r) => canonicalEntry({ id: r.id, at: r.at, actor: r.actor, action: r.action, siteId: r.site_id, target: r.target, outcome: r.outcome, prevHash: r.prev_hash ?? '' }, r.detail));
  const floor = await timeIt(3, () => {
    for (const t of texts) crypto.createHash('sha256').update(t).digest('hex');
    return Promise.resolve();
  });
  console.log(`  audit verify: median ${r1(verify.median)} ms over ${v.count.toLocaleString()} entries (${v.ok ? 'intact' : 'BROKEN'}); sha256 of the same bytes alone ${r1(floor.median)} ms: ${r1(verify.median / floor.median)}× the floor`);
  figures.push(
    { name: 'journal_page_worst_filter_100k', value: r1(worst), unit: 'ms', target: '<= 20' },
    { name: 'audit_page_100k', value: r1(auditPage.median), unit: 'ms', target: '<= 20' },
    { name: 'audit_verify_100k', value: r1(verify.median), unit: 'ms', target: '<= 2000' },
    { name: 'audit_verify_vs_sha256_floor', value: r1(verify.median / floor.median), unit: 'x', target: 'none' },
  );
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return figures;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`bench:actions on ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const figures: Figure[] = [];
  if (!only || only === 'store') figures.push(...(await benchStore()));
  if (!only || only === 'restart') figures.push(...(await benchRestart()));
  if (!only || only === 'resync') figures.push(...(await benchResync()));
  console.log(JSON.stringify({ bench: 'actions', figures }));
}

if (process.argv[2] === '--child') await fleetChild(Number(process.argv[3]));
else await main();
