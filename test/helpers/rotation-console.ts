// A console in its own process, for the key rotation crash test: the parent runs the
// simulated fleet and kills this with SIGKILL mid-rotation. The first run imports the
// fleet's sites, saves the old and the new key and starts the rotation over every site;
// every later run only opens the core, whose KeyRotationService resumes the stored rotation.
// Talks in JSON lines on stdout: one per change of any site's part (read every 5 ms), then final.
// Usage: node rotation-console.ts '<RotationChildArgs as JSON>'
import fs from 'node:fs';
import { createCore } from '../../electron/core/core.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import type { SitesFile } from '../../sim/sites-file.ts';

export interface RotationChildArgs {
  dataDir: string;
  sitesFile: string;
  newKeyFile: string;
  offsetMs: number;
}

export type RotationChildLine = { type: 'states'; states: Record<string, string> } | { type: 'final'; states: Record<string, string>; rotation: string };

const ACTOR = 'Crash Operator';
const say = (line: RotationChildLine, then?: () => void) => process.stdout.write(`${JSON.stringify(line)}\n`, then);

async function main(args: RotationChildArgs): Promise<void> {
  const clock = { now: () => Date.now() + args.offsetMs };
  // One site at a time, so a kill lands between one site's steps, not after all of them.
  const core = await createCore({ dataDir: args.dataDir, mode: 'browser', version: 'rotation-crash', clock, startPolling: false, keyRotations: { concurrency: 1, retryMs: 200, overallMs: 10_000 } });
  const ctx = core.context;
  if ((await ctx.sites.list()).length === 0) {
    const file = JSON.parse(fs.readFileSync(args.sitesFile, 'utf8')) as SitesFile;
    const oldKey = await ctx.credentials.save('default', { privateKey: fs.readFileSync(file.clientKeyFile, 'utf8') });
    const newKey = await ctx.credentials.save('console-2027', { privateKey: fs.readFileSync(args.newKeyFile, 'utf8') });
    const sites = await importSites({ store: ctx.store, now: () => ctx.clock.now() }, file.sites, { approvedBy: ACTOR });
    await ctx.poller.syncSites();
    await ctx.keyRotations.begin({ siteIds: sites.map((s) => s.id), oldCredentialId: oldKey.id, newCredentialId: newKey.id }, ACTOR);
  }
  const id = (await ctx.keyRotations.list(1))[0]?.id;
  if (id === undefined) throw new Error('no rotation in the store');
  const states = (sites: { siteId: number; state: string }[]): Record<string, string> => Object.fromEntries(sites.map((s) => [String(s.siteId), s.state]));
  // Read the store often rather than wait for the (batched) pushes, so a kill can land between two steps;
  // the timer also keeps this process alive (the service's retry timers are unref'd, as a window or server would hold it).
  await new Promise<void>((resolve) => {
    let last = '';
    const look = async (): Promise<void> => {
      const detail = await ctx.keyRotations.detail(id);
      const now = states(detail.sites);
      if (JSON.stringify(now) !== last) say({ type: 'states', states: now });
      last = JSON.stringify(now);
      if (detail.rotation.state === 'completed') resolve();
      else setTimeout(() => void look().catch(fail), 5);
    };
    const fail = (err: unknown) => {
      console.error(err);
      process.exit(1);
    };
    look().catch(fail);
  });
  const detail = await ctx.keyRotations.detail(id);
  const final: RotationChildLine = { type: 'final', states: states(detail.sites), rotation: detail.rotation.state };
  await core.close();
  await new Promise<void>((resolve) => say(final, resolve));
}

main(JSON.parse(process.argv[2] ?? '{}') as RotationChildArgs).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
