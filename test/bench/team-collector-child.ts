// One collector for bench:team: the core on the shared PostgreSQL store, polling its leased
// share of the fleet, driven by the bench over IPC so its rounds and its CPU can be timed.
import { createCore } from '../../electron/core/core.ts';
import { KeyFileCipher } from '../../electron/core/secrets/secret-cipher.ts';
import { floorRound } from './poll-floor.ts';

interface Args { url: string; name: string; dataDir: string; keyDir: string }
const args = JSON.parse(process.argv[2] ?? '{}') as Args;

const core = await createCore({
  dataDir: args.dataDir,
  mode: 'browser',
  version: 'bench',
  store: { postgres: args.url },
  cipher: new KeyFileCipher(args.keyDir),
  collector: { name: args.name, id: args.name },
  // Rounds are the bench's to start: no schedule of its own gets in the way of timing them.
  poller: { timeouts: { connectMs: 10_000, execMs: 20_000 } },
});
const { poller, leases } = core.context;
poller.pause();
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

process.on('message', (m: { type: string }) => {
  void (async () => {
    if (m.type === 'round') {
      const ids = leases?.owned() ?? [];
      const [c0, t0] = [cpuMs(), performance.now()];
      await poller.pollNow(ids);
      process.send?.({ type: 'round', sites: ids.length, wallMs: performance.now() - t0, cpuMs: cpuMs() - c0, rssMb: process.memoryUsage.rss() / 1_048_576 });
    } else if (m.type === 'floor') {
      const r = await floorRound(poller.pool, leases?.owned() ?? []);
      process.send?.({ type: 'floor', ...r });
    } else if (m.type === 'held') {
      process.send?.({ type: 'held', sites: leases?.owned().length ?? 0 });
    } else if (m.type === 'stop') {
      await core.close();
      process.exit(0);
    }
  })();
});
process.send?.({ type: 'ready', pid: process.pid });
