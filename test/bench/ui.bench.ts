// npm run bench:ui — the console's UI in Chromium (browser mode) over 2,000 simulated schools.
// Builds the renderer, starts the simulator (in its own, lower-priority process: schools'
// servers are not on the console's machine) and a console server on a temp data folder,
// registers the schools as real sites, lets one poll round finish, then measures in the page:
// fleet view interactive, filter keystroke to updated table, map pan/zoom fps, JS heap.
// Polling carries on during the measurements, as it would for a person at the console.
// Ends with one JSON line of figures. Usage: npm run bench:ui [-- --sites 2000 --static DIR --pause-polling]
// (--pause-polling stops the poller before measuring, to tell the UI's own cost from the load polling adds.)
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startDevFleet, type DevFleetServer } from '../../electron/server/dev-fleet.ts';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.ts';
import { buildRenderer } from './ui/build-renderer.ts';
import { coldLoad, typeKeys, warmSwitch, type LoadSample } from './ui/fleet-view.ts';
import { startChildFleet } from './ui/fleet-process.ts';
import { heapAfterGc } from './ui/heap.ts';
import { keystrokePlan } from './ui/keystroke-plan.ts';
import { mapFps } from './ui/map-fps.ts';
import { installProbes } from './ui/page-probes.ts';
import { SELECTORS } from './ui/selectors.ts';
import { median, percentile } from './ui/stats.ts';

interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target: string;
}

