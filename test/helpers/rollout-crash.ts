// Runs a config rollout against a simulated fleet (in this process, real time) with the
// console in a child process (rollout-console.ts) that is killed with SIGKILL at seeded
// random points and started again, until the rollout ends; then checks the ground truth.
// Shared by `npm run bench:rollout` and test/integration/rollout-crash.test.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SETTLED_SITE_STATES, type RolloutSiteState } from '../../shared/rollouts.ts';
import { startFleet, writeSitesFiles, type Fleet, type SiteTruth } from '../../sim/index.ts';
import { createRng } from '../../sim/prng.ts';
import type { ChildArgs, ChildLine, FinalSite } from './rollout-console.ts';
import { checkRollout, type InvariantReport } from './rollout-invariant.ts';

/** Tuesday of a term week, mid-morning: every school is open and healthy. */
export const TERM_TUESDAY = Date.UTC(2026, 10, 17, 10, 30);
const CHILD = fileURLToPath(new URL('./rollout-console.ts', import.meta.url));

export interface CrashRunOptions {
  sites: number;
  seed: string;
  /** Share of sites whose disk is full (every apply refused with E_DISK_FULL), 0..1. */
  failShare: number;
  /** Share of other sites given a mistyped endpoint (a site override): the agent's check fails and they are rolled back. */
  rollbackShare?: number;
  /** Share of other sites switched off as the rollout begins (and left off): they end pending. */
  offlineShare?: number;
  kills: number;
  /** A kill follows the progress point it waits for after a random delay up to this (ms). */
  killDelayMs: number;
  plan: ChildArgs['plan'];
  child?: Pick<ChildArgs, 'rollouts' | 'concurrency' | 'resumeHalted' | 'progressMs'>;
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface CrashRunResult {
  /** From the rollout's start to its end, and from the first console's start. */
  rolloutWallMs: number;
  totalWallMs: number;
  /** The console's CPU over all its runs, and the part spent before the rollout began. */
  consoleCpuMs: number;
  setupCpuMs: number;
  /** This process (the simulated fleet) over the same time. */
  simCpuMs: number;
  runs: number;
  kills: number;
  resumed: string[];
  begun: Extract<ChildLine, { type: 'begun' }>;
  final: Extract<ChildLine, { type: 'final' }>;
  failing: number[];
  unverifiable: number[];
  offline: number[];
  report: InvariantReport;
}

/** utime + stime of a live process, from /proc (Linux), in ms; null elsewhere. */
function procCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) in clock ticks; 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

interface RunOutcome {
  lines: Array<ChildLine & { at: number }>;
  killed: boolean;
  cpuMs: number;
}

/**
 * How far a rollout has gone, 0..2×total: a step when a site is sent to, another when it
 * settles. Kills are placed at seeded random points of this, so they spread over the whole
 * rollout (mid-apply, mid-gate, between waves) however long each console takes to start.
 */
function progressOf(counts: Record<string, number>): number {
  let sent = 0;
  let settled = 0;
  for (const [state, n] of Object.entries(counts)) {
    if (state !== 'pending') sent += n;
    if (SETTLED_SITE_STATES.has(state as RolloutSiteState)) settled += n;
  }
  return sent + settled;
}

interface KillPoint {
  /** Share of the rollout’s progress (0..0.75: never as it ends) after which the console is killed. */
  at: number;
  delayMs: number;
}

