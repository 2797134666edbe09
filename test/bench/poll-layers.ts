// A warm poll built up layer by layer on the same open connections, each layer a full round
// over the fleet measured with process.cpuUsage like bench:poll's rounds: the bare ssh2 exec
// (the floor), the console's exec (SshConnection), the pool's (limiter, lease), one site's
// poll (protocol parsing and the verdict), then the poller's round (scheduler, store, events).
// Each step's cost is the difference to the layer below it.
import type { Core } from '../../electron/core/core.ts';
import { connectionOptions, pollSite, type PollContext, type PollTarget } from '../../electron/core/poller/site-poller.ts';
import type { SshTimeouts } from '../../electron/core/ssh/ssh-connection.ts';
import { SchoolCalendar } from '../../shared/health/calendar.ts';
import { isSetUp } from '../../shared/site.ts';
import { commandLine } from '../../shared/protocol/v1.ts';
import { floorRound } from './poll-floor.ts';

const IN_FLIGHT = 256;

export interface Layer {
  name: string;
  cpuPerSiteMs: number;
}

async function spread<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await fn(item);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

// With --expose-gc each round starts on a collected heap and pays for collecting its own
// garbage; otherwise a layer may pay for the garbage of the one before it.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function cpuOfRound(sites: number, round: () => Promise<unknown>): Promise<number> {
  gc();
  const cpu = process.cpuUsage();
  await round();
  gc();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / sites;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Each layer's round over the fleet; a round throws if an exec failed, so no figure rests on failures. */
export async function layerRounds(core: Core, ids: readonly number[], timeouts: SshTimeouts): Promise<Array<[name: string, round: () => Promise<unknown>]>> {
  const ctx = core.context;
  const pool = ctx.poller.pool;
  const line = commandLine({ verb: 'status' });
  const credentialId = await ctx.credentials.idOf('default');
  const credential = credentialId === null ? null : await ctx.credentials.get(credentialId);
  if (!credential) throw new Error('no default credential');
  const targets: PollTarget[] = [];
  for (const id of ids) {
    const site = await ctx.sites.get(id);
    if (!isSetUp(site)) throw new Error(`site ${id} is not set up`);
    targets.push({ site, credential, pinnedFingerprint: (await ctx.pollState.poll(id)).hostkeyApproved, knownConfig: await ctx.pollState.config(id), maintenance: false });
  }
  const pollCtx: PollContext = { now: () => ctx.clock.now(), calendar: new SchoolCalendar({ terms: ctx.settings.get('terms'), closures: ctx.settings.get('closures') }), timeouts, overallMs: 60_000 };
  const must = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`${what} failed`);
  };
  return [
    ['bare ssh2 exec (floor)', () => floorRound(pool, ids)],
    ['+ SshConnection.exec', () => spread(ids, async (id) => must((await pool.openConnection(id)?.exec(line, { timeoutMs: timeouts.execMs }))?.ok === true, 'exec'))],
    [
      '+ pool acquire, exec limiter',
      () =>
        spread(targets, async (t) => {
          const got = await pool.acquire(t.site.id, connectionOptions(t.site, credential, t.pinnedFingerprint, timeouts));
          if (!got.ok) throw new Error(got.failure.message);
          must((await got.runner.exec(line, { timeoutMs: timeouts.execMs })).ok && got.reused, 'pool exec');
          got.release();
        }),
    ],
    ['+ pollSite (protocol, verdict)', () => spread(targets, async (t) => must((await pollSite(pool, t, pollCtx)).status !== null, 'pollSite'))],
    ['+ poller round (store, events)', () => ctx.poller.pollNow()],
  ];
}

/** Every layer, interleaved round by round (a busy moment of the machine hits all layers alike): the median of `rounds`. */
export async function measureLayers(core: Core, ids: readonly number[], timeouts: SshTimeouts, rounds: number): Promise<Layer[]> {
  const layers = await layerRounds(core, ids, timeouts);
  const samples: number[][] = layers.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, round]] of layers.entries()) samples[i]?.push(await cpuOfRound(ids.length, round));
  }
  return layers.map(([name], i) => ({ name, cpuPerSiteMs: median(samples[i] ?? []) }));
}
