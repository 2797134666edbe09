// Where a PostgreSQL collector's warm round CPU goes: one collector (in this process) on a
// cluster started here, the fleet in a child; the sampling profiler runs over the warm rounds
// and over as many bare status execs on the same connections (the floor, as bench:team).
// Usage: node --max-semi-space-size=16 test/bench/team-profile.ts [sites=2500] [rounds=3] [--cpu-prof-dir DIR]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../electron/core/core.ts';
import { CredentialStore } from '../../electron/core/secrets/credential-store.ts';
import { KeyFileCipher } from '../../electron/core/secrets/secret-cipher.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { openPgStore } from '../../electron/core/store/postgres/pg-store.ts';
import { systemClock } from '../../shared/clock.ts';
import type { SiteDescriptor } from '../../sim/index.ts';
import { startPg } from '../helpers/pg-cluster.ts';
import { floorRound } from './poll-floor.ts';

const args = process.argv.slice(2);
const dirAt = args.indexOf('--cpu-prof-dir');
const outDir = dirAt >= 0 ? (args[dirAt + 1] ?? '.') : fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-team-profile-'));
const [sizeArg, roundsArg] = args.filter((a, i) => i !== dirAt && i !== dirAt + 1);
const size = Number(sizeArg ?? 2500);
const rounds = Number(roundsArg ?? 3);

const fleet = fork(fileURLToPath(new URL('./team.bench.ts', import.meta.url)), ['fleet', String(size)], { stdio: 'inherit' });
process.once('exit', () => fleet.kill('SIGKILL'));
const ready = await new Promise<{ sites: SiteDescriptor[]; privateKey: string }>((resolve) => fleet.once('message', (m: { sites: SiteDescriptor[]; privateKey: string }) => resolve(m)));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-team-profile-'));
const cluster = await startPg();
try {
  const url = await cluster.createDatabase('team');
  const keyDir = path.join(dir, 'key');
  const seed = await openPgStore(url, { clock: systemClock });
  await seed.settings.set('dampingPolls', 1);
  await new CredentialStore(seed.credentials, new KeyFileCipher(keyDir), systemClock).save('default', { privateKey: ready.privateKey });
  await importSites({ store: seed, now: () => Date.now() }, ready.sites, { approvedBy: 'bench' });
  await seed.close();
  const core = await createCore({
    dataDir: path.join(dir, 'alpha'),
    mode: 'browser',
    version: 'bench',
    store: { postgres: url },
    cipher: new KeyFileCipher(keyDir),
    collector: { name: 'alpha', id: 'alpha' },
    poller: { timeouts: { connectMs: 10_000, execMs: 20_000 } },
  });
  const { poller, leases } = core.context;
  poller.pause();
  while ((leases?.owned().length ?? 0) < size) await new Promise((r) => setTimeout(r, 500));
  const ids = leases?.owned() ?? [];
  await poller.pollNow(ids);
  await poller.pollNow(ids);

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  const profiled = async (name: string, run: () => Promise<unknown>): Promise<number> => {
    const cpu = process.cpuUsage();
    await session.post('Profiler.start');
    for (let i = 0; i < rounds; i++) await run();
    const { profile } = await session.post('Profiler.stop');
    const used = process.cpuUsage(cpu);
    fs.writeFileSync(path.join(outDir, `${name}-${size}.cpuprofile`), JSON.stringify(profile satisfies Profiler.Profile));
    return (used.user + used.system) / 1000 / (rounds * ids.length);
  };
  const warm = await profiled('pg-warm-rounds', () => poller.pollNow(ids));
  const floor = await profiled('pg-floor-execs', () => floorRound(poller.pool, ids));
  console.log(`${ids.length} sites, ${rounds} rounds (profiler on): console ${warm.toFixed(3)} ms/site, floor ${floor.toFixed(3)} ms/site, ratio ${(warm / floor).toFixed(2)}x`);
  console.log(`profiles in ${outDir}`);
  session.disconnect();
  await core.close();
} finally {
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fleet.kill('SIGKILL');
}