/** One run of the console: until it ends by itself, or is killed at `kill`. */
function runConsole(args: ChildArgs, total: number | null, kill: KillPoint | null, log: (s: string) => void, onBegun: () => void): Promise<RunOutcome> {
  const child = spawn(process.execPath, ['--max-semi-space-size=16', CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<ChildLine & { at: number }> = [];
  let lastCpu = 0;
  let killedCpu: number | null = null;
  let finalCpu: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const killAt = (ms: number) => {
    timer ??= setTimeout(() => {
      if (child.exitCode !== null || child.pid === undefined) return;
      killedCpu = procCpuMs(child.pid) ?? lastCpu;
      child.kill('SIGKILL');
    }, ms);
  };
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as ChildLine;
    lines.push({ ...line, at: performance.now() });
    if (line.type === 'progress') lastCpu = line.cpuMs;
    if (line.type === 'final') finalCpu = line.cpuMs;
    if (line.type === 'begun') {
      total = line.total;
      log(`  rollout ${line.rolloutId}: ${line.total} sites in waves of ${line.waveSizes.join(', ')}`);
      onBegun();
    }
    if (line.type === 'resumed') log(`  halted (${line.reason ?? ''}): resumed, as a person would`);
    // A point already passed kills the console just after it starts: while it recovers.
    if (kill && total !== null && line.type === 'progress' && progressOf(line.counts) >= kill.at * 2 * total) killAt(kill.delayMs);
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ lines, killed: true, cpuMs: killedCpu ?? lastCpu });
      else if (code === 0 && finalCpu !== null) resolve({ lines, killed: false, cpuMs: finalCpu });
      else reject(new Error(`the console exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Picks a share of the fleet for each fault (null: chosen, not injected), seeded and without overlap. */
async function faultSome(fleet: Fleet, seed: string, shares: ReadonlyArray<readonly ['disk-full' | null, number]>): Promise<number[][]> {
  const rng = createRng(seed, 'faults');
  const urns = fleet.sites.map((s) => s.urn);
  for (let i = urns.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [urns[i], urns[j]] = [urns[j] as number, urns[i] as number];
  }
  const out: number[][] = [];
  let next = 0;
  for (const [name, share] of shares) {
    const chosen = urns.slice(next, next + Math.round(share * urns.length)).sort((a, b) => a - b);
    next += chosen.length;
    if (name) for (const urn of chosen) await fleet.control.inject(urn, { name });
    out.push(chosen);
  }
  return out;
}

export async function runRolloutWithCrashes(o: CrashRunOptions): Promise<CrashRunResult> {
  const log = o.log ?? (() => undefined);
  const fleet = await startFleet({ sites: o.sites, seed: o.seed, faultRate: 0, transientFailureRate: 0, speed: 1, start: TERM_TUESDAY, controlPort: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-rollout-crash-'));
  try {
    const [failing = [], unverifiable = [], offline = []] = await faultSome(fleet, o.seed, [
      ['disk-full', o.failShare],
      [null, o.rollbackShare ?? 0],
      [null, o.offlineShare ?? 0],
    ]);
    // Switched off as the rollout begins: mid-wave for some, before their turn for most.
    let switchedOff = false;
    const switchOff = () => {
      if (switchedOff) return;
      switchedOff = true;
      for (const urn of offline) void fleet.control.inject(urn, { name: 'host-off' });
    };
    const files = await writeSitesFiles(fleet, path.join(dir, 'sim'));
    const args: ChildArgs = { dataDir: path.join(dir, 'console'), sitesFile: files.sitesFile, offsetMs: fleet.clock.now() - Date.now(), plan: o.plan, typoUrns: unverifiable, ...o.child };
    fs.mkdirSync(args.dataDir);
    const rng = createRng(o.seed, 'kills');
    const points: KillPoint[] = Array.from({ length: o.kills }, () => ({ at: rng.next() * 0.75, delayMs: rng.next() * o.killDelayMs })).sort((a, b) => a.at - b.at);
    let total: number | null = null;
    const deadline = Date.now() + o.timeoutMs;
    const simCpu0 = process.cpuUsage();
    const t0 = performance.now();
    let consoleCpuMs = 0;
    let runs = 0;
    let kills = 0;
    let begun: Extract<ChildLine, { type: 'begun' }> | null = null;
    let begunAt = t0;
    const resumed: string[] = [];
    let final: Extract<ChildLine, { type: 'final' }> | null = null;
    while (!final) {
      if (Date.now() > deadline) throw new Error(`the rollout did not end within ${o.timeoutMs} ms (${runs} runs, ${kills} kills)`);
      const point = points[kills] ?? null;
      const run = await runConsole(args, total, point, log, switchOff);
      runs++;
      consoleCpuMs += run.cpuMs;
      for (const l of run.lines) {
        if (l.type === 'begun') {
          begun = l;
          begunAt = l.at;
          total = l.total;
        }
        if (l.type === 'resumed') resumed.push(l.reason ?? '');
        if (l.type === 'final') final = l;
      }
      if (run.killed) {
        kills++;
        const p = [...run.lines].reverse().find((l) => l.type === 'progress');
        log(`  kill -9 #${kills} at ${Math.round((point?.at ?? 0) * 100)}% of the rollout + ${Math.round(point?.delayMs ?? 0)} ms, run ${runs}${p?.type === 'progress' ? ` (rollout ${p.state}, wave ${p.wave}, ${JSON.stringify(p.counts)})` : ''}`);
      }
    }
    const end = performance.now();
    const sim = process.cpuUsage(simCpu0);
    if (!begun) throw new Error('the rollout never began');
    const truth = new Map<number, SiteTruth>(fleet.control.truth().map((t) => [t.urn, t]));
    return {
      rolloutWallMs: end - begunAt,
      totalWallMs: end - t0,
      consoleCpuMs,
      setupCpuMs: begun.cpuMs,
      simCpuMs: (sim.user + sim.system) / 1000,
      runs,
      kills,
      resumed,
      begun,
      final,
      failing,
      unverifiable,
      offline,
      report: checkRollout(final.sites, truth),
    };
  } finally {
    await fleet.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export type { FinalSite };
