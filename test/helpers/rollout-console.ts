// A console in its own process, for crash tests of config rollouts: the parent runs the
// simulated fleet and kills this with SIGKILL whenever it likes. The first run imports the
// fleet's sites file (credentials, approved host keys), polls every site once, and creates
// the template, its area overrides, the assignment and the rollout; every later run only
// opens the core, whose RolloutService picks the stored rollout up where it was.
// Talks in JSON lines on stdout: ready, begun, progress, final.
// Usage: node rollout-console.ts '<ChildArgs as JSON>'
import fs from 'node:fs';
import { createCore } from '../../electron/core/core.ts';
import type { RolloutTimings } from '../../electron/core/config/rollout-service.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { RolloutPlanInputSchema, SETTLED_SITE_STATES, type RolloutSiteState, type RolloutState } from '../../shared/rollouts.ts';
import { endpointsFor } from '../../sim/profile.ts';
import type { SitesFile } from '../../sim/sites-file.ts';

export interface ChildArgs {
  dataDir: string;
  sitesFile: string;
  /** The fleet's clock minus the system clock: the console runs on the system clock, shifted. */
  offsetMs: number;
  /** The rollout's plan (RolloutPlanInputSchema's input), without template and siteIds. */
  plan: Record<string, unknown>;
  rollouts?: Partial<RolloutTimings>;
  /** Rollout concurrency (the actions setting). */
  concurrency?: number;
  /** Resume a halted rollout as a person would (at most this many times in all runs). */
  resumeHalted?: number;
  progressMs?: number;
  /** Schools given a mistyped endpoint by a site override: healthy before, the agent's check fails, rolled back. */
  typoUrns?: number[];
}

export interface FinalSite {
  siteId: number;
  urn: number;
  wave: number;
  state: string;
  fromHash: string;
  toHash: string;
  errorCode: string | null;
}

export type ChildLine =
  | { type: 'ready'; pid: number; firstRun: boolean; openMs: number }
  | { type: 'begun'; rolloutId: number; total: number; waveSizes: number[]; skipped: number; canary: number[]; cpuMs: number }
  | { type: 'progress'; state: RolloutState; wave: number; counts: Record<string, number>; cpuMs: number }
  | { type: 'resumed'; reason: string | null }
  | { type: 'final'; rolloutId: number; state: RolloutState; reason: string | null; sites: FinalSite[]; cpuMs: number };

export const TEMPLATE = 'SaaS move';
const ACTOR = 'Bench Operator';

