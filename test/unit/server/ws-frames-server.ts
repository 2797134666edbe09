// Child process for ws-frames.test.ts: a browser-mode server whose core polls a two-school
// simulated fleet. It runs apart from the test so that an unhandled 'error' kills this
// process (as it would kill `npm run serve`), which the test then sees, instead of Vitest.
// Prints one JSON line { port, token, siteIds } once ready.
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../../../electron/server/serve.ts';
import { importSites } from '../../../electron/core/sites/import-sites.ts';
import { startFleet } from '../../../sim/index.ts';

const [dataDir, staticDir] = process.argv.slice(2);
if (!dataDir || !staticDir) throw new Error('usage: ws-frames-server.ts DATA_DIR STATIC_DIR');
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

const fleet = await startFleet({ sites: 2, seed: 9, faultRate: 0, controlPort: false });
const running = await startServer({ dataDir, staticDir });
const ctx = running.core.context;
await ctx.credentials.save('default', { privateKey: fleet.clientKey.privateKey });
const sites = await importSites({ store: ctx.store, now: () => ctx.clock.now() }, fleet.sites, { approvedBy: 'test' });
await ctx.poller.syncSites();
process.stdout.write(`${JSON.stringify({ port: running.port, token: running.token, siteIds: sites.map((s) => s.id) })}\n`);

const stop = () => void running.close().then(() => fleet.close()).then(() => process.exit(0));
process.on('SIGTERM', stop);
