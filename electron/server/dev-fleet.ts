// Browser mode with a large simulated fleet registered as real sites: for the UI benchmark,
// profiling and screenshots. Unlike the built-in demo (a few dozen Brackenfield schools,
// flagged demo), this registers N generated schools with pinned host keys and the fleet's
// client key as credential 'default', exactly as an engineer's import would.
// Run: node electron/server/dev-fleet.ts [--sites 2000 --seed ui --port 5199 --data DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { importSites } from '../core/sites/import-sites.ts';
import { startFleet, type SiteDescriptor } from '../../sim/index.ts';
import { startServer, type RunningServer } from './serve.ts';
import { closeOnSignal, runAsMain } from './entry.ts';

/** A running simulator, here or in another process (a benchmark keeps it apart from the console). */
export interface FleetHandle {
  sites: readonly SiteDescriptor[];
  clientPrivateKey: string;
  close(): Promise<void>;
}

export interface DevFleetOptions {
  sites: number;
  seed: string | number;
  faultRate?: number;
  staticDir: string;
  /** Default: a fresh temp folder, removed on close. */
  dataDir?: string;
  port?: number;
  /** Use this simulator instead of starting one in this process; closed with the server. */
  fleet?: FleetHandle;
}

export interface DevFleetServer {
  server: RunningServer;
  fleet: FleetHandle;
  dataDir: string;
  /** Polls every site once and waits until the results are stored and pushed. */
  pollRound(): Promise<{ polled: number; ms: number }>;
  close(): Promise<void>;
}

export async function startDevFleet(opts: DevFleetOptions): Promise<DevFleetServer> {
  const fleet = opts.fleet ?? (await startLocalFleet(opts));
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-devfleet-'));
  let server: RunningServer;
  try {
    server = await startServer({ dataDir, staticDir: opts.staticDir, ...(opts.port === undefined ? {} : { port: opts.port }) });
  } catch (err) {
    await fleet.close();
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const ctx = server.core.context;
  const close = async () => {
    await server.close();
    await fleet.close();
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // One poll decides a verdict, so the first round already shows the fleet as it will look.
    await ctx.settings.set('dampingPolls', 1);
    await ctx.credentials.save('default', { privateKey: fleet.clientPrivateKey });
    if ((await ctx.sites.count(false)) === 0) {
      const created = await importSites({ store: ctx.store, now: () => ctx.clock.now() }, fleet.sites, { approvedBy: 'dev-fleet' });
      // Through the event bus, as the import handler would: the poller follows and open windows reload.
      ctx.events.emit('sites.changed', { reason: 'imported', ids: created.map((s) => s.id) });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return {
    server,
    fleet,
    dataDir,
    pollRound: async () => {
      const t0 = performance.now();
      const polled = await ctx.poller.pollNow();
      return { polled, ms: performance.now() - t0 };
    },
    close,
  };
}

async function startLocalFleet(opts: DevFleetOptions): Promise<FleetHandle> {
  const fleet = await startFleet({ sites: opts.sites, seed: opts.seed, faultRate: opts.faultRate ?? 0.2, speed: 1, controlPort: false });
  return { sites: fleet.sites, clientPrivateKey: fleet.clientKey.privateKey, close: () => fleet.close() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sites: { type: 'string', default: '2000' }, seed: { type: 'string', default: 'ui' }, port: { type: 'string', default: '5199' }, data: { type: 'string' } },
  });
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const staticDir = path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error('No built renderer: run "npm run build:renderer" first');
  const sites = Number(values.sites);
  if (!Number.isInteger(sites) || sites < 1 || sites > 5000) throw new Error(`--sites must be 1..5000, got ${values.sites}`);
  console.log(`Starting ${sites} simulated schools…`);
  const dev = await startDevFleet({ sites, seed: values.seed, staticDir, port: Number(values.port), ...(values.data ? { dataDir: values.data } : {}) });
  console.log(`Open: ${dev.server.loginUrl}`);
  const round = await dev.pollRound();
  console.log(`First poll round: ${round.polled} sites in ${(round.ms / 1000).toFixed(1)} s`);
  closeOnSignal(() => dev.close());
}

runAsMain(import.meta.url, main);