const say = (line: ChildLine, then?: () => void) => process.stdout.write(`${JSON.stringify(line)}\n`, then);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(args: ChildArgs): Promise<void> {
  const t0 = performance.now();
  const clock = { now: () => Date.now() + args.offsetMs };
  const core = await createCore({ dataDir: args.dataDir, mode: 'browser', version: 'rollout-crash', clock, startPolling: false, rollouts: args.rollouts });
  const ctx = core.context;
  const firstRun = (await ctx.sites.list()).length === 0;
  say({ type: 'ready', pid: process.pid, firstRun, openMs: Math.round(performance.now() - t0) });
  if (firstRun) {
    const file = JSON.parse(fs.readFileSync(args.sitesFile, 'utf8')) as SitesFile;
    await ctx.settings.set('dampingPolls', 1);
    if (args.concurrency) await ctx.settings.set('actions', { ...ctx.settings.get('actions'), concurrency: args.concurrency });
    await ctx.credentials.save('default', { privateKey: fs.readFileSync(file.clientKeyFile, 'utf8') });
    await importSites({ store: ctx.store, now: () => ctx.clock.now() }, file.sites, { approvedBy: ACTOR });
    await ctx.poller.syncSites();
    await ctx.poller.start();
    await ctx.poller.pollNow();
    // Every site gets the SaaS endpoint of its own area: the template names the first area's,
    // an override each other area's.
    const areas = [...new Set(file.sites.map((s) => s.area))];
    await ctx.config.saveTemplate({ name: TEMPLATE, fields: { endpointUrl: endpointsFor(areas[0] ?? null).live[1] ?? '' }, note: 'Move to the vendor SaaS', baseVersion: 0 }, ACTOR);
    for (const area of areas.slice(1)) {
      if (area) await ctx.config.saveOverride({ scope: 'area', key: area, fields: { endpointUrl: endpointsFor(area).live[1] ?? '' }, note: `SaaS endpoint for ${area}` }, ACTOR);
    }
    const typo = new Set(args.typoUrns ?? []);
    for (const site of (await ctx.sites.list()).filter((x) => typo.has(x.urn))) {
      const saas = endpointsFor(site.area).live[1] ?? '';
      await ctx.config.saveOverride({ scope: 'site', key: String(site.id), fields: { endpointUrl: saas.replace('example', 'exmaple') }, note: 'A typo in this school’s override' }, ACTOR);
    }
    await ctx.config.assign('all', TEMPLATE, ACTOR);
    const preview = await ctx.rollouts.plan(RolloutPlanInputSchema.parse({ ...args.plan, template: TEMPLATE, siteIds: 'all' }), ACTOR);
    const r = await ctx.rollouts.begin(preview.rollout.id, preview.confirmCount, ACTOR);
    const canary = (await ctx.rollouts.detail(r.id)).sites.filter((s) => s.wave === 0).map((s) => s.siteId);
    say({ type: 'begun', rolloutId: r.id, total: r.total, waveSizes: preview.waveSizes, skipped: r.skipped.length, canary, cpuMs: cpuMs() });
  } else await ctx.poller.start();

  const id = (await ctx.rollouts.list(1))[0]?.id;
  if (id === undefined) throw new Error('no rollout in the store');
  const urns = new Map((await ctx.sites.list()).map((s) => [s.id, s.urn]));
  const resumes = async () => (await ctx.audit.recent(100_000)).filter((e) => e.action === 'rollout.resume').length;
  for (;;) {
    // The rollout with its counts only: the per-site detail is read once, at the end.
    const r = (await ctx.rollouts.list(1))[0];
    if (!r) throw new Error('the rollout disappeared');
    say({ type: 'progress', state: r.state, wave: r.wave, counts: r.counts, cpuMs: cpuMs() });
    if (r.state === 'halted' && !r.counts['rolling-back'] && (await resumes()) < (args.resumeHalted ?? 0)) {
      say({ type: 'resumed', reason: r.reason });
      await ctx.rollouts.resume(id, ACTOR);
      continue;
    }
    if (r.state === 'completed' || r.state === 'aborted' || (r.state === 'halted' && !r.counts['rolling-back'])) break;
    // Every wave done and all that is open is offline (the console found those schools off):
    // the rollout waits for them (with an expiry), so this run has nothing left to see.
    if (r.state === 'running' && r.wave >= r.waves && Object.entries(r.counts).every(([state, n]) => !n || state === 'offline' || SETTLED_SITE_STATES.has(state as RolloutSiteState))) break;
    await new Promise((res) => setTimeout(res, args.progressMs ?? 500));
  }
  const d = await ctx.rollouts.detail(id);
  const sites = d.sites.map((s) => ({ siteId: s.siteId, urn: urns.get(s.siteId) ?? 0, wave: s.wave, state: s.state, fromHash: s.fromHash, toHash: s.toHash, errorCode: s.errorCode }));
  await core.close();
  // stdout is a pipe, written asynchronously: exit once the last line is out.
  await new Promise<void>((res) => say({ type: 'final', rolloutId: id, state: d.rollout.state, reason: d.rollout.reason, sites, cpuMs: cpuMs() }, res));
}

if (import.meta.main) {
  main(JSON.parse(process.argv[2] ?? '{}') as ChildArgs).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`rollout console failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
