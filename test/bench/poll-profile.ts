// Where a warm poll round's CPU goes. The fleet runs in a child (bench:poll's own), the
// console here; V8's sampling profiler (what --cpu-prof uses) runs only over the warm rounds
// and over as many bare status execs on the same connections (the floor), and each profile's
// self time is split by who spent it. Profiles are written for DevTools.
// Then the same poll built up layer by layer (poll-layers.ts), without the profiler.
// Usage: node --max-semi-space-size=16 --expose-gc test/bench/poll-profile.ts [sites=2000] [rounds=3] [--cpu-prof-dir DIR]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../electron/core/core.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { ManualClock } from '../../shared/clock.ts';
import type { SiteDescriptor } from '../../sim/index.ts';
import { floorRound } from './poll-floor.ts';
import { layerRounds, measureLayers } from './poll-layers.ts';

const START = Date.parse('2026-11-18T10:30:00Z');
const args = process.argv.slice(2);
const dirAt = args.indexOf('--cpu-prof-dir');
const outDir = dirAt >= 0 ? (args[dirAt + 1] ?? '.') : fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-poll-profile-'));
const [sizeArg, roundsArg] = args.filter((a, i) => i !== dirAt && i !== dirAt + 1);
const size = Number(sizeArg ?? 2000);
const rounds = Number(roundsArg ?? 3);

// First match from the sampled frame towards the root names the category; frames of Node's
// generic plumbing (events, buffers, timers, promises) name none and pass it on to their caller.
const CATEGORIES: [string, RegExp][] = [
  ['SSH transport/crypto', /node_modules\/ssh2\/|electron\/core\/ssh\/|^node:crypto|internal\/crypto|^node:net|internal\/stream_base_commons|internal\/streams\//],
  ['protocol parsing/validation', /node_modules\/zod\/|shared\/protocol\/|shared\/canonical-json/],
  ['verdict', /shared\/health\//],
  ['result writing/SQLite', /result-writer\.ts|electron\/core\/store\/|node_modules\/better-sqlite3\//],
  ['events/other', /electron\/|shared\/|sim\/|node_modules\//],
];

type Node = Profiler.ProfileNode;

function split(profile: Profiler.Profile): Map<string, number> {
  const byId = new Map<number, Node>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const category = (id: number): string => {
    const own = byId.get(id)?.callFrame.functionName ?? '';
    if (own === '(garbage collector)') return 'garbage collection';
    if (own === '(idle)') return 'idle';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)?.callFrame.url ?? '';
      const hit = CATEGORIES.find(([, re]) => re.test(url));
      if (hit) return hit[0];
    }
    return 'events/other';
  };
  const ms = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  const samples = profile.samples ?? [];
  // A sample's time is the delta to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const c = category(samples[i] ?? 0);
    ms.set(c, (ms.get(c) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return ms;
}

// Samples give the shares; process.cpuUsage gives the total (a loaded machine stretches sampled time).
function print(label: string, ms: Map<string, number>, cpuPerSiteMs: number): void {
  const busy = [...ms].filter(([c]) => c !== 'idle').reduce((s, [, v]) => s + v, 0);
  console.log(`\n${label}: ${cpuPerSiteMs.toFixed(3)} ms CPU per site`);
  for (const [c, v] of [...ms].filter(([c2]) => c2 !== 'idle').sort((a, b) => b[1] - a[1])) {
    console.log(`  ${c.padEnd(30)} ${((cpuPerSiteMs * v) / busy).toFixed(3)} ms/site  ${((100 * v) / busy).toFixed(1)}%`);
  }
}

const child = fork(fileURLToPath(new URL('./poll.bench.ts', import.meta.url)), ['--child', String(size)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
process.once('exit', () => child.kill());
const ready = await new Promise<{ sites: SiteDescriptor[]; privateKey: string }>((resolve) => child.once('message', (m: { sites: SiteDescriptor[]; privateKey: string }) => resolve(m)));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-poll-profile-data-'));
const clock = new ManualClock(START);
const timeouts = { connectMs: 10_000, execMs: 10_000 };
const core = await createCore({ dataDir, mode: 'browser', version: 'bench', clock, startPolling: false, poller: { timeouts } });
const ctx = core.context;
await ctx.credentials.save('default', { privateKey: ready.privateKey });
const ids = (await importSites({ store: ctx.store, now: () => ctx.clock.now() }, ready.sites, { approvedBy: 'bench' })).map((s) => s.id);
await ctx.poller.syncSites();
await ctx.poller.pollNow();
// One unprofiled warm round: the JIT settles, every statement is prepared.
await ctx.poller.pollNow();

// Without the profiler: each layer's round measured as bench:poll measures its rounds.
const layers = await measureLayers(core, ids, timeouts, rounds);
console.log(`layers, median of ${rounds} interleaved rounds of ${size} sites (process.cpuUsage${typeof (globalThis as { gc?: unknown }).gc === 'function' ? ', collecting around each round' : ''}):`);
layers.forEach((l, i) => {
  const step = i === 0 ? '' : `  (+${(l.cpuPerSiteMs - (layers[i - 1]?.cpuPerSiteMs ?? 0)).toFixed(3)})`;
  console.log(`  ${l.name.padEnd(34)} ${l.cpuPerSiteMs.toFixed(3)} ms/site${step}`);
});

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const profiled = async (name: string, run: () => Promise<unknown>): Promise<{ profile: Profiler.Profile; cpuPerSiteMs: number }> => {
  const cpu = process.cpuUsage();
  await session.post('Profiler.start');
  for (let i = 0; i < rounds; i++) await run();
  const { profile } = await session.post('Profiler.stop');
  const used = process.cpuUsage(cpu);
  fs.writeFileSync(path.join(outDir, `${name}-${size}.cpuprofile`), JSON.stringify(profile));
  return { profile, cpuPerSiteMs: (used.user + used.system) / 1000 / (rounds * size) };
};
const warm = await profiled('warm-rounds', () => ctx.poller.pollNow());
const floor = await profiled('floor-execs', () => floorRound(ctx.poller.pool, ids));
const sitePolls = (await layerRounds(core, ids, timeouts)).find(([name]) => name.includes('pollSite'))?.[1];
const bare = sitePolls ? await profiled('pollsite-rounds', sitePolls) : null;
print(`console, ${rounds} warm rounds of ${size} sites (profiler on)`, split(warm.profile), warm.cpuPerSiteMs);
print(`floor, ${rounds} rounds of bare status execs (profiler on)`, split(floor.profile), floor.cpuPerSiteMs);
if (bare) print(`pollSite alone (no scheduler, no store), ${rounds} rounds (profiler on)`, split(bare.profile), bare.cpuPerSiteMs);
console.log(`\nprofiles in ${outDir}`);
session.disconnect();
await core.close();
fs.rmSync(dataDir, { recursive: true, force: true });
child.send({ type: 'stop' });
