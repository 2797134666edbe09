// npm run bench:rollout — a config rollout of a new endpoint to 1,000 simulated sites over
// real SSH, 10% of which refuse it (full disk), in waves: a canary of 10, then 10%, 25% and
// the rest. The fleet runs here at real speed; the console runs in a child process on the
// system clock (shifted to the fleet's term-time Tuesday). Run twice: clean, and with 10
// kill -9s of the console at seeded random points, each followed by a restart that resumes
// from the store. Checked against the simulator's ground truth: 0 sites half-applied, 0
// applied twice. Ends with one JSON line.
// Usage: npm run bench:rollout [-- clean|kills] [--sites N]
import os from 'node:os';
import { runRolloutWithCrashes, type CrashRunOptions, type CrashRunResult } from '../helpers/rollout-crash.ts';

type Figure = { name: string; value: number; unit: string; target: string };
const r1 = (v: number) => Math.round(v * 10) / 10;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const SITES = Number(arg('--sites') ?? 1000);
const KILLS = 10;
const FAIL_SHARE = 0.1;

/**
 * The plan, and why:
 * - canary: 10 sites spread over types and phases (the planner's default choice), not hand-picked
 *   good ones: the failing schools are drawn at random, so the canary meets them as a person's would.
 * - maxFailurePct 25: a wave halts when more than a quarter of its sites fail. With 10% of the
 *   fleet refusing, a 10-site canary drawn at random has 3 or more of them about 7% of the time
 *   (hypergeometric), a 100-site wave 20 or more about 0.3%; 25% lets an expected 10% through
 *   and still halts a wave where something new is wrong. If it halts anyway, the harness
 *   resumes it once, as a person would after reading why (counted in the output).
 * - waitBetweenS 0 and a gate window of 1 minute (the least): each site is verified by the
 *   first poll after its apply (3 s), so the waves follow each other as fast as the gate allows.
 */
const PLAN = { canary: { count: 10 }, waves: [{ percent: 10 }, { percent: 25 }], waitBetweenS: 0, gate: { windowMin: 1, rule: 'no-worse' }, maxFailurePct: 25 };

function options(kills: number, seed: string): CrashRunOptions {
  // Ten kills at seeded random points of the rollout's progress (sites sent to and settled),
  // each up to a second after the point is reached: mid-apply, mid-gate, between waves, and
  // (when two points are close) while the restarted console is still recovering.
  return {
    sites: SITES,
    seed,
    failShare: FAIL_SHARE,
    kills,
    killDelayMs: 1_000,
    plan: PLAN,
    child: { resumeHalted: 1, progressMs: 200 },
    timeoutMs: 30 * 60_000,
    log: (l) => console.log(l),
  };
}

function describeRun(label: string, r: CrashRunResult): void {
  const rep = r.report;
  console.log(`${label}: rollout ${r.final.state} in ${r1(r.rolloutWallMs / 1000)} s (${r1(r.totalWallMs / 1000)} s with import and first poll), ${r.runs} console run(s), ${r.kills} kill -9`);
  console.log(`  sites: ${rep.verified} verified, ${rep.failed} failed (E_DISK_FULL: ${r.failing.length} injected), ${rep.rolledBack} rolled back, ${rep.conflict} conflict, ${rep.waiting} waiting, ${rep.other} other`);
  console.log(`  console CPU ${r1(r.consoleCpuMs / 1000)} s over all runs (${r1(r.setupCpuMs / 1000)} s of it before the rollout began); simulator CPU ${r1(r.simCpuMs / 1000)} s: console/sim ${r1(r.consoleCpuMs / r.simCpuMs)}×`);
  console.log(`  invariant against the ground truth: ${rep.halfApplied.length} half-applied, ${rep.appliedTwice.length} applied twice (${rep.appliedOnce} schools took the new config, ${rep.rollbacks} rollbacks)`);
  for (const h of rep.halfApplied.slice(0, 10)) console.log(`    HALF-APPLIED urn ${h.urn}: ${h.why} (state ${h.state}, truth ${h.truth.slice(0, 19)}…)`);
  for (const t of rep.appliedTwice.slice(0, 10)) console.log(`    APPLIED TWICE urn ${t.urn}: ${t.applies} applies`);
  const waves = r.begun.waveSizes.map((size, w) => `${r.final.sites.filter((s) => s.wave === w && s.state === 'failed').length}/${size}`);
  console.log(`  refused per wave (canary first): ${waves.join(', ')}; halted and resumed ${r.resumed.length}×${r.resumed.length ? `: ${r.resumed.join(' | ')}` : ''}`);
}

function figures(key: string, r: CrashRunResult): Figure[] {
  const rep = r.report;
  return [
    { name: `${key}_wall`, value: r1(r.rolloutWallMs / 1000), unit: 's', target: 'none' },
    { name: `${key}_console_cpu`, value: r1(r.consoleCpuMs / 1000), unit: 's', target: 'none' },
    { name: `${key}_console_cpu_vs_sim`, value: r1(r.consoleCpuMs / r.simCpuMs), unit: 'x', target: 'none' },
    { name: `${key}_verified`, value: rep.verified, unit: 'sites', target: 'none' },
    { name: `${key}_failed`, value: rep.failed, unit: 'sites', target: 'none' },
    { name: `${key}_rolled_back`, value: rep.rolledBack, unit: 'sites', target: 'none' },
    { name: `${key}_half_applied`, value: rep.halfApplied.length, unit: 'sites', target: '0' },
    { name: `${key}_applied_twice`, value: rep.appliedTwice.length, unit: 'sites', target: '0' },
    ...(r.kills ? [{ name: `${key}_kills`, value: r.kills, unit: 'kills', target: String(KILLS) }] : []),
  ];
}

async function main(): Promise<void> {
  const only = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
  console.log(`bench:rollout on ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}: ${SITES} sites, ${FAIL_SHARE * 100}% with a full disk`);
  console.log(`  plan: ${JSON.stringify(PLAN)}; concurrency: the actions setting (default 16)`);
  const out: Figure[] = [];
  if (!only || only === 'clean') {
    const clean = await runRolloutWithCrashes(options(0, 'bench-rollout'));
    describeRun('clean run', clean);
    out.push(...figures('clean', clean));
  }
  if (!only || only === 'kills') {
    const killed = await runRolloutWithCrashes(options(KILLS, 'bench-rollout'));
    describeRun(`with ${KILLS} kill -9s`, killed);
    out.push(...figures('kill9', killed));
  }
  console.log(JSON.stringify({ bench: 'rollout', figures: out }));
}

await main();