const LOAD_RUNS = 3;
/** A last resort: every wait below has its own limit, so this fires only on a hang in a dependency. */
const WATCHDOG_MS = 15 * 60_000;

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function measure<T>(what: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    console.log(`  ${what}: NOT MEASURED (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    return null;
  }
}

function describeLoads(label: string, runs: readonly LoadSample[]): void {
  for (const r of runs) console.log(`  ${label}: rows painted ${fmt(r.rowsMs)} ms, interactive ${fmt(r.interactiveMs)} ms, long tasks ${r.longTasks}, rows in table ${r.total ?? '?'}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { sites: { type: 'string', default: '2000' }, static: { type: 'string' }, seed: { type: 'string', default: 'ui-bench' }, 'pause-polling': { type: 'boolean', default: false } } });
  const sites = Number(values.sites);
  if (!Number.isInteger(sites) || sites < 1 || sites > 5000) throw new Error(`--sites must be 1..5000, got ${values.sites}`);
  console.log(`bench:ui with ${sites} simulated sites on ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const figures: Figure[] = [];
  let rendererDir: string | null = null;
  let dev: DevFleetServer | null = null;
  let browser: Browser | null = null;
  try {
    let staticDir = values.static;
    if (!staticDir) {
      const built = await buildRenderer();
      rendererDir = built.dir;
      staticDir = built.dir;
      console.log(`renderer built in ${fmt(built.ms / 1000, 1)} s`);
    }
    const t0 = performance.now();
    const fleet = await startChildFleet({ sites, seed: values.seed, faultRate: 0.2 });
    dev = await startDevFleet({ sites, seed: values.seed, staticDir, fleet });
    console.log(`fleet (own process) and server up in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const round = await dev.pollRound();
    console.log(`first poll round: ${round.polled} sites in ${fmt(round.ms / 1000, 1)} s`);
    fleet.lowerPriority();
    if (values['pause-polling']) {
      dev.server.core.context.poller.pause();
      console.log('polling paused for the measurements');
    }

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.addInitScript(installProbes, SELECTORS);
    await page.goto(dev.server.loginUrl);
    // Browser mode asks who is there once per session; later loads in this tab go straight in.
    await page.getByTestId('operator-name-input').fill('UI bench');
    await page.getByTestId('operator-name-submit').click();
    await page.getByTestId('app-ready').waitFor();
    const base = dev.server.url;

    console.log('\nFleet view (table), navigation to first rows painted and input free:');
    const cold = await measure('cold load', async () => {
      const runs: LoadSample[] = [];
      for (let i = 0; i < LOAD_RUNS; i++) runs.push(await coldLoad(page, base));
      describeLoads('cold load', runs);
      return median(runs.map((r) => r.interactiveMs));
    });
    figures.push({ name: 'fleet view interactive (cold load, median of 3)', value: cold, unit: 'ms', target: '≤ 1500 ms' });
    const warm = await measure('in-app switch', async () => {
      const runs: LoadSample[] = [];
      for (let i = 0; i < LOAD_RUNS; i++) runs.push(await warmSwitch(page, base));
      describeLoads('from Settings', runs);
      return median(runs.map((r) => r.interactiveMs));
    });
    figures.push({ name: 'fleet view interactive (switch from another view, median of 3)', value: warm, unit: 'ms', target: '≤ 1500 ms' });

    const plan = keystrokePlan(await dev.server.core.context.sites.list());
    console.log(`\nFilter keystrokes: ${plan.keys.length} keys typing and deleting ${plan.words.map((w) => `"${w}"`).join(', ')}`);
    const keyP95 = await measure('filter keystrokes', async () => {
      await coldLoad(page, base);
      const samples = await typeKeys(page, plan.keys);
      const timed = samples.filter((s) => s.changed).map((s) => s.ms);
      console.log(`  keydown to painted table: p50 ${fmt(percentile(timed, 50), 1)} ms, p95 ${fmt(percentile(timed, 95), 1)} ms, max ${fmt(Math.max(...timed), 1)} ms over ${timed.length} keys`);
      if (timed.length < samples.length) console.log(`  ${samples.length - timed.length} keys changed nothing on screen and are left out`);
      if (timed.length === 0) throw new Error('no keystroke changed the table');
      return percentile(timed, 95);
    });
    figures.push({ name: 'filter keystroke to updated table p95', value: keyP95, unit: 'ms', target: '≤ 50 ms' });
    const heapTable = await measure('heap on the table', () => heapAfterGc(page));

    console.log('\nMap pan and zoom (offline: no tiles):');
    const fps = await measure('map fps', async () => {
      const m = await mapFps(page, base);
      const janky = m.frameMs.filter((g) => g > 50).length;
      console.log(`  ${m.markers} markers/clusters drawn; standing still ${fmt(m.idleFps, 1)} fps`);
      console.log(`  drags: ${m.pan.gestures} in ${fmt(m.pan.elapsedMs)} ms, ${fmt(m.pan.fps, 1)} fps, worst frame ${fmt(m.pan.worstFrameMs)} ms`);
      console.log(`  wheel zooms: ${m.zoom.gestures} in ${fmt(m.zoom.elapsedMs)} ms, ${fmt(m.zoom.fps, 1)} fps, worst frame ${fmt(m.zoom.worstFrameMs)} ms`);
      console.log(`  both: ${fmt(m.fps, 1)} fps presented (${fmt(m.rawFps, 1)} rAF/s), p95 frame ${fmt(percentile(m.frameMs, 95), 1)} ms, ${janky} frames over 50 ms`);
      return m.fps;
    });
    figures.push({ name: 'map pan/zoom', value: fps, unit: 'fps', target: '≥ 50 fps' });
    const heapMap = await measure('heap on the map', () => heapAfterGc(page));

    const heaps = [heapTable, heapMap].filter((h): h is number => h !== null);
    console.log(`\nRenderer JS heap after GC: table ${heapTable === null ? 'n/a' : fmt(heapTable, 1)} MB, map ${heapMap === null ? 'n/a' : fmt(heapMap, 1)} MB`);
    figures.push({ name: 'renderer JS heap after GC (larger of table and map)', value: heaps.length ? Math.max(...heaps) : null, unit: 'MB', target: '≤ 150 MB' });
  } finally {
    await browser?.close().catch(() => undefined);
    await dev?.close().catch((err: unknown) => console.error('closing the fleet failed:', err));
    if (rendererDir) fs.rmSync(rendererDir, { recursive: true, force: true });
  }

  console.log(`\nSummary (load now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; figures from a busy machine run slow):`);
  for (const f of figures) console.log(`  ${f.name}: ${f.value === null ? 'not measured' : fmt(f.value, 1)} ${f.unit} (target ${f.target})`);
  const rounded = figures.map((f) => ({ ...f, value: f.value === null ? null : Math.round(f.value * 10) / 10 }));
  console.log(JSON.stringify({ bench: 'ui', figures: rounded }));
  return figures.some((f) => f.value === null) ? 1 : 0;
}

const watchdog = setTimeout(() => {
  console.error(`bench:ui gave up after ${WATCHDOG_MS / 60_000} min`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
